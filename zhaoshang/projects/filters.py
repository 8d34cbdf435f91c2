"""The project list's filters: one form, used by the list page, its Excel export and
the dashboard's drill-down links, so the same query string means the same rows
everywhere. Parameter names are a contract with the dashboard: q, stage, reached,
unit, division, industry, category, leader, band, key_level, fortune500, hightech,
yi_plus, region, investor_kind, signed_from, signed_to, as_of, reached_from,
reached_to, counted, duplicate, sort (page is the paginator's)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone

from zhaoshang.core.forms import BootstrapMixin
from zhaoshang.core.widgets import DateInput
from zhaoshang.organisation.forms import UnitChoiceField
from zhaoshang.organisation.models import Division, Person, Unit

from .models import PIPELINE, SIZE_BANDS, Category, InvestorKind, KeyLevel, Project, ProjectQuerySet, Stage

YES_NO_ANY = [("", "全部"), ("1", "是"), ("0", "否")]
# Open ends for a signing range given on one side only.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)
ANY_KEY_LEVEL, NOT_KEY = "any", "none"

SORTS: dict[str, tuple[str, list[str]]] = {
    "": ("最近录入", ["-created_at", "-id"]),
    "name": ("项目名称", ["name", "id"]),
    "stage": ("阶段", ["stage_order", "name", "id"]),
    "-total_investment": ("总投资从高到低", ["-total_investment", "id"]),
    "total_investment": ("总投资从低到高", ["total_investment", "id"]),
    "-contract_amount": ("合同金额从高到低", ["-contract_amount", "id"]),
    "-signed_on": ("签约日期从近到远", ["-signed_on", "-id"]),
    "signed_on": ("签约日期从远到近", ["signed_on", "id"]),
    "unit": ("引进单位", ["introducing_unit__path", "name", "id"]),
}


class ProjectFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="项目/客商名称", required=False)
    stage = forms.ChoiceField(label="当前阶段", required=False, choices=[("", "全部"), *Stage.choices])
    reached = forms.ChoiceField(label="已达到阶段", required=False, choices=[("", "全部"), *[(s.value, s.label) for s in PIPELINE]])
    unit = UnitChoiceField(label="分成单位（含下级）", queryset=Unit.objects.none(), required=False, empty_label="全部单位")
    division = forms.ModelChoiceField(label="赛区", queryset=Division.objects.none(), required=False, empty_label="全部赛区")
    industry = forms.CharField(label="行业", required=False)
    category = forms.ChoiceField(label="项目类别", required=False, choices=[("", "全部"), *Category.choices])
    leader = forms.ModelChoiceField(label="包联领导", queryset=Person.objects.none(), required=False, empty_label="全部")
    band = forms.ChoiceField(
        label="投资规模",
        required=False,
        choices=[("", "全部"), ("1yi", "1亿元以上"), ("5yi", "5亿元以上"), ("10yi", "10亿元以上")],
    )
    key_level = forms.ChoiceField(
        label="重点项目",
        required=False,
        choices=[("", "全部"), (ANY_KEY_LEVEL, "重点项目（全部）"), *[c for c in KeyLevel.choices if c[0]], (NOT_KEY, "非重点")],
    )
    fortune500 = forms.ChoiceField(label="世界500强", required=False, choices=YES_NO_ANY)
    hightech = forms.ChoiceField(label="高新技术", required=False, choices=YES_NO_ANY)
    yi_plus = forms.ChoiceField(label="亿元以上", required=False, choices=YES_NO_ANY)
    region = forms.CharField(label="来源地区", required=False)
    investor_kind = forms.ChoiceField(label="客商类型", required=False, choices=[("", "全部"), *InvestorKind.choices])
    signed_from = forms.DateField(label="签约日期自", required=False, widget=DateInput)
    signed_to = forms.DateField(label="签约日期至", required=False, widget=DateInput)
    as_of = forms.DateField(label="截至日期", required=False, widget=DateInput, help_text="「已达到阶段」按此日期的记录判断")
    reached_from = forms.DateField(
        label="进入该阶段日期自", required=False, widget=DateInput, help_text="与「已达到阶段」一起使用：该阶段的日期在此区间内"
    )
    reached_to = forms.DateField(label="进入该阶段日期至", required=False, widget=DateInput)
    counted = forms.ChoiceField(label="计入统计", required=False, choices=[("", "全部"), ("1", "仅计入统计的项目（不含待研判重复）")])
    duplicate = forms.ChoiceField(label="重复研判", required=False, choices=[("", "全部"), ("1", "疑似重复（待研判）")])
    sort = forms.ChoiceField(label="排序", required=False, choices=[(k, v[0]) for k, v in SORTS.items()])

    def __init__(self, data, *, user: User):
        super().__init__(data)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).order_by("path")
        self.fields["division"].queryset = Division.objects.visible_to(user).order_by("sort_order", "name")
        # Leaders sit above the reporter's unit, so offer whoever leads a visible project.
        led = Project.objects.visible_to(user).exclude(responsible_leader=None).values("responsible_leader")
        self.fields["leader"].queryset = Person.objects.filter(pk__in=led).order_by("name")

    def filter(self, qs: ProjectQuerySet) -> ProjectQuerySet:
        """Narrow `qs` (already scoped to the user) by every given parameter. An
        invalid parameter is ignored rather than emptying the list; the form shows
        its error."""
        self.is_valid()  # cleaned_data keeps the valid parameters only
        data = self.cleaned_data
        qs = qs.active().search(data.get("q", ""))
        if data.get("stage"):
            qs = qs.in_stage(data["stage"])
        if data.get("reached"):
            as_of = data.get("as_of") or timezone.localdate()
            qs = qs.reached_by(data["reached"], as_of)
            if data.get("reached_from") or data.get("reached_to"):
                qs = qs.entered_between(data["reached"], data.get("reached_from") or EARLIEST, data.get("reached_to") or LATEST, as_of)
        if data.get("counted"):
            qs = qs.counted()
        if data.get("unit"):
            qs = qs.credited_to(data["unit"])
        if data.get("division"):
            qs = qs.in_division(data["division"])
        if data.get("industry"):
            qs = qs.filter(industry=data["industry"].strip())
        if data.get("category"):
            qs = qs.filter(category=data["category"])
        if data.get("leader"):
            qs = qs.filter(responsible_leader=data["leader"])
        if data.get("band"):
            qs = qs.investing_at_least(SIZE_BANDS[data["band"]])
        qs = self._key_level(qs, data.get("key_level", ""))
        for param, field in (("fortune500", "is_fortune500"), ("hightech", "is_high_tech"), ("yi_plus", "is_yi_plus")):
            if data.get(param):
                qs = qs.filter(**{field: data[param] == "1"})
        if data.get("region"):
            qs = qs.filter(source_region__icontains=data["region"].strip())
        if data.get("investor_kind"):
            qs = qs.filter(investor__kind=data["investor_kind"])
        if data.get("signed_from") or data.get("signed_to"):
            qs = qs.signed_between(data.get("signed_from") or EARLIEST, data.get("signed_to") or LATEST)
        if data.get("duplicate"):
            qs = qs.awaiting_duplicate_review()
        return qs.with_stage_order().order_by(*SORTS[data.get("sort") or ""][1])

    @staticmethod
    def _key_level(qs: ProjectQuerySet, level: str) -> ProjectQuerySet:
        if level == ANY_KEY_LEVEL:
            return qs.exclude(key_level="")
        if level == NOT_KEY:
            return qs.filter(key_level="")
        return qs.filter(key_level=level) if level else qs


INVESTOR_SORTS: dict[str, tuple[str, list[str]]] = {
    "": ("名称", ["name", "id"]),
    "-created": ("最近录入", ["-id"]),
    "region": ("来源地区", ["region", "name"]),
    "kind": ("客商类型", ["kind", "name"]),
}


class InvestorFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="名称/信用代码", required=False)
    kind = forms.ChoiceField(label="客商类型", required=False, choices=[("", "全部"), *InvestorKind.choices])
    region = forms.CharField(label="来源地区", required=False)
    fortune500 = forms.ChoiceField(label="世界500强", required=False, choices=YES_NO_ANY)
    sort = forms.ChoiceField(label="排序", required=False, choices=[(k, v[0]) for k, v in INVESTOR_SORTS.items()])

    def filter(self, qs):
        self.is_valid()
        data = self.cleaned_data
        qs = qs.search(data.get("q", ""))
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if data.get("region"):
            qs = qs.filter(region__icontains=data["region"].strip())
        if data.get("fortune500"):
            qs = qs.filter(is_fortune500=data["fortune500"] == "1")
        return qs.order_by(*INVESTOR_SORTS[data.get("sort") or ""][1])
