"""营商环境 records (docs/domain.md §8): service items imported from the government
service platform, and the commitments ledger (承诺兑现) with its milestones and
progress notes.

Both are scoped by their unit: the department that handled the item, the unit
that made the promise. Dates, not moments: the platform exports dates, and a
commitment is due on a day."""

from __future__ import annotations

from typing import TypeVar

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from zhaoshang.core.versions import Versioned
from zhaoshang.organisation.models import Unit, subtree_q
from zhaoshang.projects.models import Investor, Project


# The queryset class passes through: a ServiceItemQuerySet stays one.
QS = TypeVar("QS", bound=models.QuerySet)


def _scoped(queryset: QS, user, paths_of) -> QS:
    from zhaoshang.accounts import access

    if not user.is_authenticated:
        return queryset.none()
    if access.is_admin(user):
        return queryset
    paths = paths_of(user)
    return queryset.filter(subtree_q(paths, "unit__path")) if paths else queryset.none()


# ---------------------------------------------------------------- service items


class ServiceItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> ServiceItemQuerySet:
        from zhaoshang.accounts import access

        return _scoped(self, user, access.read_paths)

    def finished_between(self, start: date, end: date) -> ServiceItemQuerySet:
        return self.filter(finished_on__gte=start, finished_on__lte=end)

    def past_commitment(self, as_of: date) -> ServiceItemQuerySet:
        """Finished after the committed day, or still open after it (as of `as_of`)."""
        late_finish = Q(finished_on__lte=as_of, finished_on__gt=F("due_on"))
        still_open = Q(due_on__lt=as_of) & (Q(finished_on__isnull=True) | Q(finished_on__gt=as_of))
        return self.filter(late_finish | still_open)

    def search(self, text: str) -> ServiceItemQuerySet:
        return self.filter(Q(name__icontains=text) | Q(applicant__icontains=text) | Q(number__icontains=text))


