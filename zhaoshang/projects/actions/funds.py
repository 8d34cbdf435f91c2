
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhaoshang.core.history import save_with_history as _save
from zhaoshang.core.versions import bump_version
from zhaoshang.todo.actions import do_notify
from zhaoshang.todo.models import NotificationKind

from .. import access
from ..models import (
    Evidence,
    FundEntry,
    FundStatus,
    Project,
    StageEvent,
)
from .common import Upload, _attach, _check_fields, _clean, _fund_label, _not_future, _require_reason, _section_link

FUND_FIELDS = frozenset({"date", "amount", "currency", "kind", "note", "corrects"})


# ---------------------------------------------------------------- funds


def _fund_entry_from(data: Mapping[str, Any], entry: FundEntry) -> FundEntry:
    for name, value in data.items():
        setattr(entry, name, value)
    _not_future(entry.date, "date", "到位日期")
    if entry.corrects_id is not None:
        # Read the corrected entry afresh: the caller's copy may predate its verification.
        corrected = FundEntry.objects.get(pk=entry.corrects_id)
        if corrected.project_id != entry.project_id or corrected.status != FundStatus.VERIFIED:
            raise ValidationError({"corrects": "只能更正本项目已核实的到位资金"})
        if not entry.amount:
            raise ValidationError({"amount": "更正金额不能为0"})
    elif entry.amount is None or entry.amount <= 0:
        raise ValidationError({"amount": "到位金额须大于0"})
    _clean(entry, exclude=["project", "reported_by"])
    return entry


@transaction.atomic
def do_report_funds(
    project: Project, data: Mapping[str, Any], user: User, evidence: Sequence[Upload] = ()
) -> FundEntry:
    """A reporter (or anyone who may edit the project) reports an arrival."""
    _check_fields(data, FUND_FIELDS)
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    if project.is_merged:
        raise ValidationError({"__all__": "该项目已合并到其他项目，请在保留的项目上填报"})
    entry = _fund_entry_from(data, FundEntry(project=project, reported_by=user))
    _save(entry, user)
    for upload in evidence:
        _attach(project, upload, user, fund_entry=entry)
    return entry


@transaction.atomic
def do_update_fund_entry(
    entry: FundEntry, data: Mapping[str, Any], expected_version: int, user: User, evidence: Sequence[Upload] = ()
) -> FundEntry:
    """Edit a reported or returned entry (a returned one goes back to 已填报).
    Verified entries are locked: corrections are new entries."""
    _check_fields(data, FUND_FIELDS)
    if not access.can_edit_project(user, entry.project):
        raise PermissionDenied
    if entry.status == FundStatus.VERIFIED:
        raise ValidationError({"status": "已核实的到位资金不能修改，如有差错请另行填报更正条目"})
    if entry.status == FundStatus.UNIT_APPROVED:
        raise ValidationError({"status": "单位已审核的到位资金不能修改，请先由审核人退回"})
    bump_version(entry, expected_version, "该笔到位资金")
    fresh = FundEntry.objects.get(pk=entry.pk)
    if fresh.status not in (FundStatus.REPORTED, FundStatus.RETURNED):
        raise ValidationError({"status": "该笔到位资金已进入审核，不能修改"})
    _fund_entry_from(data, fresh)
    fresh.status, fresh.reported_at, fresh.reported_by = FundStatus.REPORTED, timezone.now(), user
    _save(fresh, user)
    for upload in evidence:
        _attach(fresh.project, upload, user, fund_entry=fresh)
    return fresh


def _locked_entry(entry: FundEntry) -> FundEntry:
    return FundEntry.objects.select_for_update().select_related("project").get(pk=entry.pk)


@transaction.atomic
def do_approve_funds(entry: FundEntry, user: User) -> FundEntry:
    """The unit head approves their own unit's report (the bureau may as well), by
    the rule of access.can_approve_funds: 已填报 and with evidence."""
    if not access.can_approve_for(user, entry.project):
        raise PermissionDenied
    entry = _locked_entry(entry)
    if problems := access.approve_funds_problems(entry):
        raise ValidationError(problems)
    entry.status, entry.approved_at, entry.approved_by = FundStatus.UNIT_APPROVED, timezone.now(), user
    entry.version += 1
    _save(entry, user)
    do_notify(
        [entry.reported_by], NotificationKind.FUNDS_APPROVED, f"{_fund_label(entry)}已通过单位审核，待招商局核实",
        _section_link(entry.project, "funds"), actor=user,
    )
    return entry


