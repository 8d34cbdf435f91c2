"""Logins carry roles, each scoped to a unit and its whole subtree (DOMAIN.md §1)."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
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


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def create_for(self, user, name: str) -> tuple[ApiToken, str]:
        """Only the hash is stored; the plain key is shown to the user once."""
        key = "zs_" + secrets.token_urlsafe(32)
        token = self.create(user=user, name=name, prefix=key[:10], key_hash=hash_token(key))
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

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
