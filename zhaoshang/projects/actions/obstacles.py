
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts.models import Role
from zhaoshang.core.history import save_with_history as _save
from zhaoshang.core.versions import bump_version
from zhaoshang.organisation.models import Person, Unit
from zhaoshang.timelimits.calendar import WorkingCalendar
from zhaoshang.timelimits.engine import actions as time_limits
from zhaoshang.timelimits.models import PolicyKind
from zhaoshang.todo.actions import do_notify, holders_of
from zhaoshang.todo.models import NotificationKind

from .. import access
from ..models import (
    OBSTACLE_TRANSITIONS,
    FollowUp,
    NoteKind,
    Obstacle,
    ObstacleNote,
    ObstacleStatus,
    Project,
)
from ..validators import CONTENT_TYPES, validate_evidence_file
from .common import _check_fields, _clean, _not_future, _require_reason

OBSTACLE_FIELDS = frozenset({"category", "description", "responsible_unit", "deadline"})


# ---------------------------------------------------------------- obstacles


def _obstacle_link(obstacle: Obstacle) -> str:
    """The obstacle's own page: the one page of the project a department may open."""
    return reverse("projects:obstacle_detail", args=[obstacle.pk])


def _handlers(obstacle: Obstacle) -> list[User]:
    return holders_of(obstacle.responsible_unit, [Role.REPORTER, Role.UNIT_HEAD])


def _owners(obstacle: Obstacle) -> list[User]:
    return holders_of(obstacle.project.introducing_unit, [Role.REPORTER, Role.UNIT_HEAD])


def _add_note(obstacle: Obstacle, kind: str, text: str, user: User, attachment: File | None = None) -> ObstacleNote:
    note = ObstacleNote(obstacle=obstacle, kind=kind, text=text, author=user)
    if attachment is not None:
        detected = validate_evidence_file(attachment)
        note.attachment_name = (attachment.name or "").rsplit("/", 1)[-1][:200]
        note.attachment_type = CONTENT_TYPES[detected]
        note.attachment.save(attachment.name, attachment, save=False)
    _save(note, user)
    return note


@transaction.atomic
def do_add_obstacle(project: Project, data: Mapping[str, Any], user: User) -> Obstacle:
    _check_fields(data, OBSTACLE_FIELDS)
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    obstacle = Obstacle(project=project, raised_by=user, **data)
    if obstacle.deadline is None:
        # No date agreed: the time-limit policy for obstacles sets it.
        obstacle.deadline = timezone.localdate(time_limits.deadline_for(PolicyKind.OBSTACLE, obstacle.raised_at))
    _clean(obstacle, exclude=["project", "raised_by"])
    _save(obstacle, user)
    do_notify(
        _handlers(obstacle),
        NotificationKind.OBSTACLE_ASSIGNED,
        f"「{project.name}」的问题交由本单位办理（{obstacle.deadline:%Y-%m-%d}前）：{obstacle.description[:80]}",
        # A department may not see another unit's project page, only the obstacle's.
        _obstacle_link(obstacle),
        actor=user,
    )
    time_limits.do_start_clock(
        obstacle,
        kind=PolicyKind.OBSTACLE,
        unit=obstacle.responsible_unit,
        title=f"{project.name}：{obstacle}",
        handler=user,
        now=obstacle.raised_at,
        due_at=WorkingCalendar().end_of_day(obstacle.deadline),
    )
    return obstacle


@transaction.atomic
def do_add_obstacle_note(obstacle: Obstacle, text: str, user: User, attachment: File | None = None) -> ObstacleNote:
    """A handling note on the thread (办理情况), with an optional file."""
    if not access.can_note_obstacle(user, obstacle):
        raise PermissionDenied
    return _add_note(obstacle, NoteKind.NOTE, _require_reason(text, "请填写办理情况", "text"), user, attachment)


