"""Forms of the key projects' investment section (重点项目年度投资计划、月度完成投资).
Amounts are typed in 万元 and handed to the actions as integer 元, converted with
Decimal; every message names its field, because both forms sit side by side on the
project page."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from zhaoshang.core import money
from zhaoshang.core.forms import BootstrapMixin

from . import actions

from .summaries import MONTHS

# 1000亿元: beyond any county project; a bigger figure is a unit mistake (元 typed as 万元).
MAX_PLAN_YUAN = 100_000_000_000


class WanAmountField(forms.Field):
    """An amount typed in 万元 → integer 元. Refuses what is not a number, negative,
    finer than 1 元, or implausibly large, naming the field (`what`)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 24})

    def __init__(self, *, what: str, **kwargs):
        self.what = what
        super().__init__(**kwargs)
        self.error_messages["required"] = f"请填写{what}"

    def to_python(self, value: Any) -> int | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        try:
            wan = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise ValidationError(f"{self.what}须为数字（单位：万元）") from None
        if not wan.is_finite():
            raise ValidationError(f"{self.what}须为数字（单位：万元）")
        if wan < 0:
            raise ValidationError(f"{self.what}不能为负数")
        yuan = wan * money.WAN
        if yuan != yuan.to_integral_value():
            raise ValidationError(f"{self.what}最多精确到元（万元后4位小数）")
        if yuan > MAX_PLAN_YUAN:
            raise ValidationError(f"{self.what}超过1000亿元，请核对单位是否为万元")
        return int(yuan)


class PlanYearField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(label="年度", **kwargs)
        self.error_messages["invalid"] = "年度须为四位数的年份，如 2025"
        self.error_messages["required"] = "请填写年度"

    def validate(self, value: Any) -> None:
        super().validate(value)
        years = actions.plan_years()
        if value is not None and value not in years:
            raise ValidationError(f"年度须在{years[0]}年到{years[-1]}年之间")


class InvestmentPlanForm(BootstrapMixin, forms.Form):
    """年度计划投资 of one year (a second save of the same year replaces it, with history)."""

    year = PlanYearField()
    planned_amount = WanAmountField(label="年度计划投资（万元）", what="年度计划投资")

    # The action's error keys are the form's field names.
    FIELDS = ("year", "planned_amount")


class MonthlyInvestmentForm(BootstrapMixin, forms.Form):
    """当月完成投资 of one month of a year that has a plan."""

    year = PlanYearField()
    month = forms.TypedChoiceField(
        label="月份",
        coerce=int,
        choices=[(month, f"{month}月") for month in MONTHS],
        error_messages={"invalid_choice": "月份须在1到12之间", "required": "请选择月份"},
    )
    completed_amount = WanAmountField(label="当月完成投资（万元）", what="当月完成投资")
