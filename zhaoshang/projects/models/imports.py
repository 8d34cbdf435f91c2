"""The log of Excel imports of projects and fund entries."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from zhaoshang.accounts import access


class ImportKind(models.TextChoices):
    PROJECTS = "projects", "项目"
    FUNDS = "funds", "到位资金"


class ImportStatus(models.TextChoices):
    # Background tasks run the checks (CHECKING) and the write (IMPORTING).
    CHECKING = "checking", "正在校验"
    PREVIEWED = "previewed", "待确认"
    IMPORTING = "importing", "正在导入"
    IMPORTED = "imported", "已导入"
    FAILED = "failed", "导入失败"


def import_file_path(instance: ImportLog, filename: str) -> str:
    """A random name: the uploaded name is kept in `file_name`, never used as a path."""
    return f"projects/imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xlsx"


class ImportLogQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportLogQuerySet:
        """A log, and the uploaded file behind it, belong to whoever uploaded it;
        the admin sees every one."""
        if not user.is_authenticated:
            return self.none()
        if access.is_admin(user):
            return self.all()
        return self.filter(user=user)

    def stalled(self, now: datetime) -> ImportLogQuerySet:
        """Checking or importing, but no sign of life for TASK_STALL_SECONDS: the
        worker running it has died (a running import reports progress as it goes)."""
        cutoff = now - timedelta(seconds=settings.TASK_STALL_SECONDS)
        running = self.filter(status__in=[ImportStatus.CHECKING, ImportStatus.IMPORTING])
        return running.filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff))


class ImportLog(models.Model):
    """One Excel import: uploaded, previewed, then confirmed (or refused). The file
    is kept in MEDIA_ROOT under a random name between preview and confirm, so the
    confirm step reads what was previewed rather than anything re-posted."""

    kind = models.CharField("导入类型", max_length=10, choices=ImportKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("上传时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    file_name = models.CharField("文件名", max_length=200)
    file = models.FileField("文件", upload_to=import_file_path, max_length=200, blank=True)
    row_count = models.PositiveIntegerField("行数", default=0)
    created_count = models.PositiveIntegerField("导入条数", default=0)
    status = models.CharField("结果", max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    errors = models.JSONField("错误", default=list, blank=True)
    # Each row as the preview showed it: {"row": n, "values": [...], "errors": [...]}.
    preview = models.JSONField("预览", default=list, blank=True)
    # The validated rows (core/importing/pipeline.encode), kept from preview to confirm.
    rows = models.JSONField("校验后的数据", default=list, blank=True, editable=False)
    progress = models.PositiveSmallIntegerField("进度(%)", default=0)
    progress_message = models.CharField("进度说明", max_length=100, blank=True)
    heartbeat_at = models.DateTimeField("最近进展时间", null=True, blank=True)

    # The story of an import is its status, counts and errors; the row data (up to
    # IMPORT_MAX_ROWS rows) and the progress ticks would only repeat in every version.
    history = HistoricalRecords(excluded_fields=["preview", "rows", "progress", "progress_message", "heartbeat_at"])
    objects = ImportLogQuerySet.as_manager()

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)