class ServiceItem(Versioned):
    """One 办件 of the 政务服务平台. `due_on` (the committed day) and `used_days`
    (working days from acceptance to finishing) come from the working calendar
    when the item is imported or edited, so lists and figures filter on them."""

    number = models.CharField("办件编号", max_length=40, unique=True)
    unit = models.ForeignKey(Unit, verbose_name="办理部门", on_delete=models.PROTECT, related_name="service_items")
    name = models.CharField("事项名称", max_length=200)
    applicant = models.CharField("申请人", max_length=200)
    applicant_uscc = models.CharField("申请人统一社会信用代码", max_length=18, blank=True)
    project = models.ForeignKey(Project, verbose_name="关联项目", on_delete=models.SET_NULL, related_name="service_items", null=True, blank=True)
    accepted_on = models.DateField("受理日期")
    committed_days = models.PositiveSmallIntegerField("承诺时限（工作日）", validators=[MaxValueValidator(365)])
    statutory_days = models.PositiveSmallIntegerField("法定时限（工作日）", validators=[MaxValueValidator(365)])
    finished_on = models.DateField("办结日期", null=True, blank=True)
    due_on = models.DateField("承诺办结日期", editable=False)
    used_days = models.PositiveSmallIntegerField("实际用时（工作日）", null=True, blank=True, editable=False)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    history = HistoricalRecords()
    objects = ServiceItemQuerySet.as_manager()

    class Meta:
        verbose_name = "政务服务办件"
        verbose_name_plural = "政务服务办件"
        ordering = ["-accepted_on", "-id"]
        indexes = [models.Index(fields=["finished_on"]), models.Index(fields=["due_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def is_late(self, as_of: date) -> bool:
        if self.finished_on is not None and self.finished_on <= as_of:
            return self.finished_on > self.due_on
        return self.due_on < as_of

    @property
    def saved_days(self) -> int | None:
        """比法定时限节省的工作日 (negative when over the statutory limit)."""
        return None if self.used_days is None else self.statutory_days - self.used_days


# ---------------------------------------------------------------- commitments


class CommitmentSource(models.TextChoices):
    AGREEMENT = "agreement", "协议条款"
    MINUTES = "minutes", "会议纪要"
    POLICY = "policy", "政策文件"
    INSTRUCTION = "instruction", "领导批示"


class CommitmentStatus(models.TextChoices):
    NOT_YET = "not_yet", "未到条件"
    DUE = "due", "应兑现"
    PARTIAL = "partial", "部分兑现"
    FULFILLED = "fulfilled", "已兑现"
    OVERDUE = "overdue", "逾期"
    IMPOSSIBLE = "impossible", "依法不能兑现"

    @classmethod
    def open(cls) -> list[str]:
        """States that still owe the investor something."""
        return [cls.NOT_YET, cls.DUE, cls.PARTIAL, cls.OVERDUE]

    @classmethod
    def settable(cls) -> list[tuple[str, str]]:
        """What a progress note may set; 逾期 is the daily check's to set."""
        return [(s.value, s.label) for s in cls if s != cls.OVERDUE]


# Months without a progress note before a commitment gets a 督办.
STALE_AFTER_DAYS = 91


class CommitmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> CommitmentQuerySet:
        from zhaoshang.accounts import access

        return _scoped(self, user, access.read_paths)

    def editable_by(self, user) -> CommitmentQuerySet:
        from zhaoshang.accounts import access

        return _scoped(self, user, access.write_paths)

    def open(self) -> CommitmentQuerySet:
        return self.filter(status__in=CommitmentStatus.open())

    def past_due(self, today: date) -> CommitmentQuerySet:
        """Owed and due before today, not yet marked 逾期."""
        return self.filter(status__in=[CommitmentStatus.DUE, CommitmentStatus.PARTIAL], due_on__lt=today)

    def stale(self, today: date) -> CommitmentQuerySet:
        """Open, and no progress note for three months: 督办."""
        return self.open().filter(last_progress_on__lt=today - timedelta(days=STALE_AFTER_DAYS))

    def search(self, text: str) -> CommitmentQuerySet:
        return self.filter(Q(content__icontains=text) | Q(source_ref__icontains=text) | Q(investor__name__icontains=text))


class Commitment(Versioned):
    """承诺 made to an investor. `status` moves only by a progress note (and the
    daily check sets 逾期); `last_progress_on` starts at the day it was recorded."""

    unit = models.ForeignKey(Unit, verbose_name="承诺单位", on_delete=models.PROTECT, related_name="commitments")
    source = models.CharField("来源", max_length=12, choices=CommitmentSource.choices)
    source_ref = models.CharField("出处", max_length=200, help_text="协议名称及条款、纪要文号、政策文号或批示")
    investor = models.ForeignKey(Investor, verbose_name="客商", on_delete=models.PROTECT, related_name="commitments", null=True, blank=True)
    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="commitments", null=True, blank=True)
    content = models.TextField("承诺内容")
    amount = models.BigIntegerField("涉及金额（元）", default=0, validators=[MinValueValidator(0)])
    condition = models.CharField("兑现条件", max_length=200, blank=True)
    due_on = models.DateField("兑现期限")
    status = models.CharField("兑现状态", max_length=12, choices=CommitmentStatus.choices, default=CommitmentStatus.DUE, editable=False)
    status_reason = models.CharField("未兑现原因", max_length=200, blank=True, editable=False)
    fulfilled_on = models.DateField("兑现日期", null=True, blank=True, editable=False)
    last_progress_on = models.DateField("最近进展", editable=False)
    supervised_on = models.DateField("督办日期", null=True, blank=True, editable=False)
    # 政府违约: the investor says the promise was broken; raising it registers a case
    # (诉求, type 政府违约) handled and timed like any other.
    breach_raised_on = models.DateField("政府违约投诉日期", null=True, blank=True, editable=False)
    breach_note = models.TextField("政府违约投诉内容", blank=True, editable=False)
    breach_case = models.OneToOneField(
        "cases.Case", verbose_name="政府违约诉求", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="commitment"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+", editable=False)

    history = HistoricalRecords()
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = "承诺事项"
        verbose_name_plural = "承诺事项"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()}：{self.content[:30]}"

    def is_stale(self, today: date) -> bool:
        return self.status in CommitmentStatus.open() and self.last_progress_on < today - timedelta(days=STALE_AFTER_DAYS)


class Milestone(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("节点", max_length=200)
    due_on = models.DateField("计划日期")
    done_on = models.DateField("完成日期", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "兑现节点"
        verbose_name_plural = "兑现节点"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.due_on:%Y-%m-%d} {self.title}"


class Progress(models.Model):
    """A progress note (进展); it may move the commitment's status."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="progress")
    date = models.DateField("日期")
    note = models.TextField("进展情况")
    status = models.CharField("兑现状态", max_length=12, choices=CommitmentStatus.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "兑现进展"
        verbose_name_plural = "兑现进展"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.commitment}的进展（{self.date}）"