@transaction.atomic
def do_update_obstacle_status(
    obstacle: Obstacle,
    status: str,
    user: User,
    *,
    note: str = "",
    escalated_to: Person | None = None,
    evidence: File | None = None,
    expected_version: int | None = None,
) -> Obstacle:
    """Every step of the loop (who may take which: access.obstacle_statuses_for):
    open → in_progress; → escalated (上报) to a leader, with a note; → proposed
    (申请销号) by the responsible unit, with what was done and an evidence file;
    proposed → resolved (the project's unit confirms) or → in_progress (returned,
    with the reason). The project's unit may also close a problem directly. Each
    step's text goes on the thread. A screen or client that shows the obstacle also
    sends the `expected_version` it showed, so that a step decided on an outdated
    state raises ConflictError."""
    if not access.can_handle_obstacle(user, obstacle):
        raise PermissionDenied
    if expected_version is not None:
        bump_version(obstacle, expected_version)
    obstacle = (
        Obstacle.objects.select_for_update()
        .select_related("project__introducing_unit", "responsible_unit")
        .get(pk=obstacle.pk)
    )
    current, target = ObstacleStatus(obstacle.status), ObstacleStatus(status)
    if target not in OBSTACLE_TRANSITIONS[current]:
        raise ValidationError({"status": f"问题状态不能从「{current.label}」改为「{target.label}」"})
    if target not in access.obstacle_statuses_for(user, obstacle):
        raise ValidationError({"status": "销号须由项目所属单位确认：请提交销号申请并附证明材料"})
    project = obstacle.project
    if target == ObstacleStatus.PROPOSED:
        text = _require_reason(note, "申请销号须说明办理结果", "note")
        if evidence is None:
            raise ValidationError({"evidence": "申请销号须附证明材料"})
        _add_note(obstacle, NoteKind.PROPOSAL, text, user, evidence)
        do_notify(
            _owners(obstacle),
            NotificationKind.OBSTACLE_PROPOSED,
            f"「{project.name}」的问题申请销号，请确认：{text[:80]}",
            _obstacle_link(obstacle),
            actor=user,
        )
    elif target == ObstacleStatus.RESOLVED:
        if current == ObstacleStatus.PROPOSED:
            _add_note(obstacle, NoteKind.CLOSED, note.strip() or "确认销号", user)
        else:
            _add_note(obstacle, NoteKind.CLOSED, _require_reason(note, "销号须填写办理情况", "note"), user)
        obstacle.resolved_at = timezone.now()
        time_limits.do_close_clocks_of(obstacle, user, obstacle.resolved_at)
        do_notify(
            _handlers(obstacle),
            NotificationKind.OBSTACLE_CLOSED,
            f"「{project.name}」的问题已销号：{obstacle.description[:80]}",
            _obstacle_link(obstacle),
            actor=user,
        )
    elif target == ObstacleStatus.ESCALATED:
        text = _require_reason(note, "上报须说明需协调解决的问题", "note")
        root = project.introducing_unit.path[: Unit.steplen]
        if escalated_to is not None and not (
            escalated_to.leader_body and escalated_to.is_active and escalated_to.unit.path.startswith(root)
        ):
            raise ValidationError({"escalated_to": f"「{escalated_to.name}」不是本县在职的四大家领导，不能作为上报领导"})
        obstacle.escalated_to = escalated_to
        _add_note(obstacle, NoteKind.ESCALATION, text, user)
        if escalated_to is not None:
            do_notify(
                [escalated_to.user],
                NotificationKind.OBSTACLE_ESCALATED,
                f"「{project.name}」的问题上报请您协调：{text[:80]}",
                _obstacle_link(obstacle),
                actor=user,
            )
    elif current == ObstacleStatus.PROPOSED:
        reason = _require_reason(note, "退回须说明原因", "note")
        _add_note(obstacle, NoteKind.RETURNED, reason, user)
        do_notify(
            _handlers(obstacle),
            NotificationKind.OBSTACLE_RETURNED,
            f"「{project.name}」的销号申请被退回：{reason[:80]}",
            _obstacle_link(obstacle),
            actor=user,
        )
    elif note.strip():
        _add_note(obstacle, NoteKind.NOTE, note.strip(), user)
    obstacle.status = target
    _save(obstacle, user)
    return obstacle


@transaction.atomic
def do_give_obstacle_instruction(
    obstacle: Obstacle, text: str, user: User, *, expected_version: int | None = None
) -> Obstacle:
    """A leader's 批示 on an escalated problem: kept on the record (the latest on the
    obstacle, every one in its history and thread) and sent to both units. The
    problem goes back to the responsible unit to be worked on as instructed (办理中):
    the leader's part is done, the department's 待办 lists it again."""
    if expected_version is not None:
        bump_version(obstacle, expected_version)
    # Decided on the row as it is now: the caller's copy may predate the escalation.
    # (Only the obstacle is locked: PostgreSQL cannot lock the optional leader's side.)
    obstacle = (
        Obstacle.objects.select_for_update(of=("self",))
        .select_related("project__introducing_unit", "responsible_unit", "escalated_to")
        .get(pk=obstacle.pk)
    )
    if not access.can_instruct_obstacle(user, obstacle):
        raise PermissionDenied
    leader = Person.objects.filter(user=user, is_active=True).exclude(leader_body="").first()
    if leader is None:
        raise ValidationError({"text": "只有登记为四大家领导的人员可以批示"})
    obstacle.instruction = _require_reason(text, "请填写批示内容", "text")
    obstacle.instructed_by = leader
    obstacle.instructed_at = timezone.now()
    obstacle.status = ObstacleStatus.IN_PROGRESS
    _save(obstacle, user)
    _add_note(obstacle, NoteKind.INSTRUCTION, obstacle.instruction, user)
    do_notify(
        _handlers(obstacle) + _owners(obstacle),
        NotificationKind.OBSTACLE_INSTRUCTED,
        f"{leader.name}对「{obstacle.project.name}」的问题作出批示：{obstacle.instruction[:80]}",
        _obstacle_link(obstacle),
        actor=user,
    )
    return obstacle


@transaction.atomic
def do_record_follow_up(project: Project, day: date, note: str, user: User) -> FollowUp:
    """Whoever may work the project records what was done for it, and when."""
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    _not_future(day, "date", "跟踪日期")
    follow_up = FollowUp(project=project, date=day, note=_require_reason(note, "请填写跟踪情况", "note"), recorded_by=user)
    _save(follow_up, user)
    return follow_up
