"""Lists the bureau maintains (名录): the 行业 and the 来源地区 a project or an investor
is described with. Forms offer their active entries with search; the project keeps
the chosen name as text, so a renamed or retired entry never rewrites history."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from zhaoshang.core.versions import Versioned


class ListEntry(Versioned):
    name = models.CharField("名称", max_length=60, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True, help_text="停用后不再供选择，已填写的项目保持不变")

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Industry(ListEntry):
    history = HistoricalRecords()

    class Meta(ListEntry.Meta):
        verbose_name = "行业"
        verbose_name_plural = verbose_name


class SourceRegion(ListEntry):
    history = HistoricalRecords()

    class Meta(ListEntry.Meta):
        verbose_name = "来源地区"
        verbose_name_plural = verbose_name


# The lists by the slug their screens use.
LISTS: dict[str, type[ListEntry]] = {"industries": Industry, "regions": SourceRegion}
