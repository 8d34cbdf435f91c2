"""The rankings page's pickers: period (考核期间), division (赛区 or 总排名), as-of date."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.utils import timezone

from zhaoshang.core.forms import BootstrapMixin
from zhaoshang.core.widgets import DateInput
from zhaoshang.organisation.models import Division
from zhaoshang.targets.models import Period


class RankingForm(BootstrapMixin, forms.Form):
    period = forms.ModelChoiceField(label="考核期间", queryset=Period.objects.none(), required=False, empty_label=None)
    division = forms.ModelChoiceField(label="赛区", queryset=Division.objects.none(), required=False, empty_label="总排名（全部单位）")
    as_of = forms.DateField(label="截至日期", required=False, widget=DateInput)

    def __init__(self, data, *, user):
        self.today = timezone.localdate()
        # The date box shows the date the ranking is computed for.
        super().__init__({"as_of": self.today, **{k: v for k, v in data.items() if v}})
        periods = Period.objects.visible_to(user).select_related("jurisdiction")
        self.fields["period"].queryset = periods
        self.fields["division"].queryset = Division.objects.visible_to(user).filter(competes=True).order_by("sort_order", "name")
        self.default_period = periods.covering(self.today).order_by("start").first() or periods.first()

    def choice(self) -> tuple[Period, Division | None, object]:
        """The period (default: the one covering today), the division (None for the
        overall ranking; one of another jurisdiction is ignored) and the date."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        period = data.get("period") or self.default_period
        if period is None:
            raise Http404("尚未设置考核期间")
        division = data.get("division")
        if division is not None and division.jurisdiction_id != period.jurisdiction_id:
            division = None
        return period, division, data.get("as_of") or self.today
