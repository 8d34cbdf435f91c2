"""Public disclosure (公布进度, docs/domain.md §10): what the bureau publishes about unit
progress at mid-year and year-end. A Disclosure stores only the choice — which
period, as of which date, which columns — never the figures: the public page
computes them from the metric engine as of the disclosure date, so the published
page can be reproduced at any time and always matches the rankings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from zhaoshang.accounts import access
from zhaoshang.core.versions import Versioned
from zhaoshang.organisation.models import Unit, subtree_q


class Column(models.TextChoices):
    """The columns the bureau may publish; the unit name is always shown."""

    TARGET = "target", "任务数"
    ACTUAL = "actual", "完成数"
    RATE = "rate", "完成率"
    RANK = "rank", "赛区排名"
    TIME_PROGRESS = "time_progress", "序时进度"


DEFAULT_COLUMNS = [Column.RATE, Column.RANK]


class DisclosureQuerySet(models.QuerySet):
    def published(self) -> DisclosureQuerySet:
        return self.filter(is_published=True)

    def editable_by(self, user) -> DisclosureQuerySet:
        return self.filter(subtree_q(access.bureau_paths(user), "jurisdiction__path"))


class Disclosure(Versioned):
    jurisdiction = models.ForeignKey(Unit, verbose_name="所属辖区", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(
        "targets.Period", verbose_name="考核期间", on_delete=models.PROTECT, related_name="disclosures"
    )
    title = models.CharField("标题", max_length=80)
    as_of = models.DateField("公布截至日期", help_text="年中为6月30日，年底为12月31日")
    columns = models.JSONField("公开的栏目", default=list)
    is_published = models.BooleanField("已公开", default=False)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="公开人", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    history = HistoricalRecords()
    objects = DisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = "进度公开"
        verbose_name_plural = "进度公开"
        ordering = ["-as_of", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["period", "as_of"], name="disclosure_unique_date"),
            models.CheckConstraint(condition=~Q(title=""), name="disclosure_title_required"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown(self) -> set[str]:
        return set(self.columns or [])

    @property
    def column_labels(self) -> list[str]:
        return [Column(c).label for c in Column if c in self.shown]
