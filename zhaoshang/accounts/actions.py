"""Changes to logins, roles and tokens. Each runs in one transaction and records
who made it (`_history_user`), so the user page can show an audit trail."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhaoshang.core.versions import check_history_version
from zhaoshang.organisation.models import Person, Unit

from . import access
from . import throttle
from .models import ApiToken, LoginEvent, LoginOutcome, Role, RoleAssignment

RECOVERY_CODE_COUNT = 10


def _link_person(user: User, person: Person | None, by: User) -> None:
    """A login belongs to at most one cadre and a cadre to at most one login."""
    for previous in Person.objects.filter(user=user).exclude(pk=getattr(person, "pk", None)):
        previous.user = None
        previous._history_user = by
        previous.save(update_fields=["user"])
    if person is not None and person.user_id != user.pk:
        if person.user_id is not None:
            raise ValidationError({"person": f"{person.name} 已关联其他账号"})
        person.user = user
        person._history_user = by
        person.save(update_fields=["user"])


def _validate_password(password: str, user: User) -> None:
    """Django's validators (messages translated to Chinese), reported on the
    password field."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None


@transaction.atomic
def do_create_user(
    username: str,
    name: str,
    password: str,
    *,
    by: User,
    email: str = "",
    person: Person | None = None,
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "该用户名已被使用"})
    user = User(username=username, first_name=name, email=email, is_active=True)
    # The validators compare the password with the username and name, so they
    # need the unsaved user.
    _validate_password(password, user)
    user.set_password(password)
    user._history_user = by
    user.save()
    _link_person(user, person, by)
    return user


@transaction.atomic
def do_update_user(user: User, *, name: str, email: str = "", by: User, person: Person | None = None, expected_version: int) -> User:
    """Save an account edit made on `expected_version` (core.versions.history_version);
    a stale one raises ConflictError."""
    check_history_version(user, expected_version, "该账号")
    user.first_name = name
    user.email = email
    user._history_user = by
    user.save(update_fields=["first_name", "email"])
    _link_person(user, person, by)
    return user


@transaction.atomic
def do_set_user_active(user: User, active: bool, *, by: User) -> User:
    if not active and user.pk == by.pk:
        # An admin who deactivates themselves may leave nobody able to undo it.
        raise ValidationError("不能停用自己的账号")
    if user.is_active == active:
        return user
    user.is_active = active
    user._history_user = by
    user._change_reason = "启用账号" if active else "停用账号"
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def do_assign_role(user: User, role: str, unit: Unit, by: User) -> RoleAssignment:
    if role not in Role.values:
        raise ValidationError({"role": "无效的角色"})
    if not unit.is_active:
        raise ValidationError({"unit": "该单位已停用，不能授权"})
    if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
        raise ValidationError(f"该账号已有「{Role(role).label} · {unit}」角色")
    assignment = RoleAssignment(user=user, role=role, unit=unit)
    assignment._history_user = by
    assignment.save()
    access.forget(user)
    return assignment


@transaction.atomic
def do_remove_role(user: User, assignment: RoleAssignment, by: User) -> None:
    # The user is passed (not read from the assignment) so that the caller's own
    # object, whose cached scopes must be dropped, is the one forgotten.
    if assignment.user_id != user.pk:
        raise ValueError("assignment belongs to another user")
    assignment._history_user = by
    assignment.delete()
    access.forget(user)


@transaction.atomic
def do_reset_password(user: User, password: str, *, by: User) -> User:
    _validate_password(password, user)
    user.set_password(password)
    user._history_user = by
    user._change_reason = "重置密码"
    user.save(update_fields=["password"])
    # A reset also lifts a brute-force lock: the admin has just handed out a
    # password they know is right.
    _record_account_event(user, LoginOutcome.UNLOCKED, by)
    return user


def _record_account_event(user: User, outcome: str, by: User) -> None:
    """Changes to how a login may log in, in the login log beside the logins."""
    LoginEvent.objects.create(username=throttle.normalise(user.username), user=user, outcome=outcome, note=f"操作人：{by.username}")


@transaction.atomic
def do_unlock_user(user: User, *, by: User) -> int:
    """Lift a brute-force lock: failures before now stop counting (the log keeps
    them). Returns how many failures had been counting."""
    failures = throttle.recent_failures(user.username)
    if failures:
        _record_account_event(user, LoginOutcome.UNLOCKED, by)
    return failures


def do_record_login_event(request: HttpRequest, username: str, outcome: str, user: User | None = None) -> LoginEvent:
    """One line of the login log. Not atomic on purpose: a failure is recorded
    even when the request then fails."""
    return LoginEvent.objects.create(
        username=throttle.normalise(username),
        user=user,
        address=throttle.client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        outcome=outcome,
    )


@transaction.atomic
def do_start_totp_enrolment(user: User) -> TOTPDevice:
    """A fresh, unconfirmed authenticator key (replacing an earlier unconfirmed
    one); the confirmed device, if any, keeps working until the new one is confirmed."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="验证器", confirmed=False)


@transaction.atomic
def do_confirm_totp(user: User, device: TOTPDevice, code: str) -> list[str]:
    """The first right code confirms the key; it replaces any earlier device, and
    ten new single-use recovery codes are returned (shown to the user once)."""
    if device.user_id != user.pk or device.confirmed:
        raise ValueError("device is not this user's pending enrolment")
    if not device.verify_token(code.strip()):
        raise ValidationError({"code": "动态口令不正确，请核对手机上显示的 6 位数字后重试"})
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _record_account_event(user, LoginOutcome.OTP_ENROLLED, user)
    return do_regenerate_recovery_codes(user)


@transaction.atomic
def do_regenerate_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="恢复码")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def do_verify_second_factor(user: User, code: str) -> str:
    """Checks six digits against the authenticator, anything else against the
    recovery codes (a right one is used up). Returns the outcome for the log.
    Each device throttles its own failures (django-otp doubles the wait after
    each one), so the code space cannot be walked."""
    code = code.strip().replace(" ", "").lower()
    totp = code.isdigit() and len(code) == 6
    model, success = (TOTPDevice, LoginOutcome.OTP_OK) if totp else (StaticDevice, LoginOutcome.RECOVERY_OK)
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is not None and device.verify_token(code):
            return success
    return LoginOutcome.BAD_OTP


@transaction.atomic
def do_reset_second_factor(user: User, *, by: User) -> int:
    """The user lost their phone: remove their devices. A user who needs a second
    factor enrols again at the next login."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    if deleted:
        _record_account_event(user, LoginOutcome.OTP_RESET, by)
    return deleted


@transaction.atomic
def do_create_token(user: User, name: str) -> tuple[ApiToken, str]:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写令牌用途"})
    return ApiToken.objects.create_for(user, name, by=user)


@transaction.atomic
def do_revoke_token(token: ApiToken, user: User) -> None:
    token._history_user = user
    token.delete()


@transaction.atomic
def do_revoke_all_tokens(user: User, *, reason: str) -> int:
    tokens = list(ApiToken.objects.filter(user=user))
    for token in tokens:
        token._history_user = user
        token._change_reason = reason
        token.delete()
    return len(tokens)
