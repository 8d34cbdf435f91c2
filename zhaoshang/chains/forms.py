"""Forms of the chain screens: a chain, a link, attaching, an override, a target
company, and the target list's filters."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from zhaoshang.core.forms import BootstrapMixin, VersionMixin
from zhaoshang.organisation.forms import UnitChoiceField
from zhaoshang.organisation.models import Person, Unit
from zhaoshang.projects.models import Investor, Project

from . import access
from .models import Chain, ContactStage, Link, LinkState, LinkTier, TargetCompany, Tier


def _county_persons(county: Unit):
    return Person.objects.active().filter(unit__path__startswith=county.path).select_related("unit").order_by("unit__path", "sort_order")


class ChainForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    lead_unit = UnitChoiceField(label="牵头单位", queryset=Unit.objects.none())

    class Meta:
        model = Chain
        fields = ["name", "leader", "deputies", "lead_unit", "task_force", "masters", "description", "sort_order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, county: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        people = _county_persons(county)
        self.fields["leader"].queryset = people.exclude(leader_body="")
        self.fields["leader"].help_text = "县领导（四大家领导）"
        self.fields["deputies"].queryset = people
        self.fields["task_force"].queryset = people
        self.fields["masters"].queryset = Investor.objects.order_by("name")
        self.fields["lead_unit"].queryset = Unit.objects.active().filter(path__startswith=county.path).order_by("path")
        for name in ("deputies", "task_force", "masters"):
            self.fields[name].widget.attrs["size"] = 6

    def chain_data(self) -> tuple[dict, dict]:
        data = self.edited_data()
        m2m = {name: data.pop(name) for name in ("deputies", "task_force", "masters")}
        return data, m2m


class LinkForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Link
        fields = ["name", "order"]


class ChildForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="下级环节/产品名称", max_length=60)


class AttachForm(BootstrapMixin, forms.Form):
    project = forms.ModelChoiceField(label="项目", queryset=Project.objects.none(), required=False)
    investor = forms.ModelChoiceField(label="企业（客商库）", queryset=Investor.objects.none(), required=False)
    is_local_above_size = forms.BooleanField(label="本地规上企业", required=False)

    def __init__(self, *args, user, link: Link, **kwargs):
        super().__init__(*args, **kwargs)
        county = link.chain.county.path
        self.fields["project"].queryset = (
            Project.objects.visible_to(user).active().filter(introducing_unit__path__startswith=county).exclude(chain_attachments__link=link)
        )
        self.fields["investor"].queryset = Investor.objects.visible_to(user).exclude(chain_attachments__link=link)

    def clean(self):
        data = super().clean()
        if bool(data.get("project")) == bool(data.get("investor")):
            raise forms.ValidationError("请选择一个项目或一家企业")
        return data


class OverrideForm(BootstrapMixin, forms.Form):
    state = forms.ChoiceField(label="认定状态", required=False, choices=[("", "按规则（取消认定）"), *LinkState.choices])
    reason = forms.CharField(label="认定理由", max_length=200)


class TargetForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    owner_unit = UnitChoiceField(label="责任单位", queryset=Unit.objects.none())

    class Meta:
        model = TargetCompany
        fields = ["link", "name", "uscc", "tier", "source", "reason", "owner_unit", "owner", "contact_stage"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, chain: Chain, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].queryset = chain.links.exclude(tier=LinkTier.ROOT).order_by("stream", "order", "id")
        units = access.owner_units_for(user)
        if self.instance.pk:
            units = units | Unit.objects.filter(pk=self.instance.owner_unit_id)
        self.fields["owner_unit"].queryset = units.distinct().order_by("path")
        self.fields["owner"].queryset = _county_persons(chain.county)
        stages = [c for c in ContactStage.choices if c[0] != ContactStage.CONVERTED or self.instance.project_id]
        self.fields["contact_stage"].choices = stages


SORTS = {
    "": "默认（按环节）",
    "name": "企业名称",
    "tier": "企业层级",
    "contact_stage": "对接进度",
    "-created_at": "最新录入",
}


class TargetFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    chain = forms.ModelChoiceField(label="产业链", queryset=Chain.objects.none(), required=False, empty_label="全部产业链")
    tier = forms.ChoiceField(label="企业层级", required=False, choices=[("", "全部层级"), *Tier.choices])
    contact_stage = forms.ChoiceField(label="对接进度", required=False, choices=[("", "全部进度"), *ContactStage.choices])
    state = forms.ChoiceField(label="环节状态", required=False, choices=[("", "全部"), *LinkState.choices])
    link = forms.IntegerField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(label="排序", required=False, choices=list(SORTS.items()))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chain"].queryset = Chain.objects.visible_to(user)

    def filter(self, targets):
        if not self.is_valid():
            return targets.order_by("link__chain", "link__order", "link_id", "id")
        data = self.cleaned_data
        if data["q"]:
            targets = targets.filter(Q(name__icontains=data["q"]) | Q(uscc__icontains=data["q"]) | Q(source__icontains=data["q"]))
        if data["chain"]:
            targets = targets.filter(link__chain=data["chain"])
        for name in ("tier", "contact_stage"):
            if data[name]:
                targets = targets.filter(**{name: data[name]})
        if data["state"]:
            state = data["state"]
            targets = targets.filter(Q(link__override_state=state) | Q(link__override_state="", link__rule_state=state))
        if data["link"]:
            targets = targets.filter(link_id=data["link"])
        if data["sort"]:
            return targets.order_by(data["sort"], "id")
        return targets.order_by("link__chain", "link__order", "link_id", "id")


class ChainImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")


class ReportRequestForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label="季度", coerce=int, choices=[(q, f"第{q}季度") for q in range(1, 5)])
