"""Investors (客商库) and their contacts, with the masking rules for contact data."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from zhaoshang.accounts import access
from zhaoshang.core.ranges import validate_name
from zhaoshang.core.versions import Versioned

from ..validators import normalise_name, validate_uscc
from .choices import InvestorKind


class InvestorQuerySet(models.QuerySet):
    def visible_to(self, user) -> InvestorQuerySet:
        """客商库 is shared by every unit (one company, one record), so any login with
        a role reads it; contacts are masked separately (access.contact_fields_for)."""
        return self.all() if access.read_paths(user) else self.none()

    def search(self, text: str) -> InvestorQuerySet:
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(uscc__icontains=text) | Q(foreign_registration__icontains=text))

    def matching(self, name: str = "", uscc: str = "") -> InvestorQuerySet:
        """Investors that are the same company: same USCC, or same normalised name."""
        q = Q(pk__in=[])
        if uscc:
            q |= Q(uscc=uscc.upper())
        if key := normalise_name(name):
            q |= Q(normalised_name=key)
        return self.filter(q)


class Investor(Versioned):
    """客商: shared by every project, visit and trip it appears in."""

    name = models.CharField("客商名称", max_length=200, validators=[validate_name])
    normalised_name = models.CharField(max_length=200, db_index=True, editable=False)
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc], help_text="境外企业可不填"
    )
    foreign_registration = models.CharField("境外注册号", max_length=60, blank=True)
    kind = models.CharField("客商类型", max_length=12, choices=InvestorKind.choices)
    region = models.CharField("来源地区", max_length=60, blank=True, help_text="如：珠三角、上海、温州、境外")
    is_fortune500 = models.BooleanField("世界500强", default=False)
    note = models.TextField("备注", blank=True)

    history = HistoricalRecords()
    objects = InvestorQuerySet.as_manager()

    class Meta:
        verbose_name = "客商"
        verbose_name_plural = "客商库"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                condition=~Q(uscc=""),
                name="investor_unique_uscc",
                violation_error_message="该统一社会信用代码已登记在客商库中",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.uscc = (self.uscc or "").strip().upper()
        self.normalised_name = normalise_name(self.name)
        super().save(*args, **kwargs)


class InvestorContact(models.Model):
    """Contact details are personal data: exports mask them unless
    `access.can_see_investor_contacts(user, investor)`."""

    investor = models.ForeignKey(Investor, verbose_name="客商", on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("联系人", max_length=30, validators=[validate_name])
    title = models.CharField("职务", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "客商联系人"
        verbose_name_plural = "客商联系人"

    def __str__(self) -> str:
        return self.name


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def mask_name(name: str) -> str:
    return name[:1] + "*" * (len(name) - 1) if name else ""
