"""Forms of the fund screens (到位资金): the report form, the list filter and the
Excel columns. Amounts are typed in 万元 (万美元 for USD) and stored as integer
元 (US cents); the actions check every rule again."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth.models import User

from zhaoshang.core import money
from zhaoshang.core.excel import Column
from zhaoshang.core.forms import BootstrapMixin, VersionMixin
from zhaoshang.core.uploads import KeepUploadsMixin
from zhaoshang.core.widgets import DateInput
from zhaoshang.core.dates import end_of_day
from zhaoshang.organisation.forms import UnitChoiceField
from zhaoshang.organisation.models import Division, Unit

from .currency_labels import label_in_currency
from .models import Currency, EvidenceKind, FundEntry, FundKind, FundStatus, arrived_by

# Minor units per 万 of each currency: 万元 → 元, 万美元 → US cents.
MINOR_PER_WAN = {Currency.CNY: money.WAN, Currency.USD: money.WAN * 100}
WAN_LABEL = {currency: currency.wan_unit for currency in Currency}
FUND_EVIDENCE_KINDS = [
    (EvidenceKind.BANK_SLIP, EvidenceKind.BANK_SLIP.label),
    (EvidenceKind.CAPITAL_REPORT, EvidenceKind.CAPITAL_REPORT.label),
    (EvidenceKind.OTHER, EvidenceKind.OTHER.label),
]


def parse_amount(text: str | int | float | Decimal, currency: str) -> int:
    """A figure in 万元/万美元 → integer 元/cents. Raises ValueError in Chinese."""
    try:
        value = Decimal(str(text).replace(",", "").strip())
    except InvalidOperation:
        raise ValueError("金额须为数字") from None
    if not value.is_finite():
        raise ValueError("金额须为数字")
    minor = value * MINOR_PER_WAN[Currency(currency)]
    if minor != minor.to_integral_value():
        raise ValueError("金额最多精确到元" if currency == Currency.CNY else "金额最多精确到美分")
    return int(minor)


def amount_in_wan(amount: int | None, currency: str) -> Decimal | None:
    if amount is None:
        return None
    return (Decimal(amount) / MINOR_PER_WAN[Currency(currency)]).quantize(Decimal("0.01"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def has_changed(self, initial, data) -> bool:
        # An empty multiple-file input posts an empty list, not None: nothing added.
        return bool(data) and super().has_changed(initial, data)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class FundEntryForm(KeepUploadsMixin, VersionMixin, BootstrapMixin, forms.Form):
    """Report (or edit) one arrival. The amount sign is checked by the action: only
    a correction of a verified entry may be negative."""

    date = forms.DateField(label="到位日期", widget=DateInput)
    amount_wan = forms.CharField(label="金额（万元）", max_length=24)
    currency = forms.ChoiceField(label="币种", choices=Currency.choices, initial=Currency.CNY)
    kind = forms.ChoiceField(label="资金类型", choices=FundKind.choices)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence_kind = forms.ChoiceField(label="证明材料类型", choices=FUND_EVIDENCE_KINDS, initial=EvidenceKind.BANK_SLIP)
    evidence = MultipleFileField(label="证明材料", required=False, help_text="银行进账单、验资报告等，PDF、JPG或PNG，可多选；核实前必须上传")

    def __init__(self, *args, corrects: FundEntry | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.corrects = corrects
        label_in_currency(self, "amount_wan", "金额")
        if corrects is not None:
            self.fields["amount_wan"].help_text = "更正金额：多报的填负数，少报的填正数"

    def clean(self):
        data = super().clean()
        if "amount_wan" in data and "currency" in data:
            try:
                data["amount"] = parse_amount(data["amount_wan"], data["currency"])
            except ValueError as error:
                self.add_error("amount_wan", str(error))
        return data

    def entry_data(self) -> dict:
        """What the action takes (actions.FUND_FIELDS)."""
        data = self.cleaned_data
        result = {k: data[k] for k in ("date", "amount", "currency", "kind", "note")}
        if self.corrects is not None:
            result["corrects"] = self.corrects
        return result

    @classmethod
    def initial_for(cls, entry: FundEntry) -> dict:
        return {
            "date": entry.date,
            # Exact (the list shows 0.01 万元): saving untouched must not round the 元 away.
            "amount_wan": f"{Decimal(entry.amount) / MINOR_PER_WAN[Currency(entry.currency)]:f}",
            "currency": entry.currency,
            "kind": entry.kind,
            "note": entry.note,
        }


class ReturnForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="退回原因", max_length=200)


class EvidenceForm(BootstrapMixin, forms.Form):
    evidence_kind = forms.ChoiceField(label="证明材料类型", choices=FUND_EVIDENCE_KINDS)
    evidence = MultipleFileField(label="证明材料")


FUND_SORTS = {
    "": ("到位日期（新→旧）", ["-date", "-id"]),
    "date": ("到位日期（旧→新）", ["date", "id"]),
    "-amount": ("金额（大→小）", ["-amount", "-id"]),
    "amount": ("金额（小→大）", ["amount", "id"]),
    "project": ("项目名称", ["project__name", "-date"]),
    "status": ("状态", ["status", "-date"]),
    "-reported_at": ("填报时间（新→旧）", ["-reported_at", "-id"]),
}


class FundFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="项目/客商", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), ("pending", "待核实（全部）"), *FundStatus.choices])
    unit = UnitChoiceField(label="单位（含下级）", queryset=Unit.objects.none(), required=False, empty_label="全部单位")
    division = forms.ModelChoiceField(label="赛区", queryset=Division.objects.none(), required=False, empty_label="全部赛区")
    project = forms.IntegerField(label="项目", required=False, widget=forms.HiddenInput)
    date_from = forms.DateField(label="到位日期从", required=False, widget=DateInput)
    date_to = forms.DateField(label="到", required=False, widget=DateInput)
    kind = forms.ChoiceField(label="资金类型", required=False, choices=[("", "全部"), *FundKind.choices])
    currency = forms.ChoiceField(label="币种", required=False, choices=[("", "全部"), *Currency.choices])
    as_of = forms.DateField(label="截至日期", required=False, widget=DateInput, help_text="「已核实」「待核实」按此日期当天结束时的状态判断")
    counted = forms.ChoiceField(label="计入统计", required=False, choices=[("", "全部"), ("1", "仅计入统计的项目（不含待研判重复）")])
    sort = forms.ChoiceField(label="排序", required=False, choices=[(k, v[0]) for k, v in FUND_SORTS.items()])

    def __init__(self, data, *, user: User):
        super().__init__(data)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).order_by("path")
        self.fields["division"].queryset = Division.objects.visible_to(user).order_by("sort_order", "name")

    def moment(self) -> datetime | None:
        """The end of the 截至日期, when one is given: the statuses the list shows."""
        as_of = self.cleaned_data.get("as_of") if self.is_valid() else None
        return end_of_day(as_of) if as_of else None

    def filter(self, qs):
        data = self.cleaned_data if self.is_valid() else {}
        qs = qs.search(data.get("q") or "")
        status = data.get("status")
        # With a 截至日期 the statuses are those of that day's end, as on the dashboard
        # the list is opened from: an entry verified later was still 待核实 then.
        moment = self.moment()
        if status == "pending":
            qs = qs.pending_at(moment) if moment else qs.pending()
        elif status == FundStatus.VERIFIED and moment:
            qs = qs.filter(arrived_by(moment))
        elif status:
            qs = qs.filter(status=status)
        if data.get("counted"):
            qs = qs.of_counted_projects()
        if unit := data.get("unit"):
            qs = qs.of_unit(unit)
        if division := data.get("division"):
            qs = qs.of_division(division)
        if project := data.get("project"):
            qs = qs.filter(project_id=project)
        if start := data.get("date_from"):
            qs = qs.filter(date__gte=start)
        if end := data.get("date_to"):
            qs = qs.filter(date__lte=end)
        if kind := data.get("kind"):
            qs = qs.filter(kind=kind)
        if currency := data.get("currency"):
            qs = qs.filter(currency=currency)
        return qs.order_by(*FUND_SORTS[data.get("sort") or ""][1])


FUND_COLUMNS = [
    Column("项目名称", lambda e: e.project.name, 28),
    Column("引进单位", lambda e: e.project.introducing_unit.name, 18),
    Column("到位日期", lambda e: e.date, 12),
    Column("币种", lambda e: e.get_currency_display(), 12),
    Column("金额（万元/万美元）", lambda e: float(amount_in_wan(e.amount, e.currency)), 18),
    Column("资金类型", lambda e: e.get_kind_display(), 12),
    Column("状态", lambda e: e.get_status_display(), 12),
    Column("退回原因", lambda e: e.return_reason, 20),
    Column("证明材料数", lambda e: e.evidence_count, 10),
    Column("说明", lambda e: e.note, 24),
]