def _bulk(entries: Sequence[FundEntry], step) -> list[FundEntry]:
    """All or nothing: the first refusal names the entry and undoes the others."""
    done = []
    for entry in entries:
        try:
            done.append(step(entry))
        except ValidationError as error:
            raise ValidationError({"status": f"{_fund_label(entry)}：{'；'.join(error.messages)}"}) from None
    return done


@transaction.atomic
def do_approve_funds_bulk(entries: Sequence[FundEntry], user: User) -> list[FundEntry]:
    """The unit head's 待办: approve several entries at once, each through
    do_approve_funds (which holds the evidence rule too), all or nothing."""
    return _bulk(entries, lambda entry: do_approve_funds(entry, user))


@transaction.atomic
def do_return_funds_bulk(entries: Sequence[FundEntry], reason: str, user: User) -> list[FundEntry]:
    """Return several entries with one reason, each through do_return_funds."""
    return _bulk(entries, lambda entry: do_return_funds(entry, reason, user))


@transaction.atomic
def do_verify_funds(entry: FundEntry, user: User) -> FundEntry:
    """Only the bureau verifies, and only with evidence (access.can_verify_funds):
    from here the entry counts in official figures and is locked."""
    if not access.is_bureau_for(user, entry.project):
        raise PermissionDenied
    entry = _locked_entry(entry)
    if problems := access.verify_funds_problems(entry):
        raise ValidationError(problems)
    entry.status, entry.verified_at, entry.verified_by = FundStatus.VERIFIED, timezone.now(), user
    entry.version += 1
    _save(entry, user)
    do_notify(
        [entry.reported_by], NotificationKind.FUNDS_VERIFIED, f"{_fund_label(entry)}已由招商局核实，计入到位资金",
        _section_link(entry.project, "funds"), actor=user,
    )
    return entry


@transaction.atomic
def do_verify_funds_bulk(entries: Sequence[FundEntry], user: User) -> list[FundEntry]:
    """The bureau's 待核实 list: verify several entries at once, all or nothing.
    Each goes through do_verify_funds; the first refusal names the project and
    undoes the others."""
    return _bulk(entries, lambda entry: do_verify_funds(entry, user))


@transaction.atomic
def do_return_funds(entry: FundEntry, reason: str, user: User) -> FundEntry:
    """Send an entry back with a reason: the unit head while it is 已填报, the bureau
    until it is verified."""
    bureau = access.is_bureau_for(user, entry.project)
    if not (bureau or access.can_approve_for(user, entry.project)):
        raise PermissionDenied
    reason = _require_reason(reason, "退回须填写原因")
    entry = _locked_entry(entry)
    if entry.status == FundStatus.VERIFIED:
        raise ValidationError({"status": "已核实的到位资金不能退回，如有差错请另行填报更正条目"})
    if entry.status == FundStatus.RETURNED:
        raise ValidationError({"status": "该笔到位资金已退回"})
    if entry.status == FundStatus.UNIT_APPROVED and not bureau:
        raise PermissionDenied
    entry.status, entry.returned_at, entry.returned_by = FundStatus.RETURNED, timezone.now(), user
    entry.return_reason = reason[:200]
    entry.version += 1
    _save(entry, user)
    do_notify(
        [entry.reported_by], NotificationKind.FUNDS_RETURNED, f"{_fund_label(entry)}被退回：{entry.return_reason}",
        reverse("projects:fund_edit", args=[entry.pk]), actor=user,
    )
    return entry


@transaction.atomic
def do_attach_evidence(
    project: Project,
    upload: Upload,
    user: User,
    *,
    fund_entry: FundEntry | None = None,
    stage_event: StageEvent | None = None,
) -> Evidence:
    """Add a file to a project, to one of its fund entries (not a verified one) or
    to one of its stage events (a file that arrives after the stage was recorded)."""
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    if fund_entry is not None and stage_event is not None:
        raise ValidationError({"evidence": "证明材料只能关联到一笔到位资金或一个阶段事件"})
    if stage_event is not None and stage_event.project_id != project.pk:
        raise ValidationError({"stage_event": "阶段事件不属于该项目"})
    if fund_entry is not None:
        if fund_entry.project_id != project.pk:
            raise ValidationError({"fund_entry": "到位资金不属于该项目"})
        if fund_entry.is_locked:
            raise ValidationError({"evidence": "已核实的到位资金不能再修改证明材料"})
    return _attach(project, upload, user, fund_entry=fund_entry, stage_event=stage_event)
