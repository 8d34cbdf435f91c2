"""Excel export and import of targets. The import validates every row with a form,
names errors by row and column, and writes nothing unless every row is valid."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.core import money
from zhaoshang.core.excel import Column, RowError, form_errors, read_rows
from zhaoshang.core.forms import PlainTextMixin
from zhaoshang.core.importing.pipeline import ImportResult, RowRefused, all_or_nothing
from zhaoshang.organisation.models import Unit
from zhaoshang.projects.models import Category

from . import actions
from .forms import amount_display, amount_from_input
from .models import COUNTABLE_STAGES, Period, Target, TargetKind

TARGET_COLUMNS = [
    Column("考核期间", lambda t: t.period.name, 16),
    Column("任务类型", lambda t: t.get_kind_display(), 14),
    Column("单位/个人", lambda t: str(t.holder), 24),
    Column("任务数", lambda t: amount_display(t.kind, t.amount), 16),
    Column("计量单位", lambda t: t.target_kind.unit_label, 10),
    Column("项目条件", lambda t: t.filter_text, 24),
    Column("备注", lambda t: t.note, 24),
]

HEADERS = ["考核期间", "任务类型", "单位名称", "任务数", "项目类别", "总投资不低于（万元）", "达到阶段", "备注"]
REQUIRED = HEADERS[:4]
LABELS = {
    "period": "考核期间",
    "kind": "任务类型",
    "unit": "单位名称",
    "amount": "任务数",
    "category": "项目类别",
    "min_investment": "总投资不低于（万元）",
    "stage_reached": "达到阶段",
    "note": "备注",
}
EXAMPLE = ["2026年度", "到位资金", "城关镇", 6000, "", "", "", "万元、万美元或个，按任务类型"]
NOTES = [
    "任务类型：" + "、".join(TargetKind.labels) + "。",
    "任务数：到位资金、合同引资额填万元；实际利用外资、外贸出口填万美元；项目个数填个。",
    "项目类别、总投资不低于、达到阶段仅用于“项目个数”任务，可不填。达到阶段：" + "、".join(label for _, label in COUNTABLE_STAGES) + "。",
    "单位名称须为本辖区内的单位（全称或简称）。同一单位同一期间同类金额任务已存在时，导入将更新该任务。",
]


def _by_label(choices, label: Any) -> str | None:
    return next((value for value, text in choices if text == label), None)


class TargetRowForm(PlainTextMixin, forms.Form):
    period = forms.CharField()
    kind = forms.CharField()
    unit = forms.CharField()
    amount = forms.CharField()
    category = forms.CharField(required=False)
    min_investment = forms.CharField(required=False)
    stage_reached = forms.CharField(required=False)
    note = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, periods: dict[str, Period], units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.periods, self.units = periods, units
        for f in self.fields.values():
            f.error_messages["required"] = "必填"

    def clean_period(self) -> Period:
        name = self.cleaned_data["period"]
        if name not in self.periods:
            raise forms.ValidationError(f"找不到您可管理的考核期间「{name}」")
        return self.periods[name]

    def clean_kind(self) -> str:
        kind = _by_label(TargetKind.choices, self.cleaned_data["kind"]) or (
            self.cleaned_data["kind"] if self.cleaned_data["kind"] in TargetKind.values else None
        )
        if kind is None:
            raise forms.ValidationError("任务类型无效，可选：" + "、".join(TargetKind.labels))
        return kind

    def clean_category(self) -> str:
        label = self.cleaned_data["category"]
        if not label:
            return ""
        if (value := _by_label(Category.choices, label)) is None:
            raise forms.ValidationError("项目类别无效，可选：" + "、".join(Category.labels))
        return value

    def clean_stage_reached(self) -> str:
        label = self.cleaned_data["stage_reached"]
        if not label:
            return ""
        if (value := _by_label(COUNTABLE_STAGES, label)) is None:
            raise forms.ValidationError("达到阶段无效，可选：" + "、".join(text for _, text in COUNTABLE_STAGES))
        return value

    def clean_min_investment(self) -> int | None:
        text = self.cleaned_data["min_investment"]
        if not text:
            return None
        try:
            return money.parse_wan(text)
        except (ValueError, InvalidOperation):
            raise forms.ValidationError("请填写数字（万元）") from None

    def clean(self):
        data = super().clean()
        period, name = data.get("period"), data.get("unit")
        if period and name:
            found = [u for u in self.units if u.path.startswith(period.jurisdiction.path) and name in (u.name, u.short_name)]
            if not found:
                self.add_error("unit", f"「{period.jurisdiction}」中找不到单位「{name}」")
            elif len(found) > 1:
                self.add_error("unit", f"有多个单位名为「{name}」，请填写全称")
            else:
                data["unit"] = found[0]
        if data.get("kind") and data.get("amount") is not None and "amount" not in self.errors:
            try:
                value = Decimal(str(data["amount"]).replace(",", ""))
                if value < 0:
                    raise ValueError("任务数不能为负数")
                data["amount"] = amount_from_input(data["kind"], value)
            except InvalidOperation:
                self.add_error("amount", "请填写数字")
            except ValueError as error:
                self.add_error("amount", str(error))
        return data


def import_targets(upload, user: User) -> ImportResult:
    """Create or update unit targets from the template. Raises ImportFileError for an
    unreadable file."""
    result = ImportResult()
    periods = {p.name: p for p in Period.objects.editable_by(user).select_related("jurisdiction")}
    units = list(Unit.objects.editable_by(user).active())
    rows: list[tuple[int, dict]] = []
    seen: dict[tuple, int] = {}
    for number, values in read_rows(upload, HEADERS, REQUIRED):
        raw = {name: values.get(header) for name, header in LABELS.items()}
        form = TargetRowForm({k: "" if v is None else str(v) for k, v in raw.items()}, periods=periods, units=units)
        if not form.is_valid():
            result.errors.extend(form_errors(number, form, LABELS))
            continue
        data = form.cleaned_data
        key = (data["period"].pk, data["kind"], data["unit"].pk, data["category"], data["min_investment"], data["stage_reached"])
        if key in seen:
            result.errors.append(RowError(number, "单位名称", f"与第{seen[key]}行重复"))
            continue
        seen[key] = number
        rows.append((number, data))
    if result.errors:
        return result

    def write() -> int:
        for number, data in rows:
            existing = None
            if data["kind"] != TargetKind.PROJECT_COUNT:
                existing = Target.objects.filter(period=data["period"], kind=data["kind"], unit=data["unit"]).first()
            try:
                # The sheet is the bureau's decision: it replaces the target as it is now.
                version = existing.version if existing else None
                actions.do_save_target(existing or Target(), data, user, expected_version=version)
            except (ValidationError, PermissionDenied) as error:
                message = "；".join(error.messages) if isinstance(error, ValidationError) else "无权设置该单位的任务"
                raise RowRefused(RowError(number, "", message)) from None
        return len(rows)

    return all_or_nothing(write)
