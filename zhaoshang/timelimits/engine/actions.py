"""Every change to a time limit goes through here (docs/domain.md §8). Subjects (obstacles,
later cases, inquiries, element problems) start a clock in their own creating action;
`check_time_limits` is the periodic escalation run. Every function takes `now` so that
tests drive a controlled clock; history rows record who and when."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from zhaoshang.core.history import save_with_history as _save
from zhaoshang.accounts.models import Role
from zhaoshang.core.versions import bump_version

from .. import access
from ..calendar import MINUTES_PER_DAY, WorkingCalendar
from ..seeding import DEFAULT_POLICIES
from ..models import (
    CalendarDay,
    Clock,
    DayKind,
    Escalation,
    ExtensionStatus,
    Level,
    LimitUnit,
    Pause,
    Policy,
    PolicyKind,
    Urgency,
)

MAX_EXTENSION_DAYS = 15
DEFAULTS = {(kind, urgency): (limit, unit, basis) for kind, urgency, limit, unit, basis in DEFAULT_POLICIES}


def policy_for(kind: str, urgency: str = Urgency.NORMAL) -> Policy:
    """The bureau's policy; a default of docs/domain.md §8 missing from the table (a
    database created without the data migration) is written back on first use."""
    policy = Policy.objects.filter(kind=kind, urgency=urgency).first()
    if policy is not None:
        return policy
    default = DEFAULTS.get((kind, urgency))
    if default is None:
        raise ValidationError(f"没有「{PolicyKind(kind).label}（{Urgency(urgency).label}）」的时限标准，请先在「时限标准」中设置")
    limit, unit, basis = default
    return Policy.objects.get_or_create(kind=kind, urgency=urgency, defaults={"limit": limit, "unit": unit, "basis": basis})[0]


def deadline_for(kind: str, started_at: datetime, urgency: str = Urgency.NORMAL) -> datetime:
    """When a limit of `kind` started at `started_at` would end: for a subject that
    keeps its own deadline field, filled before the subject is saved."""
    policy = policy_for(kind, urgency)
    return due_from(started_at, policy.limit, policy.unit, WorkingCalendar())


def due_from(started_at: datetime, limit: int, unit: str, calendar: WorkingCalendar) -> datetime:
    if unit == LimitUnit.WORKING_HOURS:
        return calendar.add_working_minutes(started_at, limit * 60)
    return calendar.end_of_day(calendar.add_working_days(timezone.localtime(started_at).date(), limit))


@transaction.atomic
def do_start_clock(
    subject: models.Model,
    *,
    kind: str,
    unit,
    title: str,
    urgency: str = Urgency.NORMAL,
    handler: User | None = None,
    now: datetime | None = None,
    due_at: datetime | None = None,
    calendar: WorkingCalendar | None = None,
) -> Clock:
    """Start the limit of `subject` from its policy. The limit is copied onto the
    clock: a later edit of the policy does not move a running deadline. `due_at`
    is a deadline set for this subject in particular (an obstacle's agreed date),
    which replaces the policy's."""
    now = now or timezone.now()
    calendar = calendar or WorkingCalendar()
    policy = policy_for(kind, urgency)
    if due_at is None:
        due_at = due_from(now, policy.limit, policy.unit, calendar)
    return Clock.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        title=title[:200],
        unit=unit,
        handler=handler,
        kind=kind,
        urgency=urgency,
        limit=policy.limit,
        limit_unit=policy.unit,
        started_at=now,
        due_at=due_at,
    )


def _locked(clock: Clock) -> Clock:
    return Clock.objects.select_for_update().get(pk=clock.pk)


def _require_running(clock: Clock) -> None:
    if clock.closed_at is not None:
        raise ValidationError("该事项已办结，时限不能再变更")


@transaction.atomic
def do_pause_clock(clock: Clock, reason: str, user: User, now: datetime | None = None) -> Clock:
    """Stop the clock while waiting for the investor's material."""
    if not access.can_handle_clock(user, clock):
        raise PermissionDenied
    clock = _locked(clock)
    _require_running(clock)
    if clock.paused_at is not None:
        raise ValidationError("时限已在暂停中")
    if not reason.strip():
        raise ValidationError({"reason": "暂停须说明原因"})
    clock.paused_at = now or timezone.now()
    Pause.objects.create(clock=clock, started_at=clock.paused_at, reason=reason.strip())
    _save(clock, user)
    return clock


