"""Forms of the activity screens. Pickers offer only units the user may write (and
records they may see); actions.py checks again."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q

from zhaoshang.accounts import access
from zhaoshang.core import money
from zhaoshang.core.forms import BootstrapMixin, VersionMixin
from zhaoshang.core.widgets import DateInput, PickerSelectMultiple
from zhaoshang.organisation.forms import YES_NO_ANY, UnitChoiceField
from zhaoshang.organisation.models import Division, Person, Unit, UnitKind, subtree_q
from zhaoshang.projects.models import Investor, Project

from .models import SUB_INDICES, ActivityWeights, Event, EventKind, Publicity, TeamMembership, Trip, Visit


def writable_units(user: User, **filters):
    return Unit.objects.within(access.write_paths(user)).active().filter(**filters).order_by("path")


def person_choices(user: User, keep: Iterable[int] = ()):
    """Persons in office the user can see, plus the 四大家 leaders of their county:
    a township trip is often led by a county leader the township cannot otherwise
    see. `keep`: the persons already on the record being edited stay on offer after
    they have left, so saving it untouched does not drop them."""
    paths = access.read_paths(user)
    roots = {path[: Unit.steplen] for path in paths}
    serving = Q(is_active=True) & (subtree_q(paths, "unit__path") | (~Q(leader_body="") & subtree_q(roots, "unit__path")))
    return Person.objects.filter(serving | Q(pk__in=list(keep))).select_related("unit").order_by("unit__path", "sort_order", "id")


def person_label(person: Person) -> str:
    return f"{person.name}（{person.unit.display_name} {person.post}）".replace(" ）", "）")


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return person_label(person)


class OnePersonField(forms.ModelChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return person_label(person)


def multi(label: str, **kwargs) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Project.objects.none(),
        required=False,
        widget=PickerSelectMultiple,
        help_text="输入名称搜索并点选，可选多个",
        **kwargs,
    )


class DatesInOrderMixin:
    """end ≥ start, said in the form's own words before the action says it again."""

    start_field = "start_date"
    end_field = "end_date"
    order_message = "结束日期不能早于开始日期"

    def clean(self):
        data = super().clean()
        start, end = data.get(self.start_field), data.get(self.end_field)
        if start and end and end < start:
            self.add_error(self.end_field, self.order_message)
        return data


class TripForm(VersionMixin, DatesInOrderMixin, BootstrapMixin, forms.ModelForm):
    unit = UnitChoiceField(label="组织单位", queryset=Unit.objects.none())
    leaders = PersonChoiceField(label="带队领导", queryset=Person.objects.none(), required=False, widget=PickerSelectMultiple)
    investors = multi("拜访客商")
    leads = multi("形成线索/项目")
    order_message = "返回日期不能早于出发日期"

    class Meta:
        model = Trip
        fields = [
            "unit",
            "start_date",
            "end_date",
            "destination_city",
            "destination_country",
            "leaders",
            "participants",
            "companies_met",
            "investors",
            "leads",
            "notes",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "companies_met": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)
        current = list(self.instance.leader_rows.values_list("person_id", flat=True)) if self.instance.pk else []
        self.fields["leaders"].queryset = person_choices(user, keep=current)
        self.fields["investors"].queryset = Investor.objects.order_by("name")
        self.fields["leads"].queryset = Project.objects.visible_to(user).order_by("name")
        if self.instance.pk:
            self.fields["leaders"].initial = current

    def trip_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("leaders", "version")}


