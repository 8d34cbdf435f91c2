"""Time-limit API: the policies, the working calendar of a year (with the warning
of a year it does not know) and the caller's open escalations, read-only (the
tables are edited on their screens); a clock's pause, resume and extension. (No `from __future__ import annotations`:
ninja reads the annotations at import.)"""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from zhaoshang.core.api_errors import REFUSALS, RequestBody
from zhaoshang.core.api_input import InputSchema

from zhaoshang.core.ranges import Id

from . import access
from .calendar import WorkingCalendar, unknown_years_warning
from .engine import actions
from .escalations import open_escalations_for
from .models import CalendarDay, Clock, Policy

router = Router(tags=["办理时限"])


class PolicyOut(Schema):
    id: int
    kind: str
    kind_label: str
    urgency: str
    limit: int
    unit: str  # days 工作日 / hours 工作小时
    basis: str


class CalendarDayOut(Schema):
    date: dt.date
    kind: str  # holiday 法定节假日 / workday 调休上班
    name: str


class CalendarOut(Schema):
    year: int
    known: bool
    warning: str
    days: list[CalendarDayOut]


class CalendarQuery(InputSchema):
    year: int | None = None


class EscalationOut(Schema):
    id: int
    level: int  # 50 / 80 / 100
    level_label: str
    title: str
    unit_name: str
    due_at: dt.datetime
    fired_at: dt.datetime


@router.get("/time-limit-policies", response={200: list[PolicyOut], **REFUSALS}, url_name="time_limit_policies")
def list_policies(request: HttpRequest) -> list[PolicyOut]:
    """时限标准：事项类型 × 紧急程度 → 时限（工作日或工作小时）。"""
    return [
        PolicyOut(id=p.pk, kind=p.kind, kind_label=p.get_kind_display(), urgency=p.urgency, limit=p.limit, unit=p.unit, basis=p.basis)
        for p in Policy.objects.all()
    ]


@router.get("/working-calendar", response={200: CalendarOut, **REFUSALS}, url_name="working_calendar")
def working_calendar(request: HttpRequest, query: Query[CalendarQuery]) -> CalendarOut:
    """某年（默认今年）与周一至周五不同的日子；没有数据的年份 `known` 为 false 并给出提示。"""
    year = query.year or timezone.localdate().year
    known = WorkingCalendar().knows(year)
    days = CalendarDay.objects.filter(date__year=year)
    return CalendarOut(
        year=year,
        known=known,
        warning="" if known else unknown_years_warning({year}),
        days=[CalendarDayOut(date=d.date, kind=d.kind, name=d.name) for d in days],
    )


@router.get("/time-limit-escalations", response={200: list[EscalationOut], **REFUSALS}, url_name="my_escalations")
def my_escalations(request: HttpRequest) -> list[EscalationOut]:
    """发给当前账号、事项尚未办结的时限提醒与超期督办。"""
    return [
        EscalationOut(
            id=e.pk,
            level=e.level,
            level_label=e.get_level_display(),
            title=e.clock.title,
            unit_name=e.clock.unit.name,
            due_at=e.clock.due_at,
            fired_at=e.fired_at,
        )
        for e in open_escalations_for(request.user)
    ]


# ---------------------------------------------------------------- one clock


class ClockOut(Schema):
    id: int
    title: str
    kind: str
    unit_name: str
    started_at: dt.datetime
    due_at: dt.datetime
    paused: bool
    extension_status: str  # "" 未申请 / requested / approved / refused
    extension_days: int | None
    closed_at: dt.datetime | None
    overdue: bool


class PauseIn(RequestBody):
    reason: str


class ExtensionIn(RequestBody):
    days: int = Field(ge=1, le=999)
    reason: str


class DecisionIn(RequestBody):
    approve: bool


def _clock_out(clock: Clock) -> ClockOut:
    return ClockOut(
        id=clock.pk,
        title=clock.title,
        kind=clock.kind,
        unit_name=clock.unit.name,
        started_at=clock.started_at,
        due_at=clock.due_at,
        paused=clock.paused_at is not None,
        extension_status=clock.extension_status,
        extension_days=clock.extension_days,
        closed_at=clock.closed_at,
        overdue=clock.overdue,
    )


@router.get("/time-limits/{pk}", response={200: ClockOut, **REFUSALS}, url_name="clock_detail")
def get_clock(request: HttpRequest, pk: Id) -> ClockOut:
    """一个事项的办理时限。"""
    return _clock_out(access.get_clock_for_user(request.user, pk))


@router.post("/time-limits/{pk}/pause", response={200: ClockOut, **REFUSALS}, url_name="clock_pause")
def pause_clock(request: HttpRequest, pk: Id, payload: PauseIn) -> ClockOut:
    """等待企业补充材料：暂停计时（须说明原因）。"""
    clock = access.get_clock_for_user(request.user, pk, write=True)
    return _clock_out(actions.do_pause_clock(clock, payload.reason, request.user))


@router.post("/time-limits/{pk}/resume", response={200: ClockOut, **REFUSALS}, url_name="clock_resume")
def resume_clock(request: HttpRequest, pk: Id) -> ClockOut:
    """恢复计时；到期时间顺延暂停的工作时间。"""
    clock = access.get_clock_for_user(request.user, pk, write=True)
    return _clock_out(actions.do_resume_clock(clock, request.user))


@router.post("/time-limits/{pk}/extension", response={200: ClockOut, **REFUSALS}, url_name="clock_extension")
def request_extension(request: HttpRequest, pk: Id, payload: ExtensionIn) -> ClockOut:
    """申请延期（每个事项一次，不超过15个工作日）。"""
    clock = access.get_clock_for_user(request.user, pk, write=True)
    return _clock_out(actions.do_request_extension(clock, payload.days, payload.reason, request.user))


@router.post("/time-limits/{pk}/extension/decision", response={200: ClockOut, **REFUSALS}, url_name="clock_extension_decide")
def decide_extension(request: HttpRequest, pk: Id, payload: DecisionIn) -> ClockOut:
    """单位负责人批准或不批准延期申请。"""
    clock = access.get_clock_for_user(request.user, pk, write=True)
    return _clock_out(actions.do_decide_extension(clock, payload.approve, request.user))
