"""Follow-ups (跟踪服务记录) of a project."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .projects import Project


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user) -> FollowUpQuerySet:
        return self.filter(project__in=Project.objects.visible_to(user))


class FollowUp(models.Model):
    """跟踪服务记录: a visit, call or meeting on a project (谁引进、谁负责、谁跟踪、谁服务).
    A signed project with no follow-up for 30 days feeds the 签约即止 alert."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="follow_ups")
    date = models.DateField("跟踪日期")
    note = models.TextField("跟踪情况")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+", null=True
    )

    history = HistoricalRecords()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = "跟踪记录"
        verbose_name_plural = "跟踪记录"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.project} {self.date:%Y-%m-%d}"