class VisitForm(VersionMixin, DatesInOrderMixin, BootstrapMixin, forms.ModelForm):
    host_unit = UnitChoiceField(label="接待单位", queryset=Unit.objects.none())
    leaders = PersonChoiceField(label="陪同领导", queryset=Person.objects.none(), required=False, widget=PickerSelectMultiple)
    projects = multi("洽谈项目")
    order_message = "离开日期不能早于来访日期"

    class Meta:
        model = Visit
        fields = ["investor", "start_date", "end_date", "host_unit", "visitors", "projects", "leaders", "notes"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "visitors": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = writable_units(user)
        current = list(self.instance.leaders.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["leaders"].queryset = person_choices(user, keep=current)
        self.fields["investor"].queryset = Investor.objects.order_by("name")
        self.fields["projects"].queryset = Project.objects.visible_to(user).order_by("name")


class EventForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    organiser = UnitChoiceField(label="主办单位", queryset=Unit.objects.none())

    class Meta:
        model = Event
        fields = ["name", "kind", "date", "place", "is_abroad", "organiser", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = writable_units(user)


class SigningForm(BootstrapMixin, forms.Form):
    project = forms.ModelChoiceField(label="关联项目", queryset=Project.objects.none(), required=False, empty_label="（不关联）")
    project_name = forms.CharField(label="签约项目名称", max_length=200, required=False, help_text="不关联项目时必填")
    amount_wan = forms.DecimalField(label="签约金额（万元）", min_value=Decimal(0), max_digits=14, decimal_places=4)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.visible_to(user).order_by("name")

    def clean_amount_wan(self) -> int:
        try:
            return money.parse_wan(self.cleaned_data["amount_wan"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        data = super().clean()
        if not data.get("project") and not (data.get("project_name") or "").strip():
            self.add_error("project_name", "请填写签约项目名称或选择关联项目")
        return data

    def signing_data(self) -> dict:
        return {"project": self.cleaned_data["project"], "project_name": self.cleaned_data["project_name"], "amount": self.cleaned_data["amount_wan"]}


class MembershipForm(VersionMixin, DatesInOrderMixin, BootstrapMixin, forms.ModelForm):
    team = UnitChoiceField(label="驻点招商组", queryset=Unit.objects.none())
    person = OnePersonField(label="成员", queryset=Person.objects.none())
    start_field, end_field, order_message = "joined_on", "left_on", "离组日期不能早于进组日期"

    class Meta:
        model = TeamMembership
        fields = ["team", "person", "joined_on", "left_on", "note"]
        widgets = {"joined_on": DateInput(), "left_on": DateInput()}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = writable_units(user, kind=UnitKind.STATIONED_TEAM)
        # A member who has left the civil service still gets his 离组 date recorded.
        self.fields["person"].queryset = person_choices(user, keep=[self.instance.person_id] if self.instance.person_id else [])


class PublicityForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    unit = UnitChoiceField(label="报送单位", queryset=Unit.objects.none())
    url = forms.URLField(label="链接", required=False, assume_scheme="https")

    class Meta:
        model = Publicity
        fields = ["date", "unit", "title", "outlet", "url"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)


class WeightsForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ActivityWeights
        fields = [key for key, _ in SUB_INDICES]

    def clean(self):
        data = super().clean()
        if not any(data.get(key) for key, _ in SUB_INDICES):
            raise forms.ValidationError("权重不能全部为0")
        return data


# ---------------------------------------------------------------- list filters


class ListFilterForm(BootstrapMixin, forms.Form):
    """Unit (with its subtree), a date range and a sort, shared by every list;
    subclasses add their own filters in `refine`."""

    SORTS: dict[str, tuple[str, list[str]]] = {}
    date_field = "start_date"

    unit = UnitChoiceField(label="单位（含下级）", queryset=Unit.objects.none(), required=False, empty_label="全部单位")
    division = forms.ModelChoiceField(label="赛区", queryset=Division.objects.none(), required=False, empty_label="全部赛区")
    start = forms.DateField(label="开始日期", required=False, widget=DateInput())
    end = forms.DateField(label="结束日期", required=False, widget=DateInput())
    sort = forms.ChoiceField(label="排序", required=False)

    def __init__(self, data, *, user: User):
        super().__init__(data)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).order_by("path")
        self.fields["division"].queryset = Division.objects.visible_to(user).order_by("sort_order", "name")
        self.fields["sort"].choices = [(key, label) for key, (label, _) in self.SORTS.items()]

    def refine(self, qs, data: dict):
        return qs

    def filter(self, qs):
        self.is_valid()
        # Valid fields apply even when another one is not (a stale unit id in a link).
        data = getattr(self, "cleaned_data", {})
        qs = qs.within(data.get("unit")).in_division(data.get("division"))
        if data.get("start"):
            qs = qs.filter(**{f"{self.date_field}__gte": data["start"]})
        if data.get("end"):
            qs = qs.filter(**{f"{self.date_field}__lte": data["end"]})
        qs = self.refine(qs, data)
        return qs.order_by(*self.SORTS[data.get("sort") or ""][1])


def _flag(value: str | None) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


class TripFilterForm(ListFilterForm):
    SORTS = {
        "": ("出发日期（新→旧）", ["-start_date", "-id"]),
        "start_date": ("出发日期（旧→新）", ["start_date", "id"]),
        "unit": ("组织单位", ["unit__path", "-start_date"]),
        "destination": ("目的地", ["destination_city", "-start_date"]),
    }
    q = forms.CharField(label="目的地/企业", required=False)
    principal = forms.ChoiceField(label="主要负责人带队", choices=YES_NO_ANY, required=False)

    def refine(self, qs, data):
        if text := (data.get("q") or "").strip():
            qs = qs.filter(Q(destination_city__icontains=text) | Q(destination_country__icontains=text) | Q(companies_met__icontains=text))
        return qs.principal_led(_flag(data.get("principal")))


class VisitFilterForm(ListFilterForm):
    SORTS = {
        "": ("来访日期（新→旧）", ["-start_date", "-id"]),
        "start_date": ("来访日期（旧→新）", ["start_date", "id"]),
        "unit": ("接待单位", ["host_unit__path", "-start_date"]),
        "investor": ("客商", ["investor__name", "-start_date"]),
    }
    q = forms.CharField(label="客商名称", required=False)

    def refine(self, qs, data):
        if text := (data.get("q") or "").strip():
            qs = qs.filter(investor__name__icontains=text)
        return qs


class EventFilterForm(ListFilterForm):
    SORTS = {
        "": ("举办日期（新→旧）", ["-date", "-id"]),
        "date": ("举办日期（旧→新）", ["date", "id"]),
        "-signing_total": ("签约金额（高→低）", ["-signing_total", "-date"]),
    }
    date_field = "date"
    kind = forms.ChoiceField(label="活动类型", choices=[("", "全部"), *EventKind.choices], required=False)
    abroad = forms.ChoiceField(label="举办地", choices=[("", "全部"), ("0", "境内"), ("1", "境外")], required=False)

    def refine(self, qs, data):
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if (abroad := _flag(data.get("abroad"))) is not None:
            qs = qs.filter(is_abroad=abroad)
        return qs


class MembershipFilterForm(ListFilterForm):
    SORTS = {
        "": ("驻点组、进组日期", ["team__path", "joined_on", "id"]),
        "-joined_on": ("进组日期（新→旧）", ["-joined_on", "-id"]),
        "-left_on": ("离组日期（新→旧）", ["-left_on", "-id"]),
        "person": ("姓名", ["person__name", "id"]),
    }
    date_field = "joined_on"
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), ("current", "在组"), ("left", "已离组")], required=False)

    def __init__(self, data, *, user: User):
        super().__init__(data, user=user)
        self.fields["unit"].label = "驻点招商组"
        self.fields["unit"].empty_label = "全部驻点组"
        self.fields["unit"].queryset = Unit.objects.visible_to(user).filter(kind=UnitKind.STATIONED_TEAM).order_by("path")
        self.fields["start"].label = "进组日期自"
        self.fields["end"].label = "进组日期至"

    def refine(self, qs, data):
        if data.get("status") == "current":
            qs = qs.filter(left_on__isnull=True)
        elif data.get("status") == "left":
            qs = qs.filter(left_on__isnull=False)
        return qs


class PublicityFilterForm(ListFilterForm):
    SORTS = {
        "": ("发布日期（新→旧）", ["-date", "-id"]),
        "date": ("发布日期（旧→新）", ["date", "id"]),
        "unit": ("报送单位", ["unit__path", "-date"]),
    }
    date_field = "date"
    q = forms.CharField(label="标题/媒体", required=False)

    def refine(self, qs, data):
        if text := (data.get("q") or "").strip():
            qs = qs.filter(Q(title__icontains=text) | Q(outlet__icontains=text))
        return qs


class PeriodForm(BootstrapMixin, forms.Form):
    """The period of the stationed-team page's churn figure."""

    start = forms.DateField(label="开始日期", required=False, widget=DateInput())
    end = forms.DateField(label="结束日期", required=False, widget=DateInput())


class WeekForm(BootstrapMixin, forms.Form):
    week = forms.DateField(label="周（任选该周一天）", required=False, widget=DateInput())
