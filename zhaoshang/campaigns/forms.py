"""Forms of the campaign screens. Money is typed in 万元 and stored in 元."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from zhaoshang.core.forms import BootstrapMixin, PlainTextMixin, VersionMixin, WanField
from zhaoshang.core.money import to_wan
from zhaoshang.core.widgets import DateInput
from zhaoshang.organisation.models import Unit, UnitKind

from .models import TARGET_METRICS, Campaign, CampaignStatus, Prize, RuleKind, ScoringRule


class CampaignFilterForm(BootstrapMixin, forms.Form):
    SORTS = {
        "": ("开始日期（新→旧）", ("-start", "name")),
        "start": ("开始日期（旧→新）", ("start", "name")),
        "end": ("结束日期", ("end", "name")),
        "name": ("名称", ("name",)),
    }
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *CampaignStatus.choices])
    q = forms.CharField(label="名称", required=False)
    sort = forms.ChoiceField(label="排序", required=False, choices=[(k, v[0]) for k, v in SORTS.items()])

    def filter(self, qs):
        data = self.cleaned_data if self.is_valid() else {}
        qs = qs.with_status(data.get("status", ""), timezone.localdate()).search(data.get("q", ""))
        return qs.order_by(*self.SORTS[data.get("sort") or ""][1])


class CampaignForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    jurisdiction = forms.ModelChoiceField(label="所属辖区", queryset=Unit.objects.none())
    target_min_investment_wan = WanField(label="项目个数任务的总投资门槛（万元）", initial=10_000)
    units = forms.ModelMultipleChoiceField(
        label="参赛单位",
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text="按住 Ctrl（手机上直接点选）可选多个单位",
    )

    class Meta:
        model = Campaign
        fields = ["name", "kind", "start", "end", "description"]
        widgets = {"start": DateInput, "end": DateInput, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, jurisdictions=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance: Campaign = self.instance
        if instance.pk:
            del self.fields["jurisdiction"]
            roots = [instance.jurisdiction]
            self.fields["units"].initial = list(instance.units.values_list("pk", flat=True))
            self.fields["target_min_investment_wan"].initial = to_wan(instance.target_min_investment, 0)
        else:
            self.fields["jurisdiction"].queryset = jurisdictions
            self.fields["jurisdiction"].initial = jurisdictions.first()
            roots = list(jurisdictions)
        kinds = [UnitKind.ZONE, UnitKind.TOWNSHIP, UnitKind.DEPARTMENT, UnitKind.STATIONED_TEAM, UnitKind.BUREAU]
        choices = Unit.objects.active().filter(kind__in=kinds, depth__gt=1).within([r.path for r in roots])
        if instance.pk:
            # A unit closed since it joined stays on offer: an untouched save would
            # otherwise drop it and delete its campaign targets.
            choices = Unit.objects.filter(Q(pk__in=choices.values("pk")) | Q(pk__in=instance.units.values("pk")))
        self.fields["units"].queryset = choices.select_related("division")
        self.fields["units"].label_from_instance = lambda u: f"{u.name}（{u.division.name}）" if u.division else u.name

    def campaign_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        data["target_min_investment"] = self.cleaned_data["target_min_investment_wan"]
        return data


class RuleForm(BootstrapMixin, forms.ModelForm):
    min_investment_wan = WanField(label="总投资不低于（万元）", required=False)

    class Meta:
        model = ScoringRule
        fields = ["kind", "points", "per_wan", "stage", "cap"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.min_investment:
            self.fields["min_investment_wan"].initial = to_wan(self.instance.min_investment, 0)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind == RuleKind.FUNDS and not data.get("per_wan"):
            self.add_error("per_wan", "到位资金计分须填写每多少万元计分")
        if kind == RuleKind.STAGE and not data.get("stage"):
            self.add_error("stage", "项目进度计分须选择项目阶段")
        return data  # type: ignore[return-value]

    def rule_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind = data["kind"]
        return {
            "kind": kind,
            "points": data["points"],
            "per_wan": data.get("per_wan") if kind == RuleKind.FUNDS else None,
            "stage": data.get("stage") if kind == RuleKind.STAGE else "",
            "min_investment": data.get("min_investment_wan") or None if kind == RuleKind.STAGE else None,
            "cap": data.get("cap"),
        }


class PrizeForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Prize
        fields = ["rank_from", "rank_to", "text"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("rank_from") and data.get("rank_to") and data["rank_to"] < data["rank_from"]:  # type: ignore[index]
            self.add_error("rank_to", "名次至不能小于名次自")
        return data  # type: ignore[return-value]


RuleFormSet = forms.modelformset_factory(ScoringRule, form=RuleForm, extra=0, can_delete=True)
PrizeFormSet = forms.modelformset_factory(Prize, form=PrizeForm, extra=1, can_delete=True)


def kept(formset) -> list:
    """The valid forms of a bound formset that were filled in and not deleted."""
    return [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class TargetsForm(VersionMixin, BootstrapMixin, forms.Form):
    """One row of inputs per participant: funds in 万元, project counts."""

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = list(campaign.units.order_by("sort_order", "path"))
        existing = {t.unit_id: t for t in campaign.targets.all()}
        self.rows = []
        for unit in self.units:
            target = existing.get(unit.pk)
            names = []
            for key, (label, stage) in TARGET_METRICS.items():
                name = f"u{unit.pk}_{key}"
                value = getattr(target, key) if target else 0
                if stage is None:
                    field = WanField(label=f"{unit.name}{label}（万元）", required=False, initial=to_wan(value, 0))
                else:
                    field = forms.IntegerField(label=f"{unit.name}{label}（个）", required=False, min_value=0, initial=value)  # type: ignore[assignment]
                self.fields[name] = field
                names.append(name)
            self.rows.append((unit, [self[n] for n in names]))

    @staticmethod
    def headers() -> list[str]:
        return [f"{label}（{'万元' if stage is None else '个'}）" for label, stage in TARGET_METRICS.values()]

    def targets(self) -> dict[int, dict[str, int]]:
        return {unit.pk: {key: self.cleaned_data.get(f"u{unit.pk}_{key}") or 0 for key in TARGET_METRICS} for unit in self.units}


class AsOfForm(PlainTextMixin, forms.Form):
    as_of = forms.DateField(label="截至日期", required=False, widget=DateInput)

    def day(self, default: date) -> date:
        return (self.cleaned_data.get("as_of") if self.is_valid() else None) or default
