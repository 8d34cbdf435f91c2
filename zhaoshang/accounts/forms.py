from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.db.models import Q

from zhaoshang.core.forms import BootstrapMixin, PlainTextMixin, VersionMixin
from zhaoshang.core.widgets import DateInput
from zhaoshang.organisation.models import Person, Unit

from .models import LoginEventQuerySet, LoginOutcome, Role, UserQuerySet


class LoginForm(PlainTextMixin, AuthenticationForm):
    """Django's zh-hans wording ("请输入一个正确的 用户名 和密码. 注意他们都是区分大小写的.")
    reads like a machine translation; say it the way a clerk expects."""

    error_messages = {
        "invalid_login": "用户名或密码不正确，请注意区分大小写。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }


class UnitChoiceField(forms.ModelChoiceField):
    """The unit tree as an indented list, so a picker shows where a unit sits."""

    def label_from_instance(self, unit: Unit) -> str:
        return "\u3000" * (unit.depth - 1) + unit.name


def _unit_field(label: str, required: bool) -> UnitChoiceField:
    return UnitChoiceField(
        label=label,
        queryset=Unit.objects.active().order_by("path"),
        required=required,
        empty_label="全部单位" if not required else "请选择单位",
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return f"{person} · {person.unit.name}"


class UserFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, widget=forms.TextInput(attrs={"placeholder": "用户名、姓名或邮箱"}))
    role = forms.ChoiceField(label="角色", required=False, choices=[("", "全部角色"), *Role.choices])
    unit = _unit_field("单位（含下级）", required=False)
    active = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), ("1", "启用"), ("0", "已停用")])
    sort = forms.ChoiceField(label="排序", required=False, choices=[(k, k) for k in UserQuerySet.SORTS])

    def filter(self, users: UserQuerySet) -> UserQuerySet:
        """The list's rows: the same for the page and the Excel export."""
        # A bad value in one filter (a stale unit id) drops that filter only.
        self.is_valid()
        data = self.cleaned_data
        active = {"1": True, "0": False}.get(data.get("active") or "")
        return (
            users.search((data.get("q") or "").strip())
            .holding(role=data.get("role") or None, unit=data.get("unit"))
            .active(active)
            .sorted_by(data.get("sort") or "username")
        )


def _free_persons(account: User | None):
    """Active cadres without a login, plus the one already linked to this login."""
    free = Q(user__isnull=True) | Q(user=account) if account else Q(user__isnull=True)
    return Person.objects.active().filter(free).select_related("unit").order_by("unit__path", "name")


def _person_field() -> PersonChoiceField:
    return PersonChoiceField(
        label="关联人员",
        queryset=Person.objects.none(),
        required=False,
        empty_label="不关联",
        help_text="将账号与干部名册中的人员对应（可选）",
    )


def _password_field(label: str) -> forms.CharField:
    return forms.CharField(label=label, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


class _PasswordPairMixin:
    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "两次输入的密码不一致")
        return data


class UserCreateForm(_PasswordPairMixin, BootstrapMixin, forms.Form):
    username = forms.RegexField(
        label="用户名",
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": "用户名只能包含字母、数字和 @/./+/-/_ 字符"},
        help_text="登录时使用，建议用姓名拼音",
    )
    name = forms.CharField(label="姓名", max_length=150)
    email = forms.EmailField(label="电子邮箱", required=False)
    person = _person_field()
    password = _password_field("初始密码")
    password2 = _password_field("确认密码")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _free_persons(None)


class UserEditForm(VersionMixin, BootstrapMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=150)
    email = forms.EmailField(label="电子邮箱", required=False)
    person = _person_field()

    def __init__(self, *args, account: User, **kwargs):
        kwargs.setdefault(
            "initial",
            {"name": account.first_name, "email": account.email, "person": Person.objects.filter(user=account).first()},
        )
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _free_persons(account)


class RoleForm(BootstrapMixin, forms.Form):
    role = forms.ChoiceField(label="角色", choices=[("", "请选择角色"), *Role.choices])
    unit = _unit_field("管辖单位", required=True)


class PasswordResetForm(_PasswordPairMixin, BootstrapMixin, forms.Form):
    password = _password_field("新密码")
    password2 = _password_field("确认新密码")


class TokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="用途", max_length=50, help_text="例如：数据对接脚本、统计报表工具")


class OtpCodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label="动态口令",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text="手机验证器上显示的 6 位数字；手机不在身边时，可输入一个恢复码",
    )


class LoginEventFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, widget=forms.TextInput(attrs={"placeholder": "用户名或地址"}))
    result = forms.ChoiceField(label="成败", required=False, choices=[("", "全部"), ("1", "成功"), ("0", "失败")])
    outcome = forms.ChoiceField(label="结果", required=False, choices=[("", "全部结果"), *LoginOutcome.choices])
    start = forms.DateField(label="起始日期", required=False, widget=DateInput())
    end = forms.DateField(label="截止日期", required=False, widget=DateInput())
    sort = forms.ChoiceField(label="排序", required=False, choices=[(k, k) for k in LoginEventQuerySet.SORTS])

    def filter(self, events: LoginEventQuerySet) -> LoginEventQuerySet:
        """The log's rows: the same for the page and the Excel export."""
        # A bad value in one filter drops that filter only.
        self.is_valid()
        data = self.cleaned_data
        return (
            events.search((data.get("q") or "").strip())
            .succeeded({"1": True, "0": False}.get(data.get("result") or ""))
            .with_outcome(data.get("outcome") or "")
            .between(data.get("start"), data.get("end"))
            .sorted_by(data.get("sort") or "-time")
        )
