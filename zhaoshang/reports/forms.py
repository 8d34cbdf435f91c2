from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone

from zhaoshang.core.forms import BootstrapMixin
from zhaoshang.core.widgets import MonthInput

from .circular import CircularError, check_month
from .models import CircularStatus


def last_month(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today.replace(day=1) - timedelta(days=1)


class MonthField(forms.DateField):
    widget = MonthInput
    input_formats = ["%Y-%m"]


class CircularRequestForm(BootstrapMixin, forms.Form):
    jurisdiction = forms.ModelChoiceField(label="辖区", queryset=None, empty_label=None)  # type: ignore[var-annotated]
    month = MonthField(label="通报月份", help_text="通报当年1月至所选月份的累计情况，数据截至该月最后一天")

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions
        self.fields["jurisdiction"].initial = jurisdictions.first()
        self.fields["month"].initial = last_month()
        self.fields["month"].error_messages["invalid"] = "请选择月份（格式：2026-10）"
        # One jurisdiction (the usual county): nothing to choose.
        if jurisdictions.count() == 1:
            self.fields["jurisdiction"].widget = forms.HiddenInput()

    def clean_month(self) -> date:
        month: date = self.cleaned_data["month"]
        try:
            check_month(month.year, month.month)
        except CircularError as error:
            raise forms.ValidationError(str(error)) from None
        return month


SORTS = {
    "period": ("-year", "-month", "-version"),
    "period_asc": ("year", "month", "version"),
    "requested": ("-requested_at", "-pk"),
}


class CircularFilterForm(BootstrapMixin, forms.Form):
    year = forms.TypedChoiceField(label="年份", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *CircularStatus.choices])
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[("period", "通报月份（新到旧）"), ("period_asc", "通报月份（旧到新）"), ("requested", "生成时间（新到旧）")],
    )

    def __init__(self, *args, circulars, **kwargs):
        super().__init__(*args, **kwargs)
        years = sorted(set(circulars.values_list("year", flat=True)), reverse=True)
        self.fields["year"].choices = [("", "全部"), *((y, f"{y}年") for y in years)]

    def filter(self, circulars):
        if not self.is_valid():
            return circulars.order_by(*SORTS["period"])
        data = self.cleaned_data
        circulars = circulars.for_year(data.get("year")).with_status(data.get("status") or "")
        return circulars.order_by(*SORTS.get(data.get("sort") or "period", SORTS["period"]))
