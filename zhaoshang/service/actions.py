"""Every change to service items and commitments goes through here: one atomic
function per action, checking scope again (imports, the API and the daily check
call these too), saving with the acting user recorded in history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse

from zhaoshang.accounts import access
from zhaoshang.accounts.models import Role
from zhaoshang.cases import actions as case_actions
from zhaoshang.cases.models import CaseType, Channel
from zhaoshang.core.history import save_with_history
from zhaoshang.core.versions import bump_version
from zhaoshang.organisation.models import Unit
from zhaoshang.timelimits.calendar import WorkingCalendar
from zhaoshang.todo.actions import do_notify, holders_of
from zhaoshang.todo.models import NotificationKind

from .models import Commitment, CommitmentStatus, Milestone, Progress, ServiceItem

ITEM_FIELDS = ("name", "applicant", "applicant_uscc", "project", "accepted_on", "committed_days", "statutory_days", "finished_on")
COMMITMENT_FIELDS = ("source", "source_ref", "investor", "project", "content", "amount", "condition", "due_on")

# 发改财金〔2023〕1103号: a change of government, of its organisation or of the
# people in charge never excuses a broken promise.
REFUSED_REASONS = ("机构调整", "机构改革", "人员变动", "人事变动", "换届", "领导更替", "领导人员更替", "领导变动")
REFUSED_MESSAGE = "不得以机构调整、人员变动、政府换届等理由不兑现承诺（发改财金〔2023〕1103号）"


# ---------------------------------------------------------------- service items


def can_manage_items(user) -> bool:
    """Importing and correcting platform data is the bureau's job."""
    return access.is_admin(user) or access.is_bureau(user)


def apply_calendar(item: ServiceItem, calendar: WorkingCalendar) -> None:
    """The committed day and the working days used, from the working calendar
    (the day of acceptance is not counted, as for every time limit)."""
    item.due_on = calendar.add_working_days(item.accepted_on, item.committed_days)
    item.used_days = None
    if item.finished_on is not None:
        item.used_days = sum(
            1
            for offset in range(1, (item.finished_on - item.accepted_on).days + 1)
            if calendar.is_working_day(date.fromordinal(item.accepted_on.toordinal() + offset))
        )


def _check_item(item: ServiceItem, user: User) -> None:
    if not access.covers(access.bureau_paths(user), item.unit.path) and not access.is_admin(user):
        raise PermissionDenied("无权维护该部门的办件")
    if item.finished_on is not None and item.finished_on < item.accepted_on:
        raise ValidationError({"finished_on": "办结日期不能早于受理日期"})
    if item.committed_days > item.statutory_days:
        raise ValidationError({"committed_days": "承诺时限不能长于法定时限"})


@transaction.atomic
def do_create_service_item(unit: Unit, number: str, data: Mapping[str, Any], user: User, calendar: WorkingCalendar) -> ServiceItem:
    item = ServiceItem(unit=unit, number=number, **{f: data[f] for f in ITEM_FIELDS if f in data})
    _check_item(item, user)
    if ServiceItem.objects.filter(number=number).exists():
        raise ValidationError({"number": f"办件编号「{number}」已导入"})
    apply_calendar(item, calendar)
    save_with_history(item, user)
    return item


@transaction.atomic
def do_update_service_item(item: ServiceItem, data: Mapping[str, Any], expected_version: int, user: User) -> ServiceItem:
    bump_version(item, expected_version)
    for name in ITEM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    _check_item(item, user)
    apply_calendar(item, WorkingCalendar())
    save_with_history(item, user)
    return item


# ---------------------------------------------------------------- commitments


def can_edit_commitment(user, commitment: Commitment) -> bool:
    return access.is_admin(user) or access.covers(access.write_paths(user), commitment.unit.path)


def writable_units(user) -> models.QuerySet[Unit]:
    """Units a user may record a commitment for."""
    units = Unit.objects.filter(is_active=True)
    if access.is_admin(user):
        return units
    paths = access.write_paths(user)
    if not paths:
        return units.none()
    from zhaoshang.organisation.models import subtree_q

    return units.filter(subtree_q(paths))


def _require_edit(user: User, commitment: Commitment) -> None:
    if not can_edit_commitment(user, commitment):
        raise PermissionDenied


def check_reason(reason: str) -> None:
    """The one rule behind the refusal, shared by the form, the API and the action."""
    if any(word in reason for word in REFUSED_REASONS):
        raise ValidationError({"reason": REFUSED_MESSAGE})


@transaction.atomic
def do_create_commitment(unit: Unit, data: Mapping[str, Any], milestones: Iterable[Mapping[str, Any]], user: User, today: date) -> Commitment:
    commitment = Commitment(unit=unit, created_by=user, last_progress_on=today, **{f: data[f] for f in COMMITMENT_FIELDS if f in data})
    _require_edit(user, commitment)
    if data.get("not_yet"):
        commitment.status = CommitmentStatus.NOT_YET
    save_with_history(commitment, user)
    for row in milestones:
        save_with_history(Milestone(commitment=commitment, title=row["title"], due_on=row["due_on"]), user)
    return commitment


@transaction.atomic
def do_update_commitment(commitment: Commitment, data: Mapping[str, Any], expected_version: int, user: User) -> Commitment:
    _require_edit(user, commitment)
    bump_version(commitment, expected_version)
    for name in COMMITMENT_FIELDS:
        if name in data:
            setattr(commitment, name, data[name])
    save_with_history(commitment, user)
    return commitment


