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


def default_span(as_of: date) -> Span:
    """1-N月累计 of the as-of date's year up to the last month finished by it: as_of's
    own month when as_of is its last day, else the month before; in January, January
    (which the page then cuts to as_of, see `DashboardForm.selection`). A past 截至
    date (2025-06-30) so opens on its own year (2025年1-6月), never on this year's."""
    if as_of.month == 1 or as_of == Span.month(as_of.year, as_of.month).end:
        return Span.ytd(as_of.year, as_of.month)
    return Span.ytd(as_of.year, as_of.month - 1)


def period_choices(today: date, as_of: date) -> list[tuple[str, list[tuple[str, str]]]]:
    """This year's and last year's periods, and the as-of date's year when it is
    earlier, up to the month each reaches."""
    groups = []
    for year in sorted({today.year, today.year - 1, min(as_of, today).year}, reverse=True):
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
        as_of = self._typed_as_of(data) or self.today
        default = default_span(as_of)
        home_scope = scopes.default_scope(user)
        initial = {"period": default.key, "as_of": self.today, "scope": home_scope.key if home_scope else ""}
        # Unbound-looking defaults: the pickers show what the page shows.
        super().__init__({**initial, **{k: v for k, v in data.items() if v}}, initial=initial)
        self.fields["scope"].choices = scopes.scope_choices(user, self.home) if self.home else []
        self.fields["period"].choices = period_choices(self.today, as_of)

    def _typed_as_of(self, data) -> date | None:
        """The as-of date as typed, before the form is bound: the default period and
        the period choices follow it."""
        try:
            return self.base_fields["as_of"].clean(data.get("as_of") or None)
        except forms.ValidationError:
            return None

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
        self.is_valid()
        as_of = getattr(self, "cleaned_data", {}).get("as_of") or self.today
        try:
            span = Span.parse(self.data.get("period", ""))
        except ValueError:
            span = default_span(as_of)
        if span.start > as_of:
            # Nothing of it has happened by the 截至 date: show the as-of date's own period.
            span = default_span(as_of)
        # Cut to the as-of date so that 同比 and 环比 compare windows of the same length.
        return Selection(scope, span.up_to(as_of), as_of)
