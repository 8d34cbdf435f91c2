"""Profile and API tokens for every login; user and role management for admins."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.core import excel
from zhaoshang.core.versions import ConflictError, history_version
from zhaoshang.core.forms import nothing_changed

from . import access, actions
from .forms import PasswordResetForm, RoleForm, TokenForm, UserCreateForm, UserEditForm, UserFilterForm
from .history import account_history
from .models import Role, accounts, login_failures


def admin_required(view: Callable) -> Callable:
    """Logged in (else to the login page) and a system admin (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        access.require_admin(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- Profile and personal API tokens -------------------------------------------------


def _profile(request: HttpRequest, form: TokenForm, new_key: str = "", status: int = 200) -> HttpResponse:
    context = {
        "assignments": request.user.roles.select_related("unit").order_by("unit__path", "role"),
        "tokens": request.user.api_tokens.all(),
        "form": form,
        "new_key": new_key,
        "api_base": request.build_absolute_uri("/api/v1/"),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return _profile(request, TokenForm())


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, key = actions.do_create_token(request.user, form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Rendered, not redirected: the plain key must never sit in a session
            # or a message cookie. This response is the only time it is shown.
            return _profile(request, TokenForm(), new_key=key)
    return _profile(request, form, status=400)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = access.get_token_for_user(request.user, pk, write=True)
    actions.do_revoke_token(token, request.user)
    messages.success(request, f"已吊销令牌「{token.name}」")
    return redirect("accounts:profile")


# --- User management (admins) -----------------------------------------------------------


def _filtered_users(request: HttpRequest) -> tuple[UserFilterForm, object]:
    form = UserFilterForm(request.GET)
    users = form.filter(accounts()).select_related("person").prefetch_related("roles__unit")
    return form, users


@admin_required
def user_list(request: HttpRequest) -> HttpResponse:
    form, users = _filtered_users(request)
    page = Paginator(users, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"form": form, "page": page, "roles": Role})


def _roles_text(user: User) -> str:
    return "；".join(str(assignment) for assignment in user.roles.all())


def _local(value):
    return timezone.localtime(value) if value else None


USER_COLUMNS = [
    excel.Column("用户名", lambda u: u.username),
    excel.Column("姓名", lambda u: u.first_name),
    excel.Column("电子邮箱", lambda u: u.email, 24),
    excel.Column("关联人员", lambda u: getattr(getattr(u, "person", None), "name", "")),
    excel.Column("角色", _roles_text, 40),
    excel.Column("状态", lambda u: "启用" if u.is_active else "已停用", 10),
    excel.Column("最近登录", lambda u: _local(u.last_login), 20),
    excel.Column("创建时间", lambda u: _local(u.date_joined), 20),
]


@admin_required
def user_export(request: HttpRequest) -> HttpResponse:
    _form, users = _filtered_users(request)
    return excel.export("用户与角色.xlsx", "用户", USER_COLUMNS, users)


@admin_required
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = actions.do_create_user(
                data["username"],
                data["name"],
                data["password"],
                by=request.user,
                email=data["email"],
                person=data["person"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已创建账号「{user.username}」，请为其授予角色")
            return redirect("accounts:user_detail", user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "title": "新建账号"})


def _detail_context(account: User, role_form: RoleForm | None = None) -> dict:
    return {
        "account": account,
        "assignments": account.roles.select_related("unit").order_by("unit__path", "role"),
        "role_form": role_form or RoleForm(),
        "person": getattr(account, "person", None),
        "failures": login_failures(account.username),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "history": account_history(account),
    }


@admin_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = access.get_account_for_user(request.user, pk)
    return render(request, "accounts/user_detail.html", _detail_context(account))


@admin_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = access.get_account_for_user(request.user, pk, write=True)
    form = UserEditForm(request.POST or None, account=account, version=history_version(account))
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("accounts:user_detail", account.pk)
        data = form.cleaned_data
        try:
            actions.do_update_user(
                account,
                name=data["name"],
                email=data["email"],
                by=request.user,
                person=data["person"],
                expected_version=data["version"],
            )
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "账号信息已保存")
            return redirect("accounts:user_detail", account.pk)
    context = {"form": form, "account": account, "title": "编辑账号"}
    return render(request, "accounts/user_form.html", context, status=status)


@admin_required
@require_POST
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    account = access.get_account_for_user(request.user, pk, write=True)
    active = request.POST.get("active") == "1"
    try:
        actions.do_set_user_active(account, active, by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已{'启用' if active else '停用'}账号「{account.username}」")
    return redirect("accounts:user_detail", account.pk)


def _roles_response(request: HttpRequest, account: User, form: RoleForm | None = None) -> HttpResponse:
    """htmx swaps just the roles card (always 200: htmx does not swap error
    responses, and the card carries the form errors); without htmx, back to the
    user page."""
    if _is_htmx(request):
        return render(request, "accounts/user_detail.html#roles", _detail_context(account, form))
    if form is not None:
        return render(request, "accounts/user_detail.html", _detail_context(account, form), status=400)
    return redirect("accounts:user_detail", account.pk)


@admin_required
@require_POST
def role_assign(request: HttpRequest, pk: int) -> HttpResponse:
    account = access.get_account_for_user(request.user, pk, write=True)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            actions.do_assign_role(account, form.cleaned_data["role"], form.cleaned_data["unit"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _roles_response(request, account)
    return _roles_response(request, account, form)


@admin_required
@require_POST
def role_remove(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    account = access.get_account_for_user(request.user, pk, write=True)
    assignment = access.get_role_assignment_for_user(request.user, account, assignment_pk)
    actions.do_remove_role(account, assignment, by=request.user)
    return _roles_response(request, account)


@admin_required
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    account = access.get_account_for_user(request.user, pk, write=True)
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_reset_password(account, form.cleaned_data["password"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已重置「{account.username}」的密码，请将新密码当面或电话告知本人")
            return redirect("accounts:user_detail", account.pk)
    return render(request, "accounts/user_form.html", {"form": form, "account": account, "title": "重置密码"})


@admin_required
@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    account = access.get_account_for_user(request.user, pk, write=True)
    removed = actions.do_unlock_user(account, by=request.user)
    if removed:
        messages.success(request, f"已解除「{account.username}」的登录锁定")
    else:
        messages.info(request, f"「{account.username}」没有登录失败记录，无需解锁")
    return redirect("accounts:user_detail", account.pk)
