"""Obstacles (问题) raised on projects and the notes of their handling."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from zhaoshang.accounts import access
from zhaoshang.core.ranges import validate_date
from zhaoshang.core.versions import Versioned
from zhaoshang.organisation.models import Person, Unit, subtree_q

from .projects import Project


class ObstacleCategory(models.TextChoices):
    FUNDS = "funds", "资金"
    LAND_APPROVAL = "land_approval", "用地报批"
    DEMOLITION = "demolition", "征地拆迁"
    APPROVAL = "approval", "审批"
    UTILITIES = "utilities", "水电路配套"
    LABOUR = "labour", "用工"
    OTHER = "other", "其他"


class ObstacleStatus(models.TextChoices):
    OPEN = "open", "待办"
    IN_PROGRESS = "in_progress", "办理中"
    RESOLVED = "resolved", "已销号"
    ESCALATED = "escalated", "已上报"
    # The responsible unit says it is solved, with evidence; the project's unit confirms.
    PROPOSED = "proposed", "待确认销号"

    def allowed_next(self) -> list[ObstacleStatus]:
        return list(OBSTACLE_TRANSITIONS[self])


OBSTACLE_TRANSITIONS: dict[str, tuple[ObstacleStatus, ...]] = {
    ObstacleStatus.OPEN: (
        ObstacleStatus.IN_PROGRESS,
        ObstacleStatus.PROPOSED,
        ObstacleStatus.RESOLVED,
        ObstacleStatus.ESCALATED,
    ),
    ObstacleStatus.IN_PROGRESS: (ObstacleStatus.PROPOSED, ObstacleStatus.RESOLVED, ObstacleStatus.ESCALATED),
    # An escalated problem comes back to be worked on or is closed under the leader.
    ObstacleStatus.ESCALATED: (ObstacleStatus.IN_PROGRESS, ObstacleStatus.PROPOSED, ObstacleStatus.RESOLVED),
    # The project's unit confirms the proposal (销号) or returns it to be worked on.
    ObstacleStatus.PROPOSED: (ObstacleStatus.RESOLVED, ObstacleStatus.IN_PROGRESS),
    ObstacleStatus.RESOLVED: (),
}


class ObstacleQuerySet(models.QuerySet):
    def visible_to(self, user) -> ObstacleQuerySet:
        return self.filter(
            Q(project__in=Project.objects.visible_to(user))
            | subtree_q(access.read_paths(user), "responsible_unit__path")
        )

    def unresolved(self) -> ObstacleQuerySet:
        return self.exclude(status=ObstacleStatus.RESOLVED)

    def of_responsible_unit(self, unit: Unit) -> ObstacleQuerySet:
        return self.filter(responsible_unit__path__startswith=unit.path)

    def assigned_within(self, paths: list[str]) -> ObstacleQuerySet:
        """Waiting for a responsible unit under `paths` to act: neither resolved nor
        escalated to a leader."""
        return self.filter(
            subtree_q(paths, "responsible_unit__path"), status__in=[ObstacleStatus.OPEN, ObstacleStatus.IN_PROGRESS]
        )

    def proposed(self) -> ObstacleQuerySet:
        """销号 proposed by the responsible unit, waiting for the project's unit."""
        return self.filter(status=ObstacleStatus.PROPOSED)

    def escalated_to_user(self, user) -> ObstacleQuerySet:
        """Escalated to the leader whose login this is, and not yet taken back or resolved."""
        return self.filter(status=ObstacleStatus.ESCALATED, escalated_to__user=user)

    def with_overdue_flag(self, as_of: date) -> ObstacleQuerySet:
        """Annotate `is_overdue` (past its deadline on `as_of`, not resolved) so a
        board can highlight rows and sort by it without a query per row."""
        return self.annotate(
            is_overdue=models.Case(
                models.When(Q(deadline__lt=as_of) & ~Q(status=ObstacleStatus.RESOLVED), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )

    def overdue(self, as_of: date) -> ObstacleQuerySet:
        """Past their deadline on `as_of` and not resolved by then (an obstacle
        resolved after `as_of` was still overdue on that day)."""
        end = timezone.make_aware(datetime.combine(as_of, datetime.max.time()))
        return self.filter(deadline__lt=as_of, raised_at__lte=end).filter(
            Q(resolved_at__isnull=True) | Q(resolved_at__gt=end)
        )


class Obstacle(Versioned):
    """问题清单: a problem holding a project back, owned by a responsible unit."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="obstacles")
    category = models.CharField("问题类别", max_length=16, choices=ObstacleCategory.choices)
    description = models.TextField("问题描述")
    responsible_unit = models.ForeignKey(
        Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="obstacles"
    )
    deadline = models.DateField("办结时限", validators=[validate_date])
    status = models.CharField("状态", max_length=12, choices=ObstacleStatus.choices, default=ObstacleStatus.OPEN)
    escalated_to = models.ForeignKey(
        Person, verbose_name="上报领导", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # The leader's latest 批示 on an escalated problem; earlier ones stay in history
    # and in the thread.
    instruction = models.TextField("领导批示", blank=True)
    instructed_by = models.ForeignKey(
        Person, verbose_name="批示领导", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    instructed_at = models.DateTimeField("批示时间", null=True, blank=True)
    raised_at = models.DateTimeField("提出时间", default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT, related_name="+", null=True
    )
    resolved_at = models.DateTimeField("销号时间", null=True, blank=True)

    history = HistoricalRecords()
    objects = ObstacleQuerySet.as_manager()

    class Meta:
        verbose_name = "项目问题"
        verbose_name_plural = "问题清单"
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}：{self.description[:20]}"


class NoteKind(models.TextChoices):
    NOTE = "note", "办理情况"
    ESCALATION = "escalation", "上报"
    PROPOSAL = "proposal", "申请销号"
    RETURNED = "returned", "退回"
    CLOSED = "closed", "确认销号"
    INSTRUCTION = "instruction", "领导批示"


def obstacle_note_path(instance: ObstacleNote, filename: str) -> str:
    """A random name, as for evidence: the original name is kept in a field."""
    extension = PurePath(filename).suffix.lower()
    return f"projects/obstacle_notes/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class ObstacleNote(models.Model):
    """One entry of an obstacle's thread: what the responsible unit did, a 销号
    proposal with its evidence, the owner's confirmation or return, a leader's 批示.
    Entries are only added, never edited: the thread is the record of the handling."""

    obstacle = models.ForeignKey(Obstacle, verbose_name="问题", on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField("类型", max_length=12, choices=NoteKind.choices, default=NoteKind.NOTE)
    text = models.TextField("内容")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填写人", on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField("时间", default=timezone.now)
    # Served only through a view that asks get_obstacle_for_user (the department
    # that may not see the project's evidence still sees its own thread).
    attachment = models.FileField("附件", upload_to=obstacle_note_path, max_length=200, blank=True)
    attachment_name = models.CharField("附件名", max_length=200, blank=True)
    attachment_type = models.CharField("附件类型", max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "问题办理记录"
        verbose_name_plural = "问题办理记录"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.text[:20]}"
