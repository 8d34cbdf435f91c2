"""Forms of the organisation screens. Pickers only offer what the user may use;
the actions check again."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.contrib.auth.models import User
from django.db.models.query import EmptyQuerySet

from zhaoshang.accounts import access
from zhaoshang.core import money
from zhaoshang.core.forms import BootstrapMixin, VersionMixin

from .models import ANY_LEADER_BODY, Division, LeaderBody, Person, Unit, UnitKind

PHONE_RE = re.compile(r"^[0-9+\-() ]{5,30}$")
YES_NO_ANY = [("", "全部"), ("1", "是"), ("0", "否")]


def path_prefixes(path: str) -> list[str]:
    """The path itself and every ancestor's path."""
    return [path[:i] for i in range(Unit.steplen, len(path) + 1, Unit.steplen)]


class UnitChoiceField(forms.ModelChoiceField):
    """Units indented by depth, so a flat select still reads as a tree. When a
    required choice has one unit only (a reporter of a township without villages),
    it comes chosen and without a blank: nobody has to pick the only answer."""

    def _set_queryset(self, queryset) -> None:
        super()._set_queryset(queryset)
        if self.required and self.initial is None and not isinstance(self.queryset, EmptyQuerySet):
            only = list(self.queryset[:2])
            if len(only) == 1:
                self.initial, self.empty_label = only[0].pk, None
                self.widget.choices = self.choices

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, unit: Unit) -> str:
        return "　" * (unit.depth - 1) + unit.name


class UnitForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "division", "city", "sort_order"]

    def __init__(self, *args, parent: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # A unit can join a division of any jurisdiction above it (never its own).
        if self.instance.pk:
            prefixes = path_prefixes(self.instance.path)[:-1]
        else:
            prefixes = path_prefixes(parent.path) if parent else []
        self.fields["division"].queryset = Division.objects.filter(jurisdiction__path__in=prefixes).select_related("jurisdiction")
        self.fields["division"].empty_label = "（不属于赛区）"


class UnitMoveForm(BootstrapMixin, forms.Form):
    parent = UnitChoiceField(label="新的上级单位", queryset=Unit.objects.none())

    def __init__(self, *args, unit: Unit, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Unit.objects.editable_by(user).active().exclude(path__startswith=unit.path).order_by("path")


class UnitTreeFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="名称", required=False, widget=forms.TextInput(attrs={"placeholder": "按名称搜索"}))
    inactive = forms.BooleanField(label="显示已停用单位", required=False)


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit: Unit) -> str:
        label = "　" * max(unit.depth - 2, 0) + unit.name
        if unit.division_id and unit.division_id != getattr(self, "current_division_id", None):
            label += f"（现属{unit.division.name}）"
        return label


class DivisionForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    default_quota_wan = forms.DecimalField(
        label="默认任务（万元）", min_value=Decimal(0), max_digits=14, decimal_places=4, help_text="到位资金默认任务"
    )
    members = MemberChoiceField(
        label="成员单位",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text="按住 Ctrl（手机上直接点选）可多选；已属其他赛区的单位选中后将调入本赛区",
    )

    class Meta:
        model = Division
        fields = ["name", "default_quota_wan", "competes", "sort_order", "members"]

    def __init__(self, *args, jurisdiction: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        members = self.fields["members"]
        members.queryset = (
            Unit.objects.filter(path__startswith=jurisdiction.path, is_active=True)
            .exclude(pk=jurisdiction.pk)
            .select_related("division")
            .order_by("path")
        )
        members.current_division_id = self.instance.pk
        if self.instance.pk:
            # Exact and a Decimal, as the field cleans it: an untouched form has not changed.
            self.fields["default_quota_wan"].initial = Decimal(self.instance.default_quota) / money.WAN
            members.initial = list(self.instance.units.values_list("pk", flat=True))

    def clean_default_quota_wan(self) -> int:
        try:
            return money.parse_wan(self.cleaned_data["default_quota_wan"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def division_data(self) -> dict:
        data = {f: self.cleaned_data[f] for f in ("name", "competes", "sort_order")}
        data["default_quota"] = self.cleaned_data["default_quota_wan"]
        return data


class DivisionFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="赛区名称", required=False)
    competes = forms.ChoiceField(label="参加排名", choices=YES_NO_ANY, required=False)
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[("", "默认顺序"), ("name", "名称"), ("-default_quota", "默认任务从高到低"), ("default_quota", "默认任务从低到高")],
    )

    ORDERING = {
        "": ["sort_order", "name"],
        "name": ["name"],
        "-default_quota": ["-default_quota", "name"],
        "default_quota": ["default_quota", "name"],
    }

    def filter(self, qs):
        data = self.cleaned_data if self.is_valid() else {}
        qs = qs.search(data.get("q", ""))
        if data.get("competes"):
            qs = qs.filter(competes=data["competes"] == "1")
        return qs.order_by(*self.ORDERING[data.get("sort", "")])


def validate_phone(value: str) -> None:
    if value and not PHONE_RE.match(value):
        raise forms.ValidationError("请输入有效的电话号码（数字，可含 - 和空格）")


class PersonForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    unit = UnitChoiceField(label="所在单位", queryset=Unit.objects.none())

    class Meta:
        model = Person
        fields = ["name", "post", "unit", "is_principal", "leader_body", "phone", "sort_order"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.within(access.write_paths(user)).active().order_by("path")
        self.fields["leader_body"].choices = [("", "（否）"), *LeaderBody.choices]
        if not access.bureau_paths(user):
            # actions._check_leader_mark: the bureau marks 四大家 leaders.
            self.fields["leader_body"].disabled = True
            self.fields["leader_body"].help_text = "由招商局登记"

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        validate_phone(phone)
        return phone


SORTS = {
    "": ("默认顺序", ["unit__path", "sort_order", "id"]),
    "name": ("姓名", ["name", "id"]),
    "-name": ("姓名（倒序）", ["-name", "-id"]),
    "unit": ("单位", ["unit__path", "name"]),
    "post": ("职务", ["post", "name"]),
}


class PersonFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="姓名/职务", required=False)
    unit = UnitChoiceField(label="单位（含下级）", queryset=Unit.objects.none(), required=False, empty_label="全部单位")
    leader_body = forms.ChoiceField(
        label="四大家领导", required=False, choices=[("", "全部"), (ANY_LEADER_BODY, "四大家领导（全部）"), *LeaderBody.choices]
    )
    principal = forms.ChoiceField(label="主要负责人", choices=YES_NO_ANY, required=False)
    active = forms.ChoiceField(label="状态", choices=[("", "全部"), ("1", "在职"), ("0", "已停用")], required=False)
    sort = forms.ChoiceField(label="排序", required=False, choices=[(k, v[0]) for k, v in SORTS.items()])

    def __init__(self, data, *, user: User):
        # Active persons are what a clerk looks for unless they ask otherwise.
        data = data.copy()
        data.setdefault("active", "1")
        super().__init__(data)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).order_by("path")

    def filter(self, qs):
        data = self.cleaned_data if self.is_valid() else {"active": "1"}

        def flag(name: str) -> bool | None:
            return {"1": True, "0": False}.get(data.get(name) or "")

        qs = qs.matching(
            text=data.get("q", ""),
            unit=data.get("unit"),
            leader_body=data.get("leader_body", ""),
            principal=flag("principal"),
            active=flag("active"),
        )
        return qs.order_by(*SORTS[data.get("sort", "")][1])


UNIT_KIND_LABELS = [kind.label for kind in UnitKind]
