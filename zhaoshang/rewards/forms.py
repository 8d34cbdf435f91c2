"""Forms of the rewards screens. A rule's bands, tiers, extras, thresholds and
instalments are edited as lines of text (one band a line, amounts in 万元, rates
in ‰) and stored as data; a field compares what came back with the stored data,
so an untouched save changes nothing whatever the browser does to line ends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone

from zhaoshang.core.excel import Column
from zhaoshang.core.forms import BootstrapMixin, VersionMixin, WanField
from zhaoshang.core.money import parse_wan, to_wan
from zhaoshang.core.widgets import DateInput
from zhaoshang.projects.models import Category, Project

from .calculator import Base, Event, permille
from .models import ClauseReview, ClauseStatus, Finder, InstalmentStatus, RewardRule

WAN = 10_000


def _wan(text: str) -> int:
    try:
        return parse_wan(text)
    except (ValueError, InvalidOperation):
        raise forms.ValidationError(f"“{text}”不是有效的金额（万元）") from None


def _number(text: str, what: str) -> Decimal:
    try:
        return Decimal(text.rstrip("‰%"))
    except InvalidOperation:
        raise forms.ValidationError(f"“{text}”不是有效的{what}") from None


def _wan_text(yuan: int) -> str:
    return f"{to_wan(yuan, places=4).normalize():f}"


def _choice(text: str, choices: list[tuple[str, str]], what: str) -> str:
    for key, label in choices:
        if text in (key, label):
            return key
    raise forms.ValidationError(f"“{text}”不是有效的{what}（可选：{'、'.join(label for _, label in choices)}）")


def _band(parts: list[str]) -> dict:
    start, rate = parts
    value = _number(rate, "费率") * 10
    if value != value.to_integral_value() or value < 0:
        raise forms.ValidationError("费率按千分之几填写，最多一位小数")
    return {"start": _wan(start), "rate_bp": int(value)}


def _tier(parts: list[str]) -> dict:
    start, amount = parts
    return {"start": _wan(start), "amount": _wan(amount)}


def _extra(parts: list[str]) -> dict:
    label, minimum, amount = parts
    return {"label": label, "minimum": _wan(minimum), "amount": _wan(amount)}


def _threshold(parts: list[str]) -> dict:
    base = _choice(parts[0], Base.CHOICES, "门槛基数")
    months = int(_number(parts[2], "月数")) if len(parts) > 2 else None
    return {"base": base, "minimum": _wan(parts[1]), "within_months": months}


def _instalment(parts: list[str]) -> dict:
    percent = int(_number(parts[0], "比例"))
    event = _choice(parts[1], Event.CHOICES, "兑付条件")
    years = int(_number(parts[2], "年数")) if len(parts) > 2 else 0
    return {"percent": percent, "event": event, "years_after": years}


LINE_KINDS: dict[str, tuple[Callable[[list[str]], dict], Callable[[dict], str], tuple[int, ...]]] = {
    "bands": (_band, lambda b: f"{_wan_text(b['start'])} {permille(b['rate_bp']).rstrip('‰')}", (2,)),
    "tiers": (_tier, lambda t: f"{_wan_text(t['start'])} {_wan_text(t['amount'])}", (2,)),
    "extras": (_extra, lambda e: f"{e['label']} {_wan_text(e['minimum'])} {_wan_text(e['amount'])}", (3,)),
    "thresholds": (
        _threshold,
        lambda t: " ".join([Base.label(t["base"]), _wan_text(t["minimum"]), *([str(t["within_months"])] if t.get("within_months") else [])]),
        (2, 3),
    ),
    "instalments": (
        _instalment,
        lambda i: " ".join([str(i["percent"]), Event.label(i["event"]), *([str(i["years_after"])] if i.get("years_after") else [])]),
        (2, 3),
    ),
}


class LinesField(forms.CharField):
    """Rows of data typed one a line, fields separated by spaces."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, kind: str, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.parse_row, self.format_row, self.sizes = LINE_KINDS[kind]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(self.format_row(row) for row in value)
        return value

    def to_python(self, value: Any) -> list[dict]:  # type: ignore[override]  # rows, not text
        if isinstance(value, list):
            return value
        rows = []
        for number, line in enumerate(str(value or "").splitlines(), start=1):
            parts = line.replace("\u3000", " ").split()
            if not parts:
                continue
            if len(parts) not in self.sizes:
                raise forms.ValidationError(f"第{number}行应有{'或'.join(str(s) for s in self.sizes)}项，用空格分隔")
            rows.append(self.parse_row(parts))
        return rows

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(initial or []) != self.to_python(data)
        except forms.ValidationError:
            return True


class RuleForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    bands = LinesField("bands", label="费率分档", help_text="每行一档：起点（万元） 费率（‰），如“0 3”“1000 4”“10000 5”")
    tiers = LinesField("tiers", label="定额分档", help_text="每行一档：起点（万元） 奖励（万元）")
    extras = LinesField("extras", label="额外奖励", help_text="每行一项：名称 基数下限（万元） 奖励（万元）")
    thresholds = LinesField(
        "thresholds", label="门槛条件", help_text="每行一项：基数名称 下限（万元/万美元） [注册后月数]，如“实际利用外资（美元） 1000 36”"
    )
    instalments = LinesField(
        "instalments", label="分期兑付", help_text="每行一期：比例（%） 条件（审批通过/注册落地/投产） [条件成就后年数]；留空为审批后一次付清"
    )
    cap_wan = WanField(label="奖励上限（万元）", required=False)
    excluded_categories = forms.MultipleChoiceField(
        label="不予奖励的项目类别", choices=Category.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = RewardRule
        fields = [
            "code",
            "name",
            "base",
            "rate_type",
            "bands",
            "tiers",
            "extras",
            "thresholds",
            "instalments",
            "clawback_days",
            "excluded_categories",
            "requires_relocation",
            "requires_local_tax",
            "requires_local_statistics",
            "legal_basis",
            "note",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["cap_wan"].initial = to_wan(self.instance.cap, places=4)

    def rule_data(self) -> dict:
        data = {name: value for name, value in self.cleaned_data.items() if name not in ("version", "cap_wan")}
        data["cap"] = self.cleaned_data.get("cap_wan")
        if self.instance.pk:
            data.pop("code", None)
        return data


class FinderForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Finder
        fields = [
            "name",
            "kind",
            "contact",
            "registered_on",
            "is_public_servant",
            "is_servant_relative",
            "is_investor_controller",
            "note",
        ]
        widgets = {"registered_on": DateInput()}


class SharesForm(BootstrapMixin, forms.Form):
    """A project's finders: one a line, “名称 份额”."""

    finders = forms.CharField(
        label="引荐人及份额",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一人：引荐人名称 份额（%），如“张三 60”；只有一位引荐人时份额填100",
    )

    def clean_finders(self) -> list[tuple[Finder, int]]:
        rows = []
        for line in self.cleaned_data["finders"].splitlines():
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 2 or not parts[1].rstrip("%").isdigit():
                raise forms.ValidationError(f"“{line}”应为“名称 份额”")
            finder = Finder.objects.filter(name=parts[0]).first()
            if finder is None:
                raise forms.ValidationError(f"引荐人“{parts[0]}”未登记，请先在引荐人名录中登记")
            rows.append((finder, int(parts[1].rstrip("%"))))
        return rows


class TrialForm(BootstrapMixin, forms.Form):
    rule = forms.ModelChoiceField(label="规则版本", queryset=RewardRule.objects.order_by("code", "-number"))
    project = forms.ModelChoiceField(label="项目", queryset=Project.objects.none())
    as_of = forms.DateField(label="测算日期", widget=DateInput(), required=False)
    tax_paid = WanField(label="企业纳税额（万元）", required=False, help_text="系统不记录纳税数据，按税务部门提供的数填写")
    local_tax = WanField(label="地方留成税收（万元）", required=False)

    def __init__(self, *args: Any, projects=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects if projects is not None else Project.objects.none()

    def overrides(self) -> dict[str, int]:
        data = self.cleaned_data
        return {key: data[key] for key in (Base.TAX_PAID, Base.LOCAL_TAX) if data.get(key) is not None}

    def day(self) -> date:
        return self.cleaned_data.get("as_of") or timezone.localdate()


class PaidForm(VersionMixin, BootstrapMixin, forms.Form):
    paid_on = forms.DateField(label="支付日期", widget=DateInput())


class LedgerFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="项目/引荐人", required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *InstalmentStatus.choices], required=False)
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[("due", "应付日期"), ("-due", "应付日期（倒序）"), ("-amount", "金额（大到小）"), ("project", "项目名称")],
    )


class ClauseForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ClauseReview
        fields = ["status", "basis", "note"]


class ClauseAddForm(BootstrapMixin, forms.Form):
    project = forms.ModelChoiceField(label="项目", queryset=Project.objects.none())
    clause = forms.CharField(label="条款内容", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, projects=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects if projects is not None else Project.objects.none()


LEDGER_COLUMNS = [
    Column("项目", lambda e: e.award.project.name, 28),
    Column("奖励规则", lambda e: str(e.award.rule), 24),
    Column("引荐人", lambda e: e.finder.name, 16),
    Column("期次", lambda e: e.label, 18),
    Column("金额（元）", lambda e: e.amount, 14),
    Column("应付日期", lambda e: e.due_on, 12),
    Column("状态", lambda e: e.get_status_display(), 10),
    Column("支付日期", lambda e: e.paid_on, 12),
]

CLAUSE_STATUS_CHOICES = ClauseStatus.choices
