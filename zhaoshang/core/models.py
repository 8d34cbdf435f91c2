"""Records the core app keeps for every other app."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.db import models
from django.utils import timezone


def kept_upload_path(instance: KeptUpload, filename: str) -> str:
    """A random name: the uploaded name is kept in a field, never used as a path."""
    return f"kept/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class KeptUpload(models.Model):
    """A file someone uploaded with a form that failed on another field, kept so the
    form can offer it again instead of silently losing it (core/uploads.py). Reached
    only by its random token, which goes back to the uploader's page alone, and
    thrown away after a day: it is a draft, never evidence."""

    token = models.UUIDField("令牌", default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField("文件", upload_to=kept_upload_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100, blank=True)
    created_at = models.DateTimeField("上传时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "暂存上传文件"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.original_name
