"""Forms of the obstacle screens (问题清单): add, change status, the board's filter
and its Excel columns."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone

from zhaoshang.core.excel import Column
from zhaoshang.core.forms import BootstrapMixin
from zhaoshang.core.widgets import DateInput
from zhaoshang.organisation.forms import UnitChoiceField
from zhaoshang.organisation.models import Person, Unit

from .models import ObstacleCategory, ObstacleStatus, Project


class ObstacleForm(BootstrapMixin, forms.Form):
    category = forms.ChoiceField(label="问题类别", choices=ObstacleCategory.choices)
    responsible_unit = UnitChoiceField(label="责任单位", queryset=Unit.objects.none())
    deadline = forms.DateField(label="办结时限", widget=DateInput, required=False, help_text="留空则按时限标准（项目问题）以工作日计算")
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        from .summaries import responsible_units

        self.fields["responsible_unit"].queryset = responsible_units(project)
        self.fields["responsible_unit"].initial = project.introducing_unit_id


class ObstacleStatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label="改为", choices=ObstacleStatus.choices)
    # The version of the obstacle the row showed (core/versions.py).
    version = forms.IntegerField(label="版本", widget=forms.HiddenInput, min_value=0)
    note = forms.CharField(label="办理情况/上报说明/退回原因", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    escalated_to = forms.ModelChoiceField(label="上报领导", queryset=Person.objects.leaders().active(), required=False, empty_label="（不指定）")


def quick_statuses(statuses: list[ObstacleStatus]) -> list[ObstacleStatus]:
    """What a row's status control offers: the steps that need no more than a note.
    上报 (a leader to choose) and 申请销号 (an evidence file) are taken on the
    obstacle's page."""
    return [s for s in statuses if s not in (ObstacleStatus.ESCALATED, ObstacleStatus.PROPOSED)]


ATTACHMENT_HELP = "PDF、JPG 或 PNG，不超过 10MB"


class ObstacleNoteForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label="办理情况", widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label="附件（可选）", required=False, help_text=ATTACHMENT_HELP)

    def __init__(self, *args, **kwargs):
        # Several of these forms share the obstacle's page: ids of their own.
        kwargs.setdefault("auto_id", "note_%s")
        super().__init__(*args, **kwargs)


class ObstacleProposalForm(BootstrapMixin, forms.Form):
    """申请销号: what was done, and the file that proves it."""

    version = forms.IntegerField(label="版本", widget=forms.HiddenInput, min_value=0)
    note = forms.CharField(label="办理结果", widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label="证明材料", help_text=ATTACHMENT_HELP)

    def __init__(self, *args, **kwargs):
        # Several of these forms share the obstacle's page: ids of their own.
        kwargs.setdefault("auto_id", "proposal_%s")
        super().__init__(*args, **kwargs)


class ObstacleInstructionForm(BootstrapMixin, forms.Form):
    version = forms.IntegerField(label="版本", widget=forms.HiddenInput, min_value=0)
    text = forms.CharField(label="批示内容", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        # Several of these forms share the obstacle's page: ids of their own.
        kwargs.setdefault("auto_id", "instruction_%s")
        super().__init__(*args, **kwargs)


OBSTACLE_SORTS = {
    "": ("办结时限（近→远）", ["deadline", "id"]),
    "-deadline": ("办结时限（远→近）", ["-deadline", "-id"]),
    "overdue": ("超期优先", ["-is_overdue", "deadline", "id"]),
    "-raised_at": ("提出时间（新→旧）", ["-raised_at", "-id"]),
    "project": ("项目名称", ["project__name", "deadline"]),
    "status": ("状态", ["status", "deadline"]),
}


class ObstacleFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="项目/问题", required=False)
    category = forms.ChoiceField(label="问题类别", required=False, choices=[("", "全部"), *ObstacleCategory.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), ("unresolved", "未销号（全部）"), *ObstacleStatus.choices])
    unit = UnitChoiceField(label="责任单位（含下级）", queryset=Unit.objects.none(), required=False, empty_label="全部单位")
    overdue = forms.BooleanField(label="只看超期", required=False)
    sort = forms.ChoiceField(label="排序", required=False, choices=[(k, v[0]) for k, v in OBSTACLE_SORTS.items()])

    def __init__(self, data, *, user: User):
        super().__init__(data)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).order_by("path")

    def filter(self, qs):
        data = self.cleaned_data if self.is_valid() else {}
        today = timezone.localdate()
        qs = qs.with_overdue_flag(today)
        if text := (data.get("q") or "").strip():
            qs = qs.filter(Q(project__name__icontains=text) | Q(description__icontains=text))
        if category := data.get("category"):
            qs = qs.filter(category=category)
        status = data.get("status")
        if status == "unresolved":
            qs = qs.unresolved()
        elif status:
            qs = qs.filter(status=status)
        if unit := data.get("unit"):
            qs = qs.of_responsible_unit(unit)
        if data.get("overdue"):
            qs = qs.overdue(today)
        return qs.order_by(*OBSTACLE_SORTS[data.get("sort") or ""][1])


OBSTACLE_COLUMNS = [
    Column("项目名称", lambda o: o.project.name, 28),
    Column("问题类别", lambda o: o.get_category_display(), 12),
    Column("问题描述", lambda o: o.description, 36),
    Column("责任单位", lambda o: o.responsible_unit.name, 18),
    Column("办结时限", lambda o: o.deadline, 12),
    Column("状态", lambda o: o.get_status_display(), 10),
    Column("是否超期", lambda o: o.is_overdue, 10),
    Column("上报领导", lambda o: o.escalated_to.name if o.escalated_to else "", 12),
    Column("领导批示", lambda o: o.instruction, 30),
]


def obstacle_data(form: ObstacleForm) -> dict:
    return {k: form.cleaned_data[k] for k in ("category", "description", "responsible_unit", "deadline")}
