"""Forms of the assessment screens. Money targets are typed in 万元 and stored in 元."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q

from zhaoshang.core.forms import BootstrapMixin, PlainTextMixin, VersionMixin, WanField
from zhaoshang.core.money import to_wan
from zhaoshang.core.widgets import DateInput

from zhaoshang.organisation.models import Unit

from .models import Indicator, Scheme, Source, UnitGroup
from .sources import service_choices


class SchemeForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Scheme
        fields = ["year", "name", "group_kind", "unit_group", "cut_off", "excellent_from", "good_from", "pass_from", "publicity_days"]
        widgets = {"cut_off": DateInput}

    def __init__(self, *args: Any, jurisdiction=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        root = self.instance.jurisdiction if self.instance.pk else jurisdiction
        self.fields["unit_group"].queryset = UnitGroup.objects.filter(jurisdiction=root) if root else UnitGroup.objects.none()


class IndicatorForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "kind", "source", "source_key", "campaign", "weight", "cap", "tiers", "per_item", "item_cap", "threshold"]
        widgets = {"tiers": forms.TextInput(attrs={"placeholder": '[["1","100"],["0.8","75"],["0.5","50"]]'})}

    def __init__(self, *args: Any, scheme: Scheme | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from zhaoshang.campaigns.models import Campaign

        self.fields["source_key"] = forms.ChoiceField(label="营商环境指标", required=False, choices=[("", "—"), *service_choices()])
        root = scheme.jurisdiction if scheme else None
        self.fields["campaign"].queryset = Campaign.objects.filter(jurisdiction=root) if root else Campaign.objects.none()
        self.fields["tiers"].required = False

    def row(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self._meta.fields}
        data["source_key"] = data["source_key"] if data["source"] == Source.SERVICE else ""
        data["campaign"] = data["campaign"] if data["source"] == Source.CAMPAIGN else None
        data["tiers"] = data["tiers"] or []
        if self.instance.pk:
            data["id"] = self.instance.pk
        return data


IndicatorFormSet = forms.modelformset_factory(Indicator, form=IndicatorForm, extra=1, can_delete=True)


def kept(formset) -> list:
    return [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class TargetsForm(VersionMixin, BootstrapMixin, forms.Form):
    """One input per assessed unit; 万元 for money sources."""

    def __init__(self, *args: Any, indicator: Indicator, units, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = list(units)
        money = Source(indicator.source).is_money
        self.money = money
        current = {t.unit_id: t.target for t in indicator.targets.all()}
        for unit in self.units:
            value = current.get(unit.pk)
            if money:
                field: forms.Field = WanField(label=f"{unit.name}（万元）", required=False)
                field.initial = None if value is None else to_wan(int(value), 4)
            else:
                field = forms.DecimalField(label=unit.name, required=False, min_value=0, decimal_places=2)
                field.initial = value
            self.fields[f"u{unit.pk}"] = field

    def targets(self) -> dict[int, Decimal | None]:
        result = {}
        for unit in self.units:
            value = self.cleaned_data.get(f"u{unit.pk}")
            result[unit.pk] = None if value is None else Decimal(value)
        return result


class RunForm(BootstrapMixin, forms.Form):
    cut_off = forms.DateField(label="截止日期", widget=DateInput)


class ObjectionForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label="提出单位", queryset=Unit.objects.none())
    reason = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args: Any, units, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].initial = units.first()


class FalsifiedForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="认定理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class RevokeForm(PlainTextMixin, forms.Form):
    reason = forms.CharField(label="撤销理由", max_length=500)


class GroupForm(VersionMixin, BootstrapMixin, forms.Form):
    name = forms.CharField(label="分组名称", max_length=60)
    units = forms.ModelMultipleChoiceField(
        label="单位", queryset=Unit.objects.none(), widget=forms.SelectMultiple(attrs={"size": 12}), help_text="按住 Ctrl 可选多个单位"
    )

    def __init__(self, *args: Any, jurisdiction: Unit, group: UnitGroup | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = Unit.objects.filter(path__startswith=jurisdiction.path, depth=jurisdiction.depth + 1, is_active=True)
        if group is not None:
            choices = Unit.objects.filter(Q(pk__in=choices.values("pk")) | Q(pk__in=group.units.values("pk")))
            self.fields["name"].initial = group.name
            self.fields["units"].initial = list(group.units.values_list("pk", flat=True))
        self.fields["units"].queryset = choices.order_by("sort_order", "path")