@transaction.atomic
def do_resume_clock(clock: Clock, user: User, now: datetime | None = None, calendar: WorkingCalendar | None = None) -> Clock:
    """Restart the clock; the deadline moves by the working time it stood still."""
    if not access.can_handle_clock(user, clock):
        raise PermissionDenied
    clock = _locked(clock)
    if clock.paused_at is None:
        raise ValidationError("时限未暂停，无需恢复")
    now = now or timezone.now()
    calendar = calendar or WorkingCalendar()
    pause = clock.pauses.get(ended_at__isnull=True)
    pause.ended_at = now
    pause.working_minutes = calendar.working_minutes(pause.started_at, now)
    pause._history_user = user
    pause.save()
    clock.due_at = calendar.add_working_minutes(clock.due_at, pause.working_minutes)
    clock.paused_at = None
    _save(clock, user)
    return clock


@transaction.atomic
def do_request_extension(clock: Clock, days: int, reason: str, user: User) -> Clock:
    """At most one extension per clock, of at most 15 working days."""
    if not access.can_handle_clock(user, clock):
        raise PermissionDenied
    clock = _locked(clock)
    _require_running(clock)
    if clock.extension_status != ExtensionStatus.NONE:
        raise ValidationError("每个事项只能申请一次延期")
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValidationError({"days": f"延期不能超过{MAX_EXTENSION_DAYS}个工作日"})
    if not reason.strip():
        raise ValidationError({"reason": "延期须说明理由"})
    clock.extension_status = ExtensionStatus.REQUESTED
    clock.extension_days = days
    clock.extension_reason = reason.strip()
    _save(clock, user)
    return clock


@transaction.atomic
def do_decide_extension(clock: Clock, approve: bool, user: User, calendar: WorkingCalendar | None = None) -> Clock:
    """The unit head of the clock's unit approves (deadline + the days) or refuses."""
    if not access.can_approve_extension(user, clock):
        raise PermissionDenied
    clock = _locked(clock)
    _require_running(clock)
    if clock.extension_status != ExtensionStatus.REQUESTED:
        raise ValidationError("没有待审批的延期申请")
    clock.extension_decided_by = user
    if approve:
        calendar = calendar or WorkingCalendar()
        clock.extension_status = ExtensionStatus.APPROVED
        clock.due_at = calendar.add_working_minutes(clock.due_at, clock.extension_days * MINUTES_PER_DAY)  # type: ignore[operator]
    else:
        clock.extension_status = ExtensionStatus.REFUSED
    _save(clock, user)
    return clock


@transaction.atomic
def do_close_clock(clock: Clock, user: User | None, now: datetime | None = None) -> Clock:
    """Stop the clock for good; finishing after the deadline marks it overdue, and the
    mark stays."""
    clock = _locked(clock)
    _require_running(clock)
    now = now or timezone.now()
    if clock.paused_at is None and now > clock.due_at:
        clock.overdue = True
    clock.closed_at = now
    _save(clock, user)
    return clock


def do_close_clocks_of(subject: models.Model, user: User | None, now: datetime | None = None) -> None:
    """Close the running limit of `subject` when the subject is finished."""
    for clock in Clock.objects.for_subject(subject).running():
        do_close_clock(clock, user, now)


def used_share(clock: Clock, now: datetime, calendar: WorkingCalendar) -> float:
    """The share of the limit used by `now`, paused working time left out."""
    paused = sum(p.working_minutes for p in clock.pauses.all() if p.ended_at is not None)
    total = calendar.working_minutes(clock.started_at, clock.due_at) - paused
    until = clock.paused_at if clock.paused_at is not None else now
    used = calendar.working_minutes(clock.started_at, until) - paused
    if total <= 0:
        return 1.0 if now >= clock.due_at else 0.0
    return used / total


def _recipients(clock: Clock, level: int) -> str:
    if level == Level.HANDLER:
        users = [clock.handler] if clock.handler else []
        fallback = f"{clock.unit.name}承办人"
    else:
        role = Role.UNIT_HEAD if level == Level.UNIT_HEAD else Role.LEADER
        users = list(access.holders_over(role, clock.unit))
        fallback = f"{clock.unit.name}单位负责人" if role == Role.UNIT_HEAD else "分管县领导"
    names = "、".join(u.get_full_name() or u.username for u in users)
    return (names or fallback)[:300]


