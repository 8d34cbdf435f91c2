"""Logins carry roles, each scoped to a unit and its whole subtree (DOMAIN.md §1)."""

from __future__ import annotations

import hashlib
import secrets

import simple_history
from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    BUREAU = "bureau", "招商局工作人员"
    REPORTER = "reporter", "单位填报员"
    UNIT_HEAD = "unit_head", "单位负责人"
    LEADER = "leader", "县领导"


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE, related_name="roles"
    )
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


class ApiTokenQuerySet(models.QuerySet):
    def create_for(self, user, name: str, by=None) -> tuple[ApiToken, str]:
        """Only the hash is stored; the plain key is shown to the user once.
        `by` is who the history records as having created it (default: the owner)."""
        key = "zs_" + secrets.token_urlsafe(32)
        token = self.model(user=user, name=name, prefix=key[:10], key_hash=hash_token(key))
        token._history_user = by or user
        token.save(force_insert=True)
        return token, key


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("用途", max_length=50)
    prefix = models.CharField("前缀", max_length=10)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    last_used = models.DateTimeField("最近使用", null=True, blank=True)

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


# Django's own User gets an audit trail too, so that creating, editing and
# deactivating logins is recorded like every domain change. The historical model
# lives in this app; the password hash and the login stamp are never copied.
simple_history.register(User, app="zhaoshang.accounts", excluded_fields=["password", "last_login"])


def login_failures(username: str) -> int:
    """Failed logins django-axes currently counts against this username (across
    addresses); at AXES_FAILURE_LIMIT from one address the login is locked."""
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(username=username).aggregate(n=models.Max("failures_since_start"))["n"] or 0
