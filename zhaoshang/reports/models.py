"""The monthly circular (月度通报, docs/domain.md §10): one row per generated version.

A circular is generated in the background (tasks.py) and keeps its two files, the
Word document and the Excel annex, under MEDIA_ROOT; they are only ever served by
the access-checked download view. Regenerating a month adds a new version and
keeps the old ones: what was distributed stays in the archive.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from zhaoshang.accounts import access
from zhaoshang.organisation.models import Unit, ancestor_paths, subtree_q


class CircularStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "生成失败"

    @property
    def title(self) -> str:  # type: ignore[override]
        return circular_title(self.year, self.month, self.jurisdiction)

    @property
    def is_finished(self) -> bool:
        return self in (CircularStatus.DONE, CircularStatus.FAILED)


def circular_file_path(instance: Circular, filename: str) -> str:
    """A random name under the year: the download view gives the file its Chinese title."""
    extension = filename.rsplit(".", 1)[-1]
    return f"reports/circulars/{instance.year}/{uuid.uuid4().hex}.{extension}"


def area_of(jurisdiction: Unit) -> str:
    """全县 / 全市 / 全区, after the jurisdiction's name (清河县 → 全县)."""
    last = jurisdiction.name[-1:]
    return f"全{last}" if last in "县市区" else "全县"


def circular_title(year: int, month: int, jurisdiction: Unit) -> str:
    """关于2026年1-10月全县招商引资工作情况的通报."""
    label = f"{year}年1月" if month == 1 else f"{year}年1-{month}月"
    return f"关于{label}{area_of(jurisdiction)}招商引资工作情况的通报"


class CircularQuerySet(models.QuerySet):
    def visible_to(self, user) -> CircularQuerySet:
        """Who reads the circulars of a jurisdiction: those whose roles cover the
        whole jurisdiction (bureau, leaders, admin) see every version in any state;
        the units inside it see the issued ones only (status done), read-only — in
        real life the circular is sent to every unit (主送各乡镇、县直各单位)."""
        paths = access.read_paths(user)
        whole = subtree_q(paths, "jurisdiction__path")
        issued_to_units = Q(jurisdiction__path__in=ancestor_paths(paths), status=CircularStatus.DONE)
        return self.filter(whole | issued_to_units)

    def for_year(self, year: int | None) -> CircularQuerySet:
        return self.filter(year=year) if year else self

    def with_status(self, status: str) -> CircularQuerySet:
        return self.filter(status=status) if status else self

    def stalled(self, now: datetime) -> CircularQuerySet:
        """Running, but no sign of life for TASK_STALL_SECONDS: the worker that ran
        it has died (a running generation reports progress every few seconds)."""
        cutoff = now - timedelta(seconds=settings.TASK_STALL_SECONDS)
        return self.filter(status=CircularStatus.RUNNING).filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, requested_at__lt=cutoff))


class Circular(models.Model):
    jurisdiction = models.ForeignKey(Unit, verbose_name="辖区", on_delete=models.PROTECT, related_name="circulars")
    year = models.PositiveSmallIntegerField("年份")
    month = models.PositiveSmallIntegerField("月份", help_text="通报1月至该月的累计情况")
    version = models.PositiveSmallIntegerField("版本", default=1)
    status = models.CharField("状态", max_length=10, choices=CircularStatus.choices, default=CircularStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("进度(%)", default=0)
    progress_message = models.CharField("进度说明", max_length=100, blank=True)
    docx_file = models.FileField("通报（Word）", upload_to=circular_file_path, blank=True)
    xlsx_file = models.FileField("附表（Excel）", upload_to=circular_file_path, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="生成人", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近进展时间", null=True, blank=True, help_text="生成过程中每次报告进度时更新")
    task_id = models.CharField("后台任务编号", max_length=64, blank=True)
    error = models.TextField("错误信息", blank=True)

    history = HistoricalRecords()
    objects = CircularQuerySet.as_manager()

    class Meta:
        verbose_name = "月度通报"
        verbose_name_plural = "月度通报"
        ordering = ["-year", "-month", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year", "month", "version"], name="circular_unique_version"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="circular_month_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="circular_progress_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.period_label}通报（第{self.version}版）"

    @property
    def period_label(self) -> str:
        """2026年1-10月 (1月 alone in January)."""
        return f"{self.year}年1月" if self.month == 1 else f"{self.year}年1-{self.month}月"

    @property
    def title(self) -> str:
        return circular_title(self.year, self.month, self.jurisdiction)

    @property
    def is_finished(self) -> bool:
        return CircularStatus(self.status).is_finished

    @property
    def is_done(self) -> bool:
        return self.status == CircularStatus.DONE
