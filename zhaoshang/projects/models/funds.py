"""Funds arrived (到位资金): fund entries, their review states and evidence, and the date-aware "verified by" rules."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from zhaoshang.core.dates import end_of_day
from zhaoshang.core.ranges import validate_amount, validate_date
from zhaoshang.core.versions import Versioned
from zhaoshang.organisation.models import Unit

from .choices import Currency
from .plans import ExchangeRate
from .credits import SameProject
from .projects import Project, StageEvent


class FundKind(models.TextChoices):
    CAPITAL = "capital", "注册资本金"
    INVESTMENT = "investment", "项目投资"
    LOAN = "loan", "融资借款"
    OTHER = "other", "其他"


class FundStatus(models.TextChoices):
    REPORTED = "reported", "已填报"
    UNIT_APPROVED = "unit_approved", "单位审核"
    VERIFIED = "verified", "招商局核实"
    RETURNED = "returned", "退回"


def pending_at(moment: datetime) -> Q:
    """Awaiting verification at `moment`: reported by then, not verified by then,
    and not returned by then (the metric engine's 待核实 as of a date)."""
    return (
        Q(reported_at__lte=moment)
        & (Q(verified_at__isnull=True) | Q(verified_at__gt=moment))
        & ~Q(status=FundStatus.RETURNED, returned_at__lte=moment)
    )


def arrived_by(moment: datetime) -> Q:
    """Verified by `moment` (到位 as of then): the one definition of "verified by"
    (docs/domain.md §6). Verified entries are locked, so this is exact."""
    return Q(status=FundStatus.VERIFIED, verified_at__lte=moment)


def verified_by(day: date) -> Q:
    """Verified by the end of `day`: what the engine's 到位资金, the alerts, the
    activity index and the scoring count as of a date."""
    return arrived_by(end_of_day(day))


def pending_on(day: date) -> Q:
    """Awaiting verification at the end of `day` (the engine's 待核实 as of a date)."""
    return pending_at(end_of_day(day))


class FundEntryQuerySet(models.QuerySet):
    def visible_to(self, user) -> FundEntryQuerySet:
        return self.filter(project__in=Project.objects.visible_to(user))

    def verified(self) -> FundEntryQuerySet:
        return self.filter(status=FundStatus.VERIFIED)

    def verified_as_of(self, moment: datetime) -> FundEntryQuerySet:
        """Verified by `moment` (arrived_by)."""
        return self.filter(arrived_by(moment))

    def pending(self) -> FundEntryQuerySet:
        return self.filter(status__in=[FundStatus.REPORTED, FundStatus.UNIT_APPROVED])

    def awaiting_approval_by(self, user) -> FundEntryQuerySet:
        """已填报 entries of the units whose submissions the user approves (unit head)."""
        return self.filter(status=FundStatus.REPORTED, project__in=Project.objects.approvable_by(user))

    def awaiting_verification_by(self, user) -> FundEntryQuerySet:
        """What the bureau has to verify: unit-approved entries in its jurisdiction."""
        return self.visible_to(user).filter(status=FundStatus.UNIT_APPROVED)

    def returned_to(self, user) -> FundEntryQuerySet:
        """Returned entries of projects the user works on, waiting to be corrected."""
        return self.filter(status=FundStatus.RETURNED, project__in=Project.objects.editable_by(user))

    def with_evidence_count(self) -> FundEntryQuerySet:
        """Annotate `evidence_count`, so a list asks `has_evidence` without a query per row."""
        return self.annotate(evidence_count=models.Count("evidence"))

    def pending_at(self, moment: datetime) -> FundEntryQuerySet:
        return self.filter(pending_at(moment))

    def dated_between(self, start: date, end: date) -> FundEntryQuerySet:
        return self.filter(date__gte=start, date__lte=end)

    def of_counted_projects(self) -> FundEntryQuerySet:
        return self.filter(project__in=Project.objects.counted())

    def of_unit(self, unit: Unit) -> FundEntryQuerySet:
        """Entries of projects credited to the unit or a unit below it (the same
        meaning as the project list's unit filter)."""
        return self.filter(project__in=Project.objects.credited_to(unit))

    def of_division(self, division) -> FundEntryQuerySet:
        """Entries of projects credited to a member unit of the division (or below)."""
        return self.filter(project__in=Project.objects.in_division(division))

    def search(self, text: str) -> FundEntryQuerySet:
        """Project name or investor name contains the text."""
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(project__name__icontains=text) | Q(project__investor__name__icontains=text))


