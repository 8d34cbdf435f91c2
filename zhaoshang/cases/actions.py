"""Every change to a case (docs/domain.md §8), shared by the screens and the API. Each
runs in one transaction, bumps the version and writes history; its reason (refusal,
transfer, reopening) is the history row's reason. Deadlines are time-limit clocks:
one to accept, then one to finish; asking for more material pauses the running one."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhaoshang.accounts import access as accounts_access
from zhaoshang.accounts.models import Role
from zhaoshang.core.history import save_with_history
from zhaoshang.core.versions import bump_version
from zhaoshang.organisation.models import Unit, UnitKind
from zhaoshang.projects.models import Investor, InvestorKind
from zhaoshang.timelimits.engine import actions as time_limits
from zhaoshang.timelimits.models import Clock, PolicyKind, Urgency
from zhaoshang.todo.actions import do_notify, holders_of
from zhaoshang.todo.models import NotificationKind

from . import access
from .models import (
    MAX_SENT_BACK,
    Case,
    CaseAttachment,
    CaseNote,
    CaseStatus,
    CaseType,
    ReturnVisit,
    Satisfaction,
)

INTAKE_FIELDS = {
    "title",
    "channel",
    "case_type",
    "urgency",
    "foreign",
    "uscc",
    "investor_name",
    "project",
    "contact",
    "description",
    "unit",
}
FOREIGN_KINDS = (InvestorKind.FOREIGN, InvestorKind.HMT)


def _require(text: str, message: str, field: str) -> str:
    if not (text or "").strip():
        raise ValidationError({field: message})
    return text.strip()


def _claim(case: Case, expected_version: int | None) -> None:
    """The next version of the case for this change; ConflictError (409) when the
    page or client acted on an older one, before any other refusal."""
    if expected_version is not None:
        bump_version(case, expected_version)
    else:
        case.version += 1


def _save(case: Case, user: User | None, reason: str = "") -> None:
    # The history keeps at most 100 characters of a reason.
    save_with_history(case, user, reason[:100])


def running_clock(case: Case) -> Clock | None:
    return Clock.objects.for_subject(case).running().select_related("unit", "handler").order_by("-started_at", "-id").first()


def _start_accept_clock(case: Case, now: datetime) -> None:
    time_limits.do_start_clock(case, kind=CaseType(case.case_type).accept_kind(case.foreign), unit=case.unit, title=f"签收：{case}", now=now)


def _start_finish_clock(case: Case, user: User, now: datetime) -> None:
    kind = CaseType(case.case_type).finish_kind(case.foreign)
    # Foreign-investor limits (MOFCOM) have no urgent variant: those use the normal one.
    urgency = case.urgency if (kind, case.urgency) in time_limits.DEFAULTS else Urgency.NORMAL
    time_limits.do_start_clock(case, kind=kind, urgency=urgency, unit=case.unit, title=f"办理：{case}", handler=user, now=now)


def _stop_clocks(case: Case, user: User | None, now: datetime) -> None:
    time_limits.do_close_clocks_of(case, user, now)


def _staff_of(unit: Unit) -> list[User]:
    """Who handles a case of `unit`: its reporters and unit heads (the bureau's
    staff too when the unit is the bureau)."""
    roles = [Role.REPORTER, Role.UNIT_HEAD] + ([Role.BUREAU] if unit.kind == UnitKind.BUREAU else [])
    return holders_of(unit, roles)


def _tell(recipients: list[User | None], kind: str, what: str, case: Case, actor: User | None) -> None:
    """In-app notification of a change to the case (never to the one who made it)."""
    do_notify(recipients, kind, f"{what}：{case.number}「{case.investor_name}」{case.title}", case.get_absolute_url(), actor=actor)


def _tell_moved(case: Case, escalated: bool, kind: str, what: str, user: User) -> None:
    if escalated:
        _tell(_staff_of(case.unit), NotificationKind.CASE_ESCALATED, f"诉求退回/转办超过{MAX_SENT_BACK}次，转招商局处理", case, user)
    else:
        _tell(_staff_of(case.unit), kind, what, case, user)


def intake_unit_for(user: User, unit: Unit) -> Unit:
    """The unit the user receives for: the one of his roles that covers `unit`."""
    for path in accounts_access.write_paths(user):
        if unit.path.startswith(path):
            return Unit.objects.filter(path=path).first() or unit
    return unit


@transaction.atomic
def do_receive_case(data: Mapping[str, Any], user: User, now: datetime | None = None) -> Case:
    """登记: the investor is found by its USCC (a foreign or HK/Macao/Taiwan investor
    makes it a foreign-investor complaint); the accept clock starts."""
    if set(data) - INTAKE_FIELDS:
        raise ValueError(f"unexpected fields {set(data) - INTAKE_FIELDS}")
    now = now or timezone.now()
    unit = data["unit"]
    if not accounts_access.covers(accounts_access.write_paths(user), unit.path):
        raise PermissionDenied
    case = Case(**data, received_at=now, received_by=user, intake_unit=intake_unit_for(user, unit), status=CaseStatus.NEW)
    case.title = _require(case.title, "请填写诉求标题", "title")
    case.description = _require(case.description, "请填写诉求内容", "description")
    case.uscc = (case.uscc or "").strip().upper()
    investor = Investor.objects.filter(uscc=case.uscc).first() if case.uscc else None
    if investor is not None:
        case.investor = investor
        case.investor_name = case.investor_name.strip() or investor.name
        case.foreign = case.foreign or investor.kind in FOREIGN_KINDS
    case.investor_name = _require(case.investor_name, "请填写企业名称，或填写已在客商库中的统一社会信用代码", "investor_name")
    if case.project is not None and case.investor is not None and case.project.investor_id != case.investor_id:
        raise ValidationError({"project": "所选项目不属于该企业"})
    # Choices and lengths (the API sends plain strings); the links were checked above.
    case.full_clean(exclude=["investor", "project", "unit", "intake_unit", "received_by"])
    _save(case, user)
    _start_accept_clock(case, now)
    _tell(_staff_of(case.unit), NotificationKind.CASE_ASSIGNED, "新诉求待受理", case, user)
    return case


def _require_status(case: Case, *allowed: str) -> None:
    if case.status not in allowed:
        raise ValidationError(f"诉求当前为「{case.get_status_display()}」，不能执行该操作")


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("unit").get(pk=case.pk)


def _check_handler(user: User, case: Case) -> None:
    if not access.can_handle_case(user, case):
        raise PermissionDenied


@transaction.atomic
def do_accept_case(case: Case, user: User, now: datetime | None = None, expected_version: int | None = None) -> Case:
    """签收: the accept clock stops (in time or not), the finish clock starts."""
    _check_handler(user, case)
    case = _locked(case)
    _claim(case, expected_version)
    _require_status(case, CaseStatus.NEW)
    now = now or timezone.now()
    _stop_clocks(case, user, now)
    case.status, case.handler, case.accepted_at = CaseStatus.HANDLING, user, now
    _save(case, user)
    _start_finish_clock(case, user, now)
    return case


def _bureau_of(unit: Unit) -> Unit:
    root = unit.path[: Unit.steplen]
    return Unit.objects.filter(path__startswith=root, kind=UnitKind.BUREAU, is_active=True).order_by("path").first() or unit


def _move(case: Case, to_unit: Unit, user: User, now: datetime) -> bool:
    """To another unit, which has to accept it anew; bounced more than twice → the
    bureau (returns True then)."""
    _stop_clocks(case, user, now)
    case.sent_back += 1
    escalated = case.sent_back > MAX_SENT_BACK
    if escalated:
        to_unit = _bureau_of(case.unit)
        case.previous_unit = None  # the bureau decides; there is nobody to send it back to
    case.unit, case.status, case.handler, case.accepted_at = to_unit, CaseStatus.NEW, None, None
    return escalated


@transaction.atomic
def do_refuse_case(case: Case, reason: str, user: User, now: datetime | None = None, expected_version: int | None = None) -> Case:
    """退回 to the unit it came from, or 不予受理 when it was received here."""
    _check_handler(user, case)
    case = _locked(case)
    _claim(case, expected_version)
    _require_status(case, CaseStatus.NEW)
    reason = _require(reason, "不予受理或退回须说明理由", "reason")
    now = now or timezone.now()
    if case.previous_unit_id:
        back_to = case.previous_unit
        case.previous_unit = case.unit
        escalated = _move(case, back_to, user, now)
        _save(case, user, f"退回：{reason}")
        _start_accept_clock(case, now)
        _tell_moved(
            case,
            escalated,
            NotificationKind.CASE_RETURNED,
            f"诉求被{case.previous_unit.name}退回（{reason[:40]}）" if case.previous_unit else "诉求被退回",
            user,
        )
    else:
        _stop_clocks(case, user, now)
        case.status, case.refusal_reason = CaseStatus.REFUSED, reason
        _save(case, user, f"不予受理：{reason}")
    return case


@transaction.atomic
def do_transfer_case(case: Case, to_unit: Unit, reason: str, user: User, now: datetime | None = None, expected_version: int | None = None) -> Case:
    """转办 to the unit in charge, with the reason."""
    _check_handler(user, case)
    case = _locked(case)
    _claim(case, expected_version)
    _require_status(case, CaseStatus.NEW, CaseStatus.HANDLING)
    reason = _require(reason, "转办须说明理由", "reason")
    if to_unit.pk == case.unit_id or not to_unit.path.startswith(case.unit.path[: Unit.steplen]):
        raise ValidationError({"unit": "请选择本县的其他单位"})
    now = now or timezone.now()
    from_unit = case.unit
    case.previous_unit = from_unit
    escalated = _move(case, to_unit, user, now)
    _save(case, user, f"转办：{reason}")
    _start_accept_clock(case, now)
    _tell_moved(case, escalated, NotificationKind.CASE_ASSIGNED, f"{from_unit.name}转办诉求待受理（{reason[:40]}）", user)
    return case


@transaction.atomic
def do_add_note(case: Case, text: str, user: User, now: datetime | None = None) -> CaseNote:
    if not (access.can_handle_case(user, case) or access.is_bureau_over(user, case)):
        raise PermissionDenied
    note = CaseNote(case=case, author=user, written_at=now or timezone.now(), text=_require(text, "请填写办理情况", "text"))
    note._history_user = user
    note.save()
    return note


@transaction.atomic
def do_add_attachment(case: Case, upload, kind: str, user: User, now: datetime | None = None) -> CaseAttachment:
    if not (access.can_handle_case(user, case) or access.is_bureau_over(user, case)):
        raise PermissionDenied
    attachment = CaseAttachment(case=case, file=upload, kind=kind, uploaded_by=user, uploaded_at=now or timezone.now())
    attachment._history_user = user
    attachment.save()
    return attachment


@transaction.atomic
def do_close_case(
    case: Case,
    result: str,
    evidence: str,
    resolved: bool,
    user: User,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Case:
    """办结 with the result and its evidence; the return visit is due within 3 working days."""
    _check_handler(user, case)
    case = _locked(case)
    _claim(case, expected_version)
    _require_status(case, CaseStatus.HANDLING)
    case.result = _require(result, "办结须填写办理结果", "result")
    case.evidence = _require(evidence, "办结须提供佐证（如答复函、现场照片、企业确认）", "evidence")
    clock = running_clock(case)
    if clock is not None and clock.paused_at is not None:
        raise ValidationError("时限暂停中（等待材料），请先恢复计时再办结")
    now = now or timezone.now()
    _stop_clocks(case, user, now)
    case.status, case.resolved, case.closed_at, case.closed_by = CaseStatus.CLOSED, resolved, now, user
    # The return visit is the bureau's, on the engine's clock (policy 办结回访,
    # 3 working days): it escalates and goes overdue like any other limit.
    visit_clock = time_limits.do_start_clock(case, kind=PolicyKind.RETURN_VISIT, unit=_bureau_of(case.unit), title=f"回访：{case}", now=now)
    case.visit_due = visit_clock.due_at
    _save(case, user)
    _tell(holders_of(case.unit, [Role.BUREAU]), NotificationKind.CASE_CLOSED, "诉求已办结，请在3个工作日内回访", case, user)
    return case


@transaction.atomic
def do_record_visit(
    case: Case,
    satisfaction: int,
    user: User,
    *,
    is_default: bool = False,
    note: str = "",
    now: datetime | None = None,
    expected_version: int | None = None,
) -> ReturnVisit:
    """回访 by someone other than the handler. 不满意 or 非常不满意 reopens the case,
    once: the handling starts again with a new finish clock."""
    case = _locked(case)
    _claim(case, expected_version)
    if case.status == CaseStatus.CLOSED and user.pk in (case.handler_id, case.closed_by_id):
        raise ValidationError("回访须由承办人以外的人员进行")
    if not access.can_visit(user, case):
        if case.status != CaseStatus.CLOSED:
            _require_status(case, CaseStatus.CLOSED)
        raise PermissionDenied
    rating = Satisfaction(satisfaction)
    now = now or timezone.now()
    visit = ReturnVisit(case=case, visited_at=now, visited_by=user, satisfaction=rating, is_default=is_default, note=note.strip())
    visit._history_user = user
    visit.save()
    _stop_clocks(case, user, now)  # the return-visit limit
    if rating.is_dissatisfied and not is_default and not case.reopened:
        case.status, case.reopened, case.closed_at, case.closed_by, case.visit_due = CaseStatus.HANDLING, True, None, None, None
        _save(case, user, f"回访{rating.label}，重新办理")
        _start_finish_clock(case, case.handler or user, now)
        _tell([case.handler, *_staff_of(case.unit)], NotificationKind.CASE_REOPENED, f"回访{rating.label}，诉求重新办理", case, user)
    else:
        case.status = CaseStatus.VISITED
        _save(case, user)
    return visit
