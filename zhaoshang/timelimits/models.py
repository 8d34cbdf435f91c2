"""One time-limit engine for everything with a deadline (docs/domain.md §8).

A `Policy` (kind × urgency) gives a limit in working days or working hours. A
`Clock` runs that limit for one subject — any model, through a generic relation,
because cases, obstacles, inquiries and element problems live in different apps
and more kinds will follow; a nullable FK per kind would add a column and a
migration here for each of them. The working calendar is `CalendarDay` (only the
exceptions to Monday–Friday: statutory holidays and make-up working days)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords

from zhaoshang.core.versions import Versioned
from zhaoshang.organisation.models import Unit


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日（休息）"
    WORKDAY = "workday", "调休上班"


class CalendarDay(models.Model):
    """A day that differs from Monday–Friday. A year with no row at all is a year the
    calendar does not know: it falls back to Monday–Friday with a warning."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=8, choices=DayKind.choices)
    name = models.CharField("节日", max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "工作日历"
        verbose_name_plural = "工作日历"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class PolicyKind(models.TextChoices):
    SIGN_OFF = "sign_off", "签收"
    CONSULT = "consult", "咨询"
    HELP = "help", "求助"
    COMPLAINT = "complaint", "投诉"
    COMPLEX = "complex", "复杂事项"
    FOREIGN_ACCEPT = "foreign_accept", "外商投诉受理"
    FOREIGN_FINISH = "foreign_finish", "外商投诉办结"
    OBSTACLE = "obstacle", "项目问题"
    FIRST_CONTACT = "first_contact", "线上投资意向首次联系"
    ELEMENT_STEP = "element_step", "要素办理"
    ELEMENT_PROBLEM = "element_problem", "要素问题"
    RETURN_VISIT = "return_visit", "办结回访"


class Urgency(models.TextChoices):
    NORMAL = "normal", "一般"
    URGENT = "urgent", "紧急"
    DANGER = "danger", "危及生命财产安全"


class LimitUnit(models.TextChoices):
    WORKING_DAYS = "days", "工作日"
    WORKING_HOURS = "hours", "工作小时"


class Policy(Versioned):
    """时限标准, editable by the bureau. A running clock keeps the limit it started
    with: editing a policy changes new clocks only."""

    kind = models.CharField("事项类型", max_length=16, choices=PolicyKind.choices)
    urgency = models.CharField("紧急程度", max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    limit = models.PositiveIntegerField("时限")
    unit = models.CharField("单位", max_length=8, choices=LimitUnit.choices, default=LimitUnit.WORKING_DAYS)
    basis = models.CharField("依据", max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "时限标准"
        verbose_name_plural = "时限标准"
        ordering = ["kind", "urgency"]
        constraints = [models.UniqueConstraint(fields=["kind", "urgency"], name="timelimits_policy_kind_urgency")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.get_urgency_display()}）{self.limit}个{self.get_unit_display()}"


class ExtensionStatus(models.TextChoices):
    NONE = "", "未申请"
    REQUESTED = "requested", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "未批准"


class ClockQuerySet(models.QuerySet):
    def running(self) -> ClockQuerySet:
        return self.filter(closed_at__isnull=True)

    def for_subject(self, subject: models.Model) -> ClockQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk)


class Clock(models.Model):
    """The time limit of one subject. `due_at` is the engine's output, moved by every
    resume and by an approved extension; `overdue` once set is never cleared."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    title = models.CharField("事项", max_length=200)
    unit = models.ForeignKey(Unit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="clocks")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    kind = models.CharField("事项类型", max_length=16, choices=PolicyKind.choices)
    urgency = models.CharField("紧急程度", max_length=8, choices=Urgency.choices)
    limit = models.PositiveIntegerField("时限")
    limit_unit = models.CharField("单位", max_length=8, choices=LimitUnit.choices)
    started_at = models.DateTimeField("起算时间")
    due_at = models.DateTimeField("到期时间")
    paused_at = models.DateTimeField("暂停于", null=True, blank=True)
    extension_status = models.CharField("延期", max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.NONE, blank=True)
    extension_days = models.PositiveSmallIntegerField("延期工作日", null=True, blank=True)
    extension_reason = models.TextField("延期理由", blank=True)
    extension_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审批人", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    overdue = models.BooleanField("超期", default=False)

    history = HistoricalRecords()
    objects = ClockQuerySet.as_manager()

    class Meta:
        verbose_name = "办理时限"
        verbose_name_plural = "办理时限"
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_kind_display()}）"


class Pause(models.Model):
    """A stretch the clock stood still (waiting for the investor's material)."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField("暂停时间")
    ended_at = models.DateTimeField("恢复时间", null=True, blank=True)
    reason = models.CharField("暂停原因", max_length=200)
    working_minutes = models.PositiveIntegerField("暂停的工作时间（分钟）", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "时限暂停"
        verbose_name_plural = "时限暂停"
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        return f"{self.clock} 暂停于 {self.started_at:%Y-%m-%d %H:%M}"


class Level(models.IntegerChoices):
    HANDLER = 50, "提醒承办人（已用50%）"
    UNIT_HEAD = 80, "提醒单位负责人（已用80%）"
    LEADER = 100, "超期督办（报分管领导）"


class Escalation(models.Model):
    """One step of 50 / 80 / 100 %, fired once per clock (the unique constraint
    makes a second run of the checker, or two workers at once, write nothing)."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField("级别", choices=Level.choices)
    fired_at = models.DateTimeField("发出时间")
    recipients = models.CharField("发送对象", max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "时限预警"
        verbose_name_plural = "时限预警"
        ordering = ["fired_at", "level"]
        constraints = [models.UniqueConstraint(fields=["clock", "level"], name="timelimits_escalation_once")]

    def __str__(self) -> str:
        return f"{self.clock}：{self.get_level_display()}"