class FundEntry(Versioned):
    """到位资金: one arrival of money, reported → unit_approved → verified (or returned)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="fund_entries")
    date = models.DateField("到位日期", validators=[validate_date])
    amount = models.BigIntegerField("金额", help_text="人民币为元，美元为美分；更正条目可为负数", validators=[validate_amount])
    currency = models.CharField("币种", max_length=3, choices=Currency.choices, default=Currency.CNY)
    kind = models.CharField("资金类型", max_length=12, choices=FundKind.choices)
    note = models.TextField("说明", blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name="更正的条目",
        on_delete=models.PROTECT,
        related_name="corrections",
        null=True,
        blank=True,
        help_text="已核实条目不能修改，更正以新条目填报",
    )
    status = models.CharField("状态", max_length=14, choices=FundStatus.choices, default=FundStatus.REPORTED)
    reported_at = models.DateTimeField("填报时间", default=timezone.now)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT, related_name="+", null=True
    )
    approved_at = models.DateTimeField("单位审核时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="单位审核人", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    verified_at = models.DateTimeField("核实时间", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="核实人", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="退回人", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    return_reason = models.CharField("退回原因", max_length=200, blank=True)
    credits = SameProject("projects.ProjectCredit")
    events = SameProject("projects.StageEvent")

    history = HistoricalRecords()
    objects = FundEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "到位资金"
        verbose_name_plural = "到位资金"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) | Q(corrects__isnull=False), name="fund_amount_positive_unless_correction"
            ),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(verified_at__isnull=False), name="fund_verified_has_time"
            ),
        ]
        # Covers what the metrics read of a project's entries (到位资金, 待核实资金),
        # so a county's figures are read from the index alone.
        indexes = [
            models.Index(
                fields=["project", "date", "status", "currency", "amount", "verified_at", "reported_at", "returned_at"],
                name="fund_metrics_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.date} {self.amount}"

    @property
    def is_locked(self) -> bool:
        return self.status == FundStatus.VERIFIED

    def amount_cny(self) -> int | None:
        return ExchangeRate.to_cny(self.amount, self.currency, self.date.year)

    def has_evidence(self) -> bool:
        """The evidence rule: the bureau verifies, and the unit head approves,
        only entries with at least one proof (bank slip, capital report…)."""
        count = getattr(self, "evidence_count", None)
        return count > 0 if count is not None else self.evidence.exists()


class EvidenceKind(models.TextChoices):
    CONTRACT = "contract", "正式合同"
    INTENT = "intent", "意向协议"
    LICENCE = "licence", "营业执照"
    SITE_PHOTO = "site_photo", "现场照片"
    PERMIT = "permit", "施工许可"
    BANK_SLIP = "bank_slip", "银行进账单"
    CAPITAL_REPORT = "capital_report", "验资报告"
    OTHER = "other", "其他"


def evidence_path(instance: Evidence, filename: str) -> str:
    """A random name under projects/evidence/: the original name is kept in a field,
    never trusted as a path."""
    extension = PurePath(filename).suffix.lower()
    return f"projects/evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Evidence(models.Model):
    """An uploaded file (PDF/JPG/PNG) proving a stage or a fund arrival. Stored under
    MEDIA_ROOT (var/media, outside the web root) and served only through a view that
    asks `access.get_evidence_for_user`."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="evidence")
    stage_event = models.ForeignKey(
        StageEvent, verbose_name="阶段事件", on_delete=models.PROTECT, related_name="evidence", null=True, blank=True
    )
    fund_entry = models.ForeignKey(
        FundEntry, verbose_name="到位资金", on_delete=models.PROTECT, related_name="evidence", null=True, blank=True
    )
    kind = models.CharField("材料类型", max_length=16, choices=EvidenceKind.choices)
    file = models.FileField("文件", upload_to=evidence_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=40)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+", null=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "证明材料"
        verbose_name_plural = "证明材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
