from django.db import models


class DataVersion(models.Model):
    """How many times the data behind the figures of one county (a tree root, by
    its path) has changed; root "" counts changes that touch every county (an
    exchange rate, a record whose county cannot be told). Cached figures are
    keyed by these numbers, so a change makes the old entries unreachable
    (metrics/freshness.py)."""

    root = models.CharField("县（树根路径）", max_length=255, unique=True, blank=True)
    number = models.BigIntegerField("变更次数", default=0)

    class Meta:
        verbose_name = "数据版本"
        verbose_name_plural = "数据版本"

    def __str__(self) -> str:
        return f"{self.root or '全部'}：{self.number}"
