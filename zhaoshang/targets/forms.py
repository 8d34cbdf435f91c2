from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q

from zhaoshang.accounts import access
from zhaoshang.core import money
from zhaoshang.core.forms import BootstrapMixin, VersionMixin
from zhaoshang.core.widgets import DateInput, MonthInput
from zhaoshang.organisation.forms import UnitChoiceField
from zhaoshang.organisation.models import Division, Person, Unit

from .models import Period, Target, TargetKind


def parse_month(value: Any) -> date:
    """2026-03, 2026/3, 2026年3月 or a date cell → the first day of that month.
    Raises ValueError with a Chinese message."""
    if isinstance(value, datetime | date):
        return date(value.year, value.month, 1)
    match = re.fullmatch(r"\s*(\d{4})\s*[-/年.]\s*(\d{1,2})\s*月?(?:[-/.]\d{1,2}日?)?\s*", str(value or ""))
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError("月份格式应为 2026-03")
    return date(int(match[1]), int(match[2]), 1)


def amount_from_input(kind: str, value: Decimal | str | int) -> int:
    """What the bureau types (万元, 万美元 or 个) → the stored integer (元, US cents,
    count). Raises ValueError with a Chinese message."""
    kind = TargetKind(kind)
    if kind.is_count:
        value = Decimal(str(value))
        if value != value.to_integral_value():
            raise ValueError("项目个数须为整数")
        return int(value)
    yuan_like = money.parse_wan(value)  # × 10000
    return yuan_like * 100 if kind.is_usd else yuan_like  # 万美元 → cents


def amount_for_input(kind: str, amount: int) -> Decimal:
    """Exact, and a Decimal as the form's field cleans it: an untouched form has not changed."""
    kind = TargetKind(kind)
    if kind.is_count:
        return Decimal(amount)
    return Decimal(amount) / (1_000_000 if kind.is_usd else 10_000)


def amount_display(kind: str, amount: int | None) -> str:
    """For lists and exports: 6,000.00 (万元), 1,000.00 (万美元), 3 (个)."""
    kind = TargetKind(kind)
    value = kind.in_unit(amount)
    if value is None:
        return "—"
    return f"{amount:,}" if kind.is_count else f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


# How a target's history reads its amount: in the unit its kind is typed in.
HISTORY_FORMATS = {
    "amount": lambda record, amount: f"{amount_display(record.kind, amount)} {TargetKind(record.kind).unit_label}",
}


class PeriodForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Period
        fields = ["jurisdiction", "kind", "name", "start", "end", "primary_kind"]
        widgets = {"start": DateInput, "end": DateInput}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions_of(user)


def jurisdictions_of(user: User):
    """The counties (or cities) the user works for as the bureau."""
    from zhaoshang.organisation.models import UnitKind

    return Unit.objects.within(access.bureau_paths(user)).filter(kind__in=[UnitKind.CITY, UnitKind.COUNTY]).order_by("path")


class TargetForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    amount_input = forms.DecimalField(
        label="任务数", min_value=Decimal(0), max_digits=16, decimal_places=4, help_text="金额类填万元，外资、出口填万美元，项目个数填个"
    )
    min_investment_wan = forms.DecimalField(
        label="总投资不低于（万元）",
        required=False,
        min_value=Decimal(0),
        max_digits=16,
        decimal_places=4,
        help_text="仅“项目个数”任务：如 100000 表示 10亿元",
    )
    unit = UnitChoiceField(label="单位", queryset=Unit.objects.none(), required=False)

    class Meta:
        model = Target
        fields = ["period", "kind", "unit", "person", "amount_input", "category", "min_investment_wan", "stage_reached", "note"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        paths = access.bureau_paths(user)
        self.fields["period"].queryset = Period.objects.editable_by(user)
        # A holder since closed or departed stays on offer for its own target, so an
        # untouched save keeps it; new targets go to active units and serving persons.
        units = Unit.objects.within(paths)
        self.fields["unit"].queryset = units.filter(Q(is_active=True) | Q(pk=self.instance.unit_id)).order_by("path")
        self.fields["person"].queryset = Person.objects.filter(unit__in=units).filter(Q(is_active=True) | Q(pk=self.instance.person_id))
        self.fields["person"].required = False
        self.fields["category"].help_text = "仅“项目个数”任务"
        self.fields["stage_reached"].help_text = "仅“项目个数”任务；不选则按签约计"
        if self.instance.pk:
            self.fields["amount_input"].initial = amount_for_input(self.instance.kind, self.instance.amount)
            if self.instance.min_investment:
                self.fields["min_investment_wan"].initial = amount_for_input("funds_arrived", self.instance.min_investment)

    def clean(self):
        data = super().clean()
        if bool(data.get("unit")) == bool(data.get("person")):
            self.add_error("unit", "请选择单位或个人（二者选一）")
        kind, value = data.get("kind"), data.get("amount_input")
        if kind and value is not None:
            try:
                data["amount"] = amount_from_input(kind, value)
            except ValueError as error:
                self.add_error("amount_input", str(error))
        if data.get("min_investment_wan") is not None:
            try:
                data["min_investment"] = money.parse_wan(data["min_investment_wan"])
            except ValueError as error:
                self.add_error("min_investment_wan", str(error))
        return data

    def target_data(self) -> dict:
        data = {f: self.cleaned_data.get(f) for f in ("period", "kind", "unit", "person", "category", "stage_reached", "note")}
        data["category"] = data["category"] or ""
        data["stage_reached"] = data["stage_reached"] or ""
        data["note"] = data["note"] or ""
        data["amount"] = self.cleaned_data["amount"]
        data["min_investment"] = self.cleaned_data.get("min_investment")
        return data


SORTS = [
    ("", "默认顺序"),
    ("unit", "单位"),
    ("-amount", "任务数从高到低"),
    ("amount", "任务数从低到高"),
    ("kind", "任务类型"),
]
ORDERING = {
    "": ["-period__start", "kind", "unit__path", "person__name", "id"],
    "unit": ["unit__path", "person__name", "id"],
    "-amount": ["-amount", "id"],
    "amount": ["amount", "id"],
    "kind": ["kind", "unit__path", "id"],
}


class TargetFilterForm(BootstrapMixin, forms.Form):
    period = forms.ModelChoiceField(label="考核期间", queryset=Period.objects.none(), required=False, empty_label="全部期间")
    kind = forms.ChoiceField(label="任务类型", choices=[("", "全部类型"), *TargetKind.choices], required=False)
    unit = UnitChoiceField(label="单位（含下级）", queryset=Unit.objects.none(), required=False, empty_label="全部单位")
    division = forms.ModelChoiceField(label="赛区", queryset=Division.objects.none(), required=False, empty_label="全部赛区")
    sort = forms.ChoiceField(label="排序", choices=SORTS, required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = Period.objects.visible_to(user)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).active().order_by("path")
        self.fields["division"].queryset = Division.objects.visible_to(user)

    def filter(self, qs):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("period"):
            qs = qs.filter(period=data["period"])
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if data.get("unit"):
            qs = qs.in_subtree(data["unit"])
        if data.get("division"):
            qs = qs.in_division(data["division"].pk)
        return qs.order_by(*ORDERING[data.get("sort") or ""])


class DecompositionForm(BootstrapMixin, forms.Form):
    period = forms.ModelChoiceField(label="考核期间", queryset=Period.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="任务类型", choices=TargetKind.choices, initial=TargetKind.FUNDS_ARRIVED)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = Period.objects.visible_to(user)


class ExportFigureForm(BootstrapMixin, forms.Form):
    """One month of a unit's 外贸出口, typed in 万美元."""

    unit = UnitChoiceField(label="单位", queryset=Unit.objects.none())
    month = forms.CharField(label="月份", widget=MonthInput, help_text="如 2026-03")
    amount = forms.DecimalField(
        label="出口额（万美元）", min_value=0, decimal_places=2, error_messages={"min_value": "出口额不能为负数", "invalid": "应为数字（万美元）"}
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.within(access.bureau_paths(user)).active().order_by("path")

    def clean_month(self):
        try:
            return parse_month(self.cleaned_data["month"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_amount(self) -> int:
        return amount_from_input(TargetKind.EXPORT_TOTAL, self.cleaned_data["amount"])
