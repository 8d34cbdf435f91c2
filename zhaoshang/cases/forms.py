from __future__ import annotations

from django import forms

from zhaoshang.core.forms import BootstrapMixin, VersionForm
from zhaoshang.core.widgets import DateInput
from zhaoshang.organisation.models import Unit, subtree_q
from zhaoshang.projects.validators import validate_uscc
from zhaoshang.timelimits.models import Urgency

from . import access
from .models import AttachmentKind, Case, CaseStatus, CaseType, Channel, Satisfaction


class CaseForm(BootstrapMixin, forms.ModelForm):
    """登记: the investor is linked by its USCC when it is in the 客商库."""

    uscc = forms.CharField(
        label="统一社会信用代码", max_length=18, required=False, validators=[validate_uscc], help_text="已在客商库中的企业自动关联客商及其项目"
    )
    investor_name = forms.CharField(label="企业名称", max_length=200, required=False, help_text="填写代码且企业已在客商库中时可不填")
    material = forms.FileField(label="诉求材料", required=False)

    class Meta:
        model = Case
        fields = ["title", "channel", "case_type", "urgency", "foreign", "uscc", "investor_name", "contact", "description", "unit"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = access.units_for_cases(user)
        self.fields["unit"].queryset = units
        self.fields["unit"].label = "承办单位"
        # The user's own unit (the top of his scope) unless he picks another.
        self.fields["unit"].initial = units.first()


class CaseVersionForm(VersionForm):
    """The version a case page was showing, sent back with each action."""


class ReasonForm(VersionForm):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class TransferForm(BootstrapMixin, VersionForm):
    unit = forms.ModelChoiceField(label="转办至", queryset=Unit.objects.none())
    reason = forms.CharField(label="转办理由", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = access.transfer_targets(case)


class NoteForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label="办理情况", widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="附件")
    kind = forms.ChoiceField(label="类别", choices=AttachmentKind.choices)


class CloseForm(BootstrapMixin, VersionForm):
    result = forms.CharField(label="办理结果", widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(
        label="办结佐证", widget=forms.Textarea(attrs={"rows": 2}), help_text="答复函文号、现场照片说明、企业确认情况等；可另行上传附件"
    )
    resolved = forms.BooleanField(label="问题已实际解决", required=False)


class VisitForm(BootstrapMixin, VersionForm):
    satisfaction = forms.TypedChoiceField(label="满意度", choices=Satisfaction.choices, coerce=int)
    is_default = forms.BooleanField(label="未能联系企业，按默认评价记录", required=False)
    note = forms.CharField(label="回访情况", widget=forms.Textarea(attrs={"rows": 2}), required=False)


SORTS = {
    "-received_at": "登记时间（新→旧）",
    "received_at": "登记时间（旧→新）",
    "unit__path": "承办单位",
    "status": "状态",
}


class CaseFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *CaseStatus.choices])
    case_type = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), *CaseType.choices])
    channel = forms.ChoiceField(label="渠道", required=False, choices=[("", "全部渠道"), *Channel.choices])
    urgency = forms.ChoiceField(label="紧急程度", required=False, choices=[("", "全部"), *Urgency.choices])
    foreign = forms.BooleanField(label="仅外商投诉", required=False)
    received_from = forms.DateField(label="登记日期从", required=False, widget=DateInput)
    received_to = forms.DateField(label="至", required=False, widget=DateInput)
    # The drill-down from a 营商环境 figure: unit:<id> (with its subtree) or division:<id>.
    # The list is already scoped to what the user reads, so a foreign scope lists nothing.
    scope = forms.CharField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(label="排序", required=False, choices=list(SORTS.items()))

    def filter(self, cases):
        if not self.is_valid():
            return cases
        data = self.cleaned_data
        cases = cases.search(data["q"])
        for field in ("status", "case_type", "channel", "urgency"):
            if data[field]:
                cases = cases.filter(**{field: data[field]})
        if data["foreign"]:
            cases = cases.filter(foreign=True)
        if data["received_from"]:
            cases = cases.filter(received_at__date__gte=data["received_from"])
        if data["received_to"]:
            cases = cases.filter(received_at__date__lte=data["received_to"])
        if data["scope"]:
            cases = cases.filter(subtree_q(_scope_paths(data["scope"]), "unit__path"))
        return cases.order_by(data["sort"] or "-received_at", "-id")


def _scope_paths(text: str) -> list[str]:
    """The unit paths a drill-down scope covers (none for a malformed or unknown one)."""
    kind, _, pk = text.partition(":")
    if not pk.isdigit():
        return []
    if kind == "unit":
        return list(Unit.objects.filter(pk=pk).values_list("path", flat=True))
    if kind == "division":
        return list(Unit.objects.filter(division__pk=pk).values_list("path", flat=True))
    return []
