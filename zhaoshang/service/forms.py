"""Forms of the 营商环境 screens. Amounts are typed in 万元 and stored in 元."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

from zhaoshang.cases.models import Channel
from zhaoshang.core.forms import BootstrapMixin, VersionMixin, WanField
from zhaoshang.core.money import to_wan
from zhaoshang.core.widgets import DateInput
from zhaoshang.projects.models import Investor, Project

from . import actions, figures
from .models import Commitment, CommitmentStatus, ServiceItem


class _ListFilter(BootstrapMixin, forms.Form):
    """The filters a list shares with its export; `scope` (unit:…/division:…) is
    the drill-down from a figure and is checked by the view."""

    q = forms.CharField(label="关键词", required=False)
    scope = forms.CharField(required=False, widget=forms.HiddenInput)

    def data_or_empty(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}


class ItemFilterForm(_ListFilter):
    SORTS = {
        "": ("受理日期（新→旧）", ("-accepted_on", "-id")),
        "due": ("承诺办结日期", ("due_on", "id")),
        "finished": ("办结日期", ("-finished_on", "-id")),
    }
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), ("open", "在办"), ("finished", "已办结"), ("late", "超承诺时限")])
    finished_from = forms.DateField(label="办结日期从", required=False, widget=DateInput)
    finished_to = forms.DateField(label="至", required=False, widget=DateInput)
    sort = forms.ChoiceField(label="排序", required=False, choices=[(k, v[0]) for k, v in SORTS.items()])

    def filter(self, qs):
        data = self.data_or_empty()
        if data.get("q"):
            qs = qs.search(data["q"])
        state = data.get("state")
        if state == "open":
            qs = qs.filter(finished_on__isnull=True)
        elif state == "finished":
            qs = qs.filter(finished_on__isnull=False)
        elif state == "late":
            qs = qs.past_commitment(timezone.localdate())
        if data.get("finished_from"):
            qs = qs.filter(finished_on__gte=data["finished_from"])
        if data.get("finished_to"):
            qs = qs.filter(finished_on__lte=data["finished_to"])
        return qs.order_by(*self.SORTS[data.get("sort") or ""][1])


class CommitmentFilterForm(_ListFilter):
    SORTS = {
        "": ("兑现期限", ("due_on", "id")),
        "-due": ("兑现期限（新→旧）", ("-due_on", "-id")),
        "progress": ("最近进展（久→近）", ("last_progress_on", "id")),
    }
    status = forms.ChoiceField(label="兑现状态", required=False, choices=[("", "全部"), *CommitmentStatus.choices])
    attention = forms.ChoiceField(label="督办", required=False, choices=[("", "全部"), ("1", "督办中或逾期")])
    breach = forms.ChoiceField(label="政府违约投诉", required=False, choices=[("", "全部"), ("1", "有")])
    due_from = forms.DateField(label="兑现期限从", required=False, widget=DateInput)
    due_to = forms.DateField(label="至", required=False, widget=DateInput)
    sort = forms.ChoiceField(label="排序", required=False, choices=[(k, v[0]) for k, v in SORTS.items()])

    def filter(self, qs):
        data = self.data_or_empty()
        if data.get("q"):
            qs = qs.search(data["q"])
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("attention"):
            qs = qs.open().filter(supervised_on__isnull=False) | qs.filter(status=CommitmentStatus.OVERDUE)
        if data.get("breach"):
            qs = qs.filter(breach_raised_on__isnull=False)
        if data.get("due_from"):
            qs = qs.filter(due_on__gte=data["due_from"])
        if data.get("due_to"):
            qs = qs.filter(due_on__lte=data["due_to"])
        return qs.order_by(*self.SORTS[data.get("sort") or ""][1])


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="Excel（.xlsx）或 CSV 文件")


class ServiceItemForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ServiceItem
        fields = ["name", "applicant", "applicant_uscc", "project", "accepted_on", "committed_days", "statutory_days", "finished_on"]
        widgets = {"accepted_on": DateInput, "finished_on": DateInput}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        projects = Project.objects.visible_to(user) | Project.objects.filter(pk=self.instance.project_id)
        self.fields["project"].queryset = projects.distinct().order_by("name")

    def item_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CommitmentForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    amount_wan = WanField(label="涉及金额（万元）", required=False)
    not_yet = forms.BooleanField(label="兑现条件尚未成就（未到条件）", required=False)

    class Meta:
        model = Commitment
        fields = ["unit", "source", "source_ref", "investor", "project", "content", "condition", "due_on"]
        widgets = {"due_on": DateInput, "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = actions.writable_units(user).order_by("path")
        # The record's own investor and project stay choosable even when the user
        # would not find them in a list: an untouched save must keep them.
        investors = Investor.objects.visible_to(user) | Investor.objects.filter(pk=self.instance.investor_id)
        projects = Project.objects.visible_to(user) | Project.objects.filter(pk=self.instance.project_id)
        self.fields["investor"].queryset = investors.distinct().order_by("name")
        self.fields["project"].queryset = projects.distinct().order_by("name")
        if self.instance.pk:
            # The promising unit stays; a commitment moves with the unit that made it.
            del self.fields["unit"], self.fields["not_yet"]
            self.fields["amount_wan"].initial = to_wan(self.instance.amount, places=4)

    def commitment_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields and name != "unit"}
        data["amount"] = self.cleaned_data.get("amount_wan") or 0
        data["not_yet"] = self.cleaned_data.get("not_yet", False)
        return data


class ProgressForm(VersionMixin, BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label="兑现状态", choices=CommitmentStatus.settable())
    date = forms.DateField(label="日期", widget=DateInput)
    note = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label="未兑现原因", required=False, max_length=200)

    def clean(self):
        data = super().clean()
        try:
            actions.check_reason(data.get("reason", ""))
        except forms.ValidationError as error:
            self.add_error("reason", error.message_dict["reason"])
        if data.get("date") and data["date"] > timezone.localdate():
            self.add_error("date", "日期不能晚于今天")
        return data


class MilestoneForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="节点", max_length=200)
    due_on = forms.DateField(label="计划日期", widget=DateInput)


class BreachForm(BootstrapMixin, forms.Form):
    """登记为一件「政府违约」诉求，由承诺单位签收办理。"""

    channel = forms.ChoiceField(label="来源渠道", choices=Channel.choices, initial=Channel.VISIT, required=False)
    note = forms.CharField(label="客商反映的违约情况", widget=forms.Textarea(attrs={"rows": 2}))


class FiguresForm(BootstrapMixin, forms.Form):
    """The ranking's period: from the start of the as-of year, by the chosen figure."""

    as_of = forms.DateField(label="截至日期", required=False, widget=DateInput)
    by = forms.ChoiceField(label="排序指标", required=False, choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].choices = [(f.key, f.label) for f in figures.FIGURES]

    def period(self) -> tuple[date, date, str]:
        data = self.cleaned_data if self.is_valid() else {}
        as_of = data.get("as_of") or timezone.localdate()
        return date(as_of.year, 1, 1), as_of, data.get("by") or ""
