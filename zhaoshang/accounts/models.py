"""Logins carry roles, each scoped to a unit and its whole subtree (docs/domain.md §1)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import simple_history
from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    BUREAU = "bureau", "招商局工作人员"
    REPORTER = "reporter", "单位填报员"
    UNIT_HEAD = "unit_head", "单位负责人"
    LEADER = "leader", "县领导"
    # Reviews reward rules against the 公平竞争审查条例 before a gated one may be enabled.
    COMPLIANCE = "compliance", "合规审查员"


class RoleAssignment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name="管辖单位",
        on_delete=models.PROTECT,
        related_name="role_assignments",
        help_text="角色覆盖该单位及其全部下级单位",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.unit}"


class UserQuerySet(models.QuerySet):
    """Filters for the user list. Django's User is not ours to give a manager, so
    the list starts from `accounts()` instead of `User.objects`."""

    SORTS = {
        "username": "username",
        "-username": "-username",
        "name": "first_name",
        "-name": "-first_name",
        "last_login": "last_login",
        "-last_login": "-last_login",
        "joined": "date_joined",
        "-joined": "-date_joined",
    }

    def search(self, text: str) -> UserQuerySet:
        if not text:
            return self
        return self.filter(
            models.Q(username__icontains=text)
            | models.Q(first_name__icontains=text)
            | models.Q(email__icontains=text)
            | models.Q(person__name__icontains=text)
        )

    def holding(self, role: str | None = None, unit=None) -> UserQuerySet:
        """Logins with `role` on `unit` or anywhere below it (both optional, and
        both must hold for the same assignment)."""
        if not role and unit is None:
            return self
        assignments = RoleAssignment.objects.all()
        if role:
            assignments = assignments.filter(role=role)
        if unit is not None:
            assignments = assignments.filter(unit__path__startswith=unit.path)
        return self.filter(pk__in=assignments.values("user_id"))

    def active(self, flag: bool | None) -> UserQuerySet:
        return self if flag is None else self.filter(is_active=flag)

    def sorted_by(self, key: str) -> UserQuerySet:
        return self.order_by(self.SORTS.get(key, "username"), "pk")


def accounts() -> UserQuerySet:
    return UserQuerySet(User)


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_expiry():
    return timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)


class ApiTokenQuerySet(models.QuerySet):
    def valid(self) -> ApiTokenQuerySet:
        """Tokens that still authenticate: expired ones are kept, so their owner
        sees why a script stopped working, but no longer let anyone in."""
        return self.filter(expires__gt=timezone.now())

    def create_for(self, user, name: str, by=None) -> tuple[ApiToken, str]:
        """Only the hash is stored; the plain key is shown to the user once.
        `by` is who the history records as having created it (default: the owner)."""
        key = "zs_" + secrets.token_urlsafe(32)
        token = self.model(user=user, name=name, prefix=key[:10], key_hash=hash_token(key))
        token._history_user = by or user
        token.save(force_insert=True)
        return token, key  # type: ignore[return-value]


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=50)
    prefix = models.CharField("前缀", max_length=10)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    last_used = models.DateTimeField("最近使用", null=True, blank=True)
    expires = models.DateTimeField("到期时间", default=token_expiry)

    # Creation and revocation are audited; the hash and the last-use stamp are not
    # worth a history row (last_used is written with .update() anyway).
    history = HistoricalRecords(excluded_fields=["key_hash", "last_used"])
    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires <= timezone.now()


# Django's own User gets an audit trail too, so that creating, editing and
# deactivating logins is recorded like every domain change. The historical model
# lives in this app; the password hash and the login stamp are never copied.
simple_history.register(User, app="zhaoshang.accounts", excluded_fields=["password", "last_login"])


class LoginOutcome(models.TextChoices):
    SUCCESS = "success", "登录成功"
    PASSWORD_OK = "password_ok", "密码正确，待验证动态口令"
    OTP_OK = "otp_ok", "动态口令验证通过"
    RECOVERY_OK = "recovery_ok", "恢复码验证通过"
    BAD_PASSWORD = "bad_password", "密码错误"
    UNKNOWN_USER = "unknown_user", "用户名不存在"
    INACTIVE = "inactive", "账号已停用"
    LOCKED = "locked", "已锁定，拒绝尝试"
    BAD_OTP = "bad_otp", "动态口令错误"
    UNLOCKED = "unlocked", "管理员解除锁定"
    OTP_ENROLLED = "otp_enrolled", "绑定动态口令"
    OTP_RESET = "otp_reset", "解除动态口令绑定"

    @classmethod
    def password_successes(cls) -> list[str]:
        """The password was right (with or without a second factor to come)."""
        return [cls.SUCCESS, cls.PASSWORD_OK]

    @classmethod
    def password_failures(cls) -> list[str]:
        """What counts towards a lock: guesses at a password."""
        return [cls.BAD_PASSWORD, cls.UNKNOWN_USER, cls.INACTIVE]

    @classmethod
    def failures(cls) -> list[str]:
        return [*cls.password_failures(), cls.LOCKED, cls.BAD_OTP]

    @classmethod
    def successes(cls) -> list[str]:
        return [*cls.password_successes(), cls.OTP_OK, cls.RECOVERY_OK]


class LoginEventQuerySet(models.QuerySet):
    SORTS = {"-time": "-time", "time": "time", "username": "username", "address": "address"}

    def since(self, moment) -> LoginEventQuerySet:
        return self.filter(time__gte=moment)

    def failed(self) -> LoginEventQuerySet:
        return self.filter(outcome__in=LoginOutcome.failures())

    def password_failures(self) -> LoginEventQuerySet:
        return self.filter(outcome__in=LoginOutcome.password_failures())

    def password_successes(self) -> LoginEventQuerySet:
        return self.filter(outcome__in=LoginOutcome.password_successes())

    def search(self, text: str) -> LoginEventQuerySet:
        if not text:
            return self
        return self.filter(models.Q(username__icontains=text) | models.Q(address__icontains=text))

    def with_outcome(self, outcome: str) -> LoginEventQuerySet:
        return self.filter(outcome=outcome) if outcome else self

    def succeeded(self, flag: bool | None) -> LoginEventQuerySet:
        if flag is None:
            return self
        return self.filter(outcome__in=LoginOutcome.successes()) if flag else self.failed()

    def between(self, start, end) -> LoginEventQuerySet:
        """Local calendar days, both ends included (either may be None)."""
        events = self
        if start:
            events = events.filter(time__date__gte=start)
        if end:
            events = events.filter(time__date__lte=end)
        return events

    def sorted_by(self, key: str) -> LoginEventQuerySet:
        return self.order_by(self.SORTS.get(key, "-time"), "-pk")


class LoginEvent(models.Model):
    """Every attempt to log in, right or wrong, and every lifted lock: the record
    the admin reads on 登录日志, and what the throttle (throttle.py) counts."""

    time = models.DateTimeField("时间", default=timezone.now)
    # As typed, lower-cased: "Admin" and "admin" are guesses at the same login.
    username = models.CharField("用户名", max_length=150)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="账号", null=True, blank=True, on_delete=models.SET_NULL)
    address = models.GenericIPAddressField("地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    outcome = models.CharField("结果", max_length=20, choices=LoginOutcome.choices)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = LoginEventQuerySet.as_manager()

    class Meta:
        verbose_name = "登录记录"
        verbose_name_plural = "登录记录"
        indexes = [
            models.Index(fields=["username", "time"], name="login_event_username_time"),
            models.Index(fields=["address", "time"], name="login_event_address_time"),
            models.Index(fields=["time"], name="login_event_time"),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.get_outcome_display()}"

    @property
    def is_failure(self) -> bool:
        return self.outcome in LoginOutcome.failures()

    @property
    def is_success(self) -> bool:
        return self.outcome in LoginOutcome.successes()