def check_time_limits(now: datetime | None = None) -> list[Escalation]:
    """The periodic run: fire every level a running, unpaused clock has reached,
    lowest first (a clock first seen at 100 % still reminds its handler), each once."""
    now = now or timezone.now()
    calendar = WorkingCalendar()
    fired: list[Escalation] = []
    clocks = Clock.objects.running().filter(paused_at__isnull=True, started_at__lte=now)
    for clock in clocks.select_related("unit", "handler").prefetch_related("pauses", "escalations"):
        done = {e.level for e in clock.escalations.all()}
        if len(done) == len(Level):
            continue
        share = used_share(clock, now, calendar)
        for level in sorted(Level):
            if level in done or share * 100 < level:
                continue
            try:
                with transaction.atomic():
                    fired.append(Escalation.objects.create(clock=clock, level=level, fired_at=now, recipients=_recipients(clock, level)))
                    if level == Level.LEADER:
                        # An update, not a save: the loaded row may be older than a resume.
                        Clock.objects.filter(pk=clock.pk).update(overdue=True)
            except IntegrityError:
                continue  # another worker fired it first
    return fired


@dataclass(frozen=True)
class SubjectCheck:
    """A subject app's own periodic step, run by the same timer as the reminders:
    `check(now)` returns what it changed; `report` formats its count for the log."""

    check: Callable[[datetime], list]
    report: str


# Registered by the subject apps in AppConfig.ready() (this engine does not import them).
SUBJECT_CHECKS: dict[str, SubjectCheck] = {}


def register_subject_check(name: str, check: Callable[[datetime], list], report: str) -> None:
    SUBJECT_CHECKS[name] = SubjectCheck(check, report)


def run_periodic_checks(now: datetime | None = None) -> list[str]:
    """What the timer runs (`manage.py check_time_limits`): the subjects' checks first
    (an element problem whose level ran out moves up, its clock closed, rather than
    being reported overdue as well), then the reminders. One log line each."""
    now = now or timezone.now()
    lines = [check.report.format(len(check.check(now))) for _, check in sorted(SUBJECT_CHECKS.items())]
    return [f"发出 {len(check_time_limits(now))} 条时限预警", *lines]


# ---------------------------------------------------------------- the bureau's tables


@transaction.atomic
def do_update_policy(policy: Policy, data: dict, user: User, *, expected_version: int) -> Policy:
    if not access.can_manage_time_limits(user):
        raise PermissionDenied
    bump_version(policy, expected_version)
    for field in ("limit", "unit", "basis"):
        setattr(policy, field, data[field])
    if policy.limit < 1:
        raise ValidationError({"limit": "时限至少为1"})
    policy._history_user = user
    policy.save()
    return policy


@transaction.atomic
def do_set_calendar_day(day: date, kind: str, name: str, user: User) -> CalendarDay:
    """Mark `day` a holiday or a make-up working day (replacing what it was)."""
    if not access.can_manage_time_limits(user):
        raise PermissionDenied
    if kind == DayKind.HOLIDAY and day.weekday() >= 5:
        raise ValidationError({"date": f"{day:%Y-%m-%d}是周末，本来就不上班，无需设为节假日"})
    if kind == DayKind.WORKDAY and day.weekday() < 5:
        raise ValidationError({"date": f"{day:%Y-%m-%d}是工作日，无需设为调休上班日"})
    entry = CalendarDay.objects.filter(date=day).first() or CalendarDay(date=day)
    entry.kind, entry.name = kind, name
    entry._history_user = user
    entry.save()
    return entry


@transaction.atomic
def do_remove_calendar_day(entry: CalendarDay, user: User) -> None:
    """The day goes back to Monday–Friday. Removing the last day of a year makes the
    year unknown (the warning shows again), so that is refused."""
    if not access.can_manage_time_limits(user):
        raise PermissionDenied
    if not CalendarDay.objects.filter(date__year=entry.date.year).exclude(pk=entry.pk).exists():
        raise ValidationError(f"这是{entry.date.year}年工作日历的最后一天，删除后该年将没有节假日数据，不能删除")
    entry._history_user = user
    entry.delete()
