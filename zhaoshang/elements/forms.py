"""Forms of the element screens: plan a step, complete it with evidence, report it
blocked, solve a problem, edit a template, generate steps, filter the step list."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from zhaoshang.catalogues.forms import ListField
from zhaoshang.catalogues.models import Industry
from zhaoshang.core.excel import Column
from zhaoshang.core.forms import BootstrapMixin, VersionMixin, WanField
from zhaoshang.core.money import to_wan
from zhaoshang.core.widgets import DateInput
from zhaoshang.organisation.forms import UnitChoiceField
from zhaoshang.organisation.models import Unit
from zhaoshang.projects.summaries import responsible_units

from .models import ElementKind, ElementStep, LandThreshold, ProjectType, StepState, StepTemplate


class GenerateForm(BootstrapMixin, forms.Form):
    project_type = forms.ChoiceField(label="项目类型", choices=ProjectType.choices)


class StepForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    responsible_unit = UnitChoiceField(label="责任部门", queryset=Unit.objects.none())

    class Meta:
        model = ElementStep
        fields = ["name", "responsible_unit", "planned_date", "limit_days", "blocks_start"]
        widgets = {"planned_date": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = responsible_units(self.instance.project)


class CompleteForm(BootstrapMixin, forms.Form):
    version = forms.IntegerField(label="版本", widget=forms.HiddenInput, min_value=0)
    evidence_note = forms.CharField(label="办结依据", max_length=200, required=False, help_text="批文、合同、接电单的文号或说明")
    evidence = forms.FileField(label="依据文件", required=False)
    completed_on = forms.DateField(label="完成日期", widget=DateInput, required=False, help_text="留空为今天")


class BlockForm(BootstrapMixin, forms.Form):
    description = forms.CharField(label="受阻原因", widget=forms.Textarea(attrs={"rows": 2}))


class CloseProblemForm(BootstrapMixin, forms.Form):
    resolution = forms.CharField(label="解决情况及依据", widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(label="依据文件", required=False)


class TemplateForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    responsible_unit = UnitChoiceField(
        label="责任部门", queryset=Unit.objects.active().order_by("path"), required=False, empty_label="（项目落地单位）"
    )

    class Meta:
        model = StepTemplate
        fields = ["kind", "name", "responsible_unit", "limit_days", "blocks_start", "after", "position"]


class StepFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="项目/环节", required=False)
    kind = forms.ChoiceField(label="要素", required=False, choices=[("", "全部"), *ElementKind.choices])
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), ("open", "未完成（全部）"), *StepState.choices])
    mine = forms.BooleanField(label="仅本单位承办", required=False)


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")


STEP_COLUMNS = [
    Column("环节编号", lambda s: s.pk, 10),
    Column("项目名称", lambda s: s.project.name, 28),
    Column("要素", lambda s: s.get_kind_display(), 12),
    Column("代码", lambda s: s.code, 18),
    Column("环节", lambda s: s.name, 20),
    Column("责任部门", lambda s: s.responsible_unit.name, 18),
    Column("计划完成日期", lambda s: s.planned_date, 14),
    Column("办理时限（工作日）", lambda s: s.limit_days, 10),
    Column("状态", lambda s: s.get_state_display(), 10),
    Column("影响开工", lambda s: "是" if s.blocks_start else "否", 8),
    Column("完成日期", lambda s: s.completed_on, 12),
    Column("办结依据", lambda s: s.evidence_note, 30),
]


class SigningReviewForm(BootstrapMixin, forms.Form):
    area_mu = forms.DecimalField(label="用地面积（亩）", min_value=Decimal("0.01"), max_digits=10, decimal_places=2)
    investment_wan = forms.IntegerField(label="承诺固定资产投资（万元）", min_value=0, max_value=100_000_000)
    tax_wan = forms.IntegerField(label="承诺年税收（万元）", min_value=0, max_value=10_000_000)
    veto = forms.CharField(label="否决事项", max_length=200, required=False, help_text="如高污染、高耗能、不符合产业政策；有则暂缓")
    note = forms.CharField(label="说明/附加条件", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProductionReviewForm(BootstrapMixin, forms.Form):
    investment_wan = forms.IntegerField(label="实际固定资产投资（万元）", min_value=0, max_value=100_000_000)
    tax_wan = forms.IntegerField(label="实际年税收（万元）", min_value=0, max_value=10_000_000)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


# A threshold per 亩 is never zero.
PER_MU = {"min_value": Decimal("0.0001"), "max_digits": 14}


class ThresholdForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    """亩均效益标准: money typed in 万元, stored in 元. Built with the instance to edit,
    or without one to add a threshold."""

    park = UnitChoiceField(label="园区/落地单位", queryset=Unit.objects.active().order_by("path"), required=False, empty_label="（全县）")
    industry = ListField(Industry, label="行业", help_text="留空适用于全部行业")
    investment_wan = WanField(label="亩均投资（万元/亩）", initial=300, **PER_MU)
    tax_wan = WanField(label="亩均税收（万元/亩·年）", initial=25, **PER_MU)

    class Meta:
        model = LandThreshold
        fields = ["park", "industry"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["industry"].current = self.instance.industry
            self.fields["investment_wan"].initial = to_wan(self.instance.investment_per_mu, places=4)
            self.fields["tax_wan"].initial = to_wan(self.instance.tax_per_mu_year, places=4)

    def threshold_data(self) -> dict:
        data = self.cleaned_data
        return {
            "park": data["park"],
            "industry": data["industry"] or "",
            "investment_per_mu": data["investment_wan"],
            "tax_per_mu_year": data["tax_wan"],
        }
