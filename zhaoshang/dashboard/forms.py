"""The dashboard's pickers: scope (统计范围), period (月度 / 季度 / 1-N月累计) and
the as-of date (截至日期)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.http import Http404
from django.utils import timezone

from zhaoshang.core.forms import BootstrapMixin
from zhaoshang.core.widgets import DateInput
from zhaoshang.metrics import scopes
from zhaoshang.metrics.periods import Scope, Span


def default_span(today: date) -> Span:
    """1-N月累计 up to last month; in January, January itself (up to today)."""
    if today.month == 1:
        return Span.ytd(today.year, 1)
    return Span.ytd(today.year, today.month - 1)


def period_choices(today: date) -> list[tuple[str, list[tuple[str, str]]]]:
    groups = []
    for year in (today.year, today.year - 1):
        last_month = today.month if year == today.year else 12
        months = range(last_month, 0, -1)
        ytd = [(Span.ytd(year, m).key, Span.ytd(year, m).label) for m in months]
        monthly = [(Span.month(year, m).key, Span.month(year, m).label) for m in months]
        quarters = [(Span.quarter(year, q).key, Span.quarter(year, q).label) for q in range((last_month - 1) // 3 + 1, 0, -1)]
        groups += [(f"{year}年 1-N月累计", ytd), (f"{year}年 月度", monthly), (f"{year}年 季度", quarters)]
    return groups


@dataclass(frozen=True)
class Selection:
    scope: Scope
    span: Span
    as_of: date


class DashboardForm(BootstrapMixin, forms.Form):
    scope = forms.ChoiceField(label="统计范围", required=False)
    period = forms.ChoiceField(label="统计期间", required=False)
    as_of = forms.DateField(label="截至日期", required=False, widget=DateInput)

    def __init__(self, data, *, user):
        self.user = user
        self.today = timezone.localdate()
        self.home = scopes.home_unit(user)
        default = default_span(self.today)
        home_scope = scopes.default_scope(user)
        initial = {"period": default.key, "as_of": self.today, "scope": home_scope.key if home_scope else ""}
        # Unbound-looking defaults: the pickers show what the page shows.
        super().__init__({**initial, **{k: v for k, v in data.items() if v}}, initial=initial)
        self.fields["scope"].choices = scopes.scope_choices(user, self.home) if self.home else []
        self.fields["period"].choices = period_choices(self.today)

    def selection(self) -> Selection:
        """The chosen scope, span and date; 404/403 for a scope the user may not
        see (metrics/scopes.py). An invalid period or date falls back to the default."""
        if self.home is None:
            raise Http404("没有可查看的单位")
        # The scope is checked by access rules, not by the choice list, so a
        # visible unit deeper than the switch offers still opens.
        text = self.data.get("scope") or scopes.default_scope(self.user).key
        try:
            scope = scopes.get_scope_for_user(self.user, text)
        except ValueError:
            raise Http404("统计范围无效") from None
        try:
            span = Span.parse(self.data.get("period", ""))
        except ValueError:
            span = default_span(self.today)
        self.is_valid()
        as_of = getattr(self, "cleaned_data", {}).get("as_of") or self.today
        return Selection(scope, span, as_of)
