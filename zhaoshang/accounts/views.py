"""Profile and API tokens for every login; user and role management for admins."""

from __future__ import annotations

from base64 import b32encode
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhaoshang.core.http import is_htmx, paginate
from zhaoshang.core import excel
from zhaoshang.core.versions import ConflictError, history_version
from zhaoshang.core.forms import nothing_changed

from . import access, actions, second_factor, throttle
from .forms import (
    LoginEventFilterForm,
    LoginForm,
    OtpCodeForm,
    PasswordResetForm,
    RoleForm,
    TokenForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from .history import account_history
from .models import LoginEvent, LoginOutcome, Role, accounts
from .qr import qr_data_url


def admin_required(view: Callable) -> Callable:
    """Logged in (else to the login page) and a system admin (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        access.require_admin(request.user)
        return view(request, *args, **kwargs)

    return wrapper


# --- Logging in, with the second factor -----------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's login, refusing a locked username/address before checking the
    password, and writing every attempt to the login log."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        username = request.POST.get("username", "")
        if username and throttle.is_locked(username, throttle.client_address(request)):
            actions.do_record_login_event(request, username, LoginOutcome.LOCKED)
            return render(request, "accounts/locked_out.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        response = super().form_valid(form)
        second_factor.start(self.request, user)
        # Whoever owes a second factor is sent on to it by SecondFactorMiddleware.
        owed = self.request.session.get(second_factor.SESSION_KEY) == second_factor.PENDING
        outcome = LoginOutcome.PASSWORD_OK if owed else LoginOutcome.SUCCESS
        actions.do_record_login_event(self.request, user.username, outcome, user)
        return response

    def form_invalid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        username = self.request.POST.get("username", "")
        if username and self.request.POST.get("password"):
            user = User.objects.filter(username=username).first()
            if user is None:
                outcome = LoginOutcome.UNKNOWN_USER
            else:
                outcome = LoginOutcome.INACTIVE if not user.is_active else LoginOutcome.BAD_PASSWORD
            actions.do_record_login_event(self.request, username, outcome, user)
            # The failure that reaches a limit already says so.
            if throttle.is_locked(username, throttle.client_address(self.request)):
                return render(self.request, "accounts/locked_out.html", status=429)
        return super().form_invalid(form)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    if second_factor.step_owed(request) != second_factor.VERIFY:
        return redirect(_next_url(request))
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = actions.do_verify_second_factor(request.user, form.cleaned_data["code"])
        actions.do_record_login_event(request, request.user.username, outcome, request.user)
        if outcome != LoginOutcome.BAD_OTP:
            second_factor.mark_verified(request)
            if outcome == LoginOutcome.RECOVERY_OK:
                left = StaticToken.objects.filter(device__user=request.user).count()
                messages.warning(request, f"已使用一个恢复码，还剩 {left} 个。请尽快在「我的账号」重新生成恢复码。")
            return redirect(_next_url(request))
        form.add_error("code", "动态口令不正确，或尝试过于频繁（每错一次须多等一倍时间），请稍候再试")
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


def _pending_device(user: User) -> TOTPDevice:
    """The key being enrolled: the same one on every reload until confirmed."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first() or actions.do_start_totp_enrolment(user)


@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    device = _pending_device(request.user)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = actions.do_confirm_totp(request.user, device, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            second_factor.mark_verified(request)
            # Rendered, not redirected: the codes must never sit in a session or a
            # message cookie. This response is the only time they are shown.
            return render(request, "accounts/otp_codes.html", {"codes": codes, "next": _next_url(request)})
    context = {
        "form": form,
        "device": device,
        "secret": b32encode(device.bin_key).decode(),
        "qr": qr_data_url(device.config_url),
        "required": second_factor.is_required(request.user),
        "enrolled": second_factor.has_device(request.user),
        "next": _next_url(request),
    }
    return render(request, "accounts/otp_enrol.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def otp_recovery_codes(request: HttpRequest) -> HttpResponse:
    if not second_factor.has_device(request.user):
        messages.error(request, "尚未绑定动态口令，无需恢复码")
        return redirect("accounts:profile")
    codes = actions.do_regenerate_recovery_codes(request.user)
    return render(request, "accounts/otp_codes.html", {"codes": codes, "next": reverse("accounts:profile")})


@login_required
@require_POST
def otp_remove(request: HttpRequest) -> HttpResponse:
    if second_factor.is_required(request.user):
        messages.error(request, "您的角色必须使用动态口令，不能解除绑定；更换手机请重新绑定")
    else:
        actions.do_reset_second_factor(request.user, by=request.user)
        messages.success(request, "已解除动态口令绑定")
    return redirect("accounts:profile")


# --- Profile and personal API tokens -------------------------------------------------


def _profile(request: HttpRequest, form: TokenForm, new_key: str = "", status: int = 200) -> HttpResponse:
    context = {
        "assignments": request.user.roles.select_related("unit").order_by("unit__path", "role"),
        "tokens": request.user.api_tokens.all(),
        "otp_enrolled": second_factor.has_device(request.user),
        "otp_required": second_factor.is_required(request.user),
        "recovery_codes_left": StaticToken.objects.filter(device__user=request.user).count(),
        "token_days": settings.API_TOKEN_DAYS,
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
    page = paginate(request, users)
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
        "failures": throttle.recent_failures(account.username),
        "locked": throttle.is_locked_anywhere(account.username),
        "otp_enrolled": second_factor.has_device(account),
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
    if is_htmx(request):
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


@admin_required
@require_POST
def user_reset_otp(request: HttpRequest, pk: int) -> HttpResponse:
    account = access.get_account_for_user(request.user, pk, write=True)
    if actions.do_reset_second_factor(account, by=request.user):
        messages.success(request, f"已解除「{account.username}」的动态口令绑定，其下次登录时须重新绑定")
    else:
        messages.info(request, f"「{account.username}」未绑定动态口令")
    return redirect("accounts:user_detail", account.pk)


# --- Login log (admins) -----------------------------------------------------------------


def _filtered_events(request: HttpRequest) -> tuple[LoginEventFilterForm, object]:
    form = LoginEventFilterForm(request.GET)
    return form, form.filter(LoginEvent.objects.all())


@admin_required
def login_log(request: HttpRequest) -> HttpResponse:
    form, events = _filtered_events(request)
    page = paginate(request, events)
    return render(request, "accounts/login_log.html", {"form": form, "page": page})


LOGIN_EVENT_COLUMNS = [
    excel.Column("时间", lambda e: _local(e.time), 20),
    excel.Column("用户名", lambda e: e.username),
    excel.Column("结果", lambda e: e.get_outcome_display(), 24),
    excel.Column("成败", lambda e: "失败" if e.is_failure else ("成功" if e.is_success else ""), 8),
    excel.Column("地址", lambda e: e.address or "", 18),
    excel.Column("浏览器", lambda e: e.user_agent, 40),
    excel.Column("说明", lambda e: e.note, 20),
]


@admin_required
def login_log_export(request: HttpRequest) -> HttpResponse:
    _form, events = _filtered_events(request)
    return excel.export("登录日志.xlsx", "登录日志", LOGIN_EVENT_COLUMNS, events)