@transaction.atomic
def do_record_progress(commitment: Commitment, status: str, note: str, reason: str, day: date, expected_version: int, user: User) -> Progress:
    """A progress note; it sets the status. Not fulfilling needs a reason, and
    reorganisation or staff change is never one; 已兑现 is final."""
    _require_edit(user, commitment)
    if commitment.status in (CommitmentStatus.FULFILLED, CommitmentStatus.IMPOSSIBLE):
        raise ValidationError({"status": f"该承诺已{commitment.get_status_display()}，不能再记录进展"})
    if status == CommitmentStatus.OVERDUE or status not in CommitmentStatus.values:
        raise ValidationError({"status": "请选择有效的兑现状态"})
    check_reason(reason)
    if status != CommitmentStatus.FULFILLED:
        check_reason(note)
    if status == CommitmentStatus.IMPOSSIBLE and not reason:
        raise ValidationError({"reason": "依法不能兑现须写明法律依据"})
    bump_version(commitment, expected_version)
    if status == CommitmentStatus.DUE and commitment.status == CommitmentStatus.OVERDUE:
        status = CommitmentStatus.OVERDUE  # a note does not undo the overdue mark
    commitment.status = status
    commitment.status_reason = reason if status != CommitmentStatus.FULFILLED else ""
    commitment.fulfilled_on = day if status == CommitmentStatus.FULFILLED else None
    commitment.last_progress_on = max(commitment.last_progress_on, day)
    commitment.supervised_on = None
    save_with_history(commitment, user)
    progress = Progress(commitment=commitment, date=day, note=note, status=status, recorded_by=user)
    save_with_history(progress, user)
    return progress


@transaction.atomic
def do_complete_milestone(milestone: Milestone, day: date, user: User) -> Milestone:
    _require_edit(user, milestone.commitment)
    if milestone.done_on is not None:
        raise ValidationError("该节点已完成")
    milestone.done_on = day
    save_with_history(milestone, user)
    commitment = milestone.commitment
    commitment.last_progress_on = max(commitment.last_progress_on, day)
    save_with_history(commitment, user)
    return milestone


@transaction.atomic
def do_add_milestone(commitment: Commitment, title: str, due_on: date, user: User) -> Milestone:
    _require_edit(user, commitment)
    milestone = Milestone(commitment=commitment, title=title, due_on=due_on)
    save_with_history(milestone, user)
    return milestone


def can_raise_breach(user, commitment: Commitment) -> bool:
    return commitment.breach_raised_on is None and can_edit_commitment(user, commitment)


def _breach_case_data(commitment: Commitment, note: str, channel: str) -> dict[str, Any]:
    """The 诉求 of a 政府违约 complaint: against the promising unit, for the
    commitment's investor (or its project's) and project."""
    investor = commitment.investor or (commitment.project.investor if commitment.project_id else None)
    project = commitment.project if commitment.project_id and (investor is None or commitment.project.investor_id == investor.pk) else None
    name = investor.name if investor else (commitment.project.name if commitment.project_id else commitment.source_ref)
    return {
        "title": f"政府违约：{commitment.content[:80]}",
        "channel": channel,
        "case_type": CaseType.BREACH,
        "uscc": (investor.uscc or "") if investor else "",
        "investor_name": name,
        "project": project,
        "description": f"{note.strip()}\n\n涉及承诺（{commitment.get_source_display()}，{commitment.source_ref}）：{commitment.content}",
        "unit": commitment.unit,
    }


@transaction.atomic
def do_raise_breach(commitment: Commitment, note: str, day: date, user: User, channel: str = Channel.VISIT) -> Commitment:
    """Record the investor's 政府违约 complaint on this commitment (the bureau or
    the unit takes it down) and register it as a case of type 政府违约 for the
    promising unit: its accept clock starts like any other case's. Once only."""
    if not can_raise_breach(user, commitment):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError({"note": "请填写客商反映的违约情况"})
    if channel not in Channel.values:
        raise ValidationError({"channel": "请选择来源渠道"})
    data = _breach_case_data(commitment, note, channel)
    case = case_actions.do_receive_case(data, user)
    investor = commitment.investor or (commitment.project.investor if commitment.project_id else None)
    if investor is not None and case.investor_id is None:  # an investor without a USCC
        case.investor = investor
        save_with_history(case, user)
    commitment.breach_case = case
    commitment.breach_raised_on = day
    commitment.breach_note = note
    commitment._change_reason = "客商反映政府违约"
    save_with_history(commitment, user)
    do_notify(
        holders_of(commitment.unit, [Role.UNIT_HEAD, Role.BUREAU]),
        NotificationKind.COMMITMENT_BREACH,
        f"客商反映政府违约：{commitment.content[:60]}",
        reverse("service:commitment_detail", args=[commitment.pk]),
        actor=user,
    )
    return commitment


@transaction.atomic
def do_check_commitments(today: date) -> tuple[int, int]:
    """The daily check: owed commitments past their day become 逾期; open ones
    without progress for three months get one 督办 (a notification to the unit
    head and the bureau, and a 待办 item while it lasts). Returns (overdue, supervised)."""
    overdue = 0
    for commitment in Commitment.objects.past_due(today).select_for_update():
        commitment.status = CommitmentStatus.OVERDUE
        commitment._change_reason = "超过兑现期限，自动标记逾期"
        save_with_history(commitment, None)
        overdue += 1
    supervised = 0
    for commitment in Commitment.objects.stale(today).filter(supervised_on__isnull=True).select_related("unit").select_for_update(of=("self",)):
        commitment.supervised_on = today
        commitment._change_reason = "三个月无进展，督办"
        save_with_history(commitment, None)
        do_notify(
            holders_of(commitment.unit, [Role.UNIT_HEAD, Role.BUREAU]),
            NotificationKind.COMMITMENT_STALE,
            f"承诺事项三个月无进展，请督办：{commitment.content[:60]}",
            reverse("service:commitment_detail", args=[commitment.pk]),
        )
        supervised += 1
    return overdue, supervised
