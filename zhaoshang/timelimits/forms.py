from __future__ import annotations

from django import forms
from django.utils import timezone

from zhaoshang.core.forms import BootstrapMixin, PlainTextMixin, VersionMixin
from zhaoshang.core.widgets import DateInput

from .models import CalendarDay, DayKind, Policy


class PolicyForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    limit = forms.IntegerField(label="时限", min_value=1, max_value=999)

    class Meta:
        model = Policy
        fields = ["limit", "unit", "basis"]


class CalendarDayForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label="日期", widget=DateInput)
    kind = forms.ChoiceField(label="类型", choices=DayKind.choices)
    name = forms.CharField(label="节日", max_length=40, required=False, help_text="如：国庆节、国庆节调休")


class YearForm(PlainTextMixin, forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)

    def chosen_year(self) -> int:
        if self.is_valid() and self.cleaned_data["year"]:
            return self.cleaned_data["year"]
        return timezone.localdate().year


def calendar_years() -> list[int]:
    """The years the calendar holds, and this year and the next even when it does not."""
    this_year = timezone.localdate().year
    years = {day.year for day in CalendarDay.objects.dates("date", "year")} | {this_year, this_year + 1}
    return sorted(years, reverse=True)


class PauseForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="暂停原因", max_length=200, help_text="如：等待企业补充营业执照复印件")


class ExtensionForm(BootstrapMixin, forms.Form):
    days = forms.IntegerField(label="延期工作日", min_value=1, max_value=15)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(PlainTextMixin, forms.Form):
    approve = forms.TypedChoiceField(choices=[("1", "批准"), ("0", "不批准")], coerce=lambda v: v == "1")
