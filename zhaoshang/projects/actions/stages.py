
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhaoshang.core.history import save_with_history as _save
from zhaoshang.core.ranges import validate_amount
from zhaoshang.organisation.models import Unit, county_path

from .. import access, gates
from ..models.projects import LANDING_IN_OTHER_COUNTY
from ..models import (
    PIPELINE,
    EnvScreening,
    EventKind,
    Evidence,
    Project,
    Stage,
    StageEvent,
)
from ..validators import is_valid_uscc, validate_evidence_file
from .common import Upload, _attach, _not_future, _require_reason

# ---------------------------------------------------------------- stages

# The gates (what each stage requires) are one table in gates.py, read here and by StageForm.


def _furthest_reached(project: Project) -> tuple[Stage, date | None]:
    """The furthest pipeline stage among the active events, and the date of the
    latest active event (new events may not be dated before it)."""
    events = list(
        project.events.active().filter(kind__in=[EventKind.STAGE, EventKind.CORRECTION]).order_by("date", "recorded_at")
    )
    pipeline = [Stage(e.stage) for e in events if Stage(e.stage).is_pipeline]
    reached = max(pipeline, key=lambda s: s.order) if pipeline else Stage.LEAD
    last_date = max((e.date for e in events if e.kind == EventKind.STAGE), default=None)
    return reached, last_date


def _sync_from_events(project: Project, user: User) -> None:
    """Rebuild the cached stage and signing fields from the active events."""
    events = list(
        project.events.active()
        .filter(kind__in=[EventKind.STAGE, EventKind.CORRECTION])
        .order_by("date", "recorded_at", "id")
    )
    reached, _ = _furthest_reached(project)
    last = events[-1] if events else None
    if last is not None and last.kind == EventKind.STAGE and last.stage in (Stage.STALLED, Stage.DROPPED):
        project.stage, project.stage_reason = last.stage, last.note[:200]
    else:
        project.stage, project.stage_reason = reached, ""
    signed = next((e for e in events if e.kind == EventKind.STAGE and e.stage == Stage.SIGNED), None)
    project.signed_on = signed.date if signed else None
    project.contract_amount = signed.contract_amount if signed else None
    project.is_yi_plus = project.compute_is_yi_plus()
    _save(project, user)


def _gate_errors(
    project: Project,
    stage: Stage,
    *,
    contract_amount: int | None,
    company_uscc: str,
    landing_unit: Unit | None,
    evidence_kinds: set[str],
) -> dict[str, str]:
    """What entering `stage` still lacks by its gate (gates.GATES), keyed by the
    form field that asks for it."""
    errors: dict[str, str] = {}
    for need in gates.GATES.get(stage, ()):
        if need.field == "contract_amount":
            if contract_amount is None or contract_amount <= 0:
                errors[need.field] = need.message
            else:
                try:
                    validate_amount(contract_amount)
                except ValidationError as error:
                    errors[need.field] = error.messages[0]
        elif need.field == "company_uscc":
            if not company_uscc:
                errors[need.field] = need.message
            elif not is_valid_uscc(company_uscc):
                errors[need.field] = "项目公司统一社会信用代码无效（校验位不符合GB 32100-2015）"
        elif need.field == "landing_unit":
            if landing_unit is None and project.landing_unit_id is None:
                errors[need.field] = need.message
            elif landing_unit is not None and county_path(landing_unit.path) != county_path(project.introducing_unit.path):
                errors[need.field] = LANDING_IN_OTHER_COUNTY
        elif need.field == "evidence" and not evidence_kinds & set(need.evidence):
            errors[need.field] = need.message
    return errors


def allowed_stages(project: Project) -> list[Stage]:
    """The stages `do_record_stage` would accept as a target, for the stage form to
    offer: later pipeline stages (not past 洽谈 when the environmental screening
    refused it), the reached stage again to resume a stalled project, and stalled or
    dropped. A dropped or merged project goes nowhere without the bureau."""
    current = Stage(project.stage)
    if current == Stage.DROPPED or project.is_merged:
        return []
    reached, _ = _furthest_reached(project)
    forward = reached.later_stages()
    if current == Stage.STALLED:
        forward = [reached, *forward]
    if project.env_screening == EnvScreening.REFUSED:
        forward = [s for s in forward if s.order < Stage.SIGNED.order]
    return forward + [s for s in (Stage.STALLED, Stage.DROPPED) if s != current]


def skipped_stages(project: Project, target: str) -> list[Stage]:
    """The pipeline stages a move to `target` passes over; each needs its own date
    and its own gate's evidence (see do_record_stage)."""
    target = Stage(target)
    reached, _ = _furthest_reached(project)
    if not target.is_pipeline or target.order <= reached.order:
        return []
    return list(PIPELINE[reached.order + 1 : target.order])


def correctable_stages(project: Project) -> list[Stage]:
    """The earlier stages `do_correct_stage` may set a project back to."""
    reached, _ = _furthest_reached(project)
    off_pipeline = not Stage(project.stage).is_pipeline
    return [s for s in PIPELINE if s.order < reached.order or (off_pipeline and s.order == reached.order)]


@transaction.atomic
def do_record_stage(
    project: Project,
    stage: str,
    on: date,
    user: User,
    *,
    note: str = "",
    contract_amount: int | None = None,
    company_uscc: str = "",
    landing_unit: Unit | None = None,
    evidence: Sequence[Upload] = (),
    attached: Sequence[Evidence] = (),
    skipped_dates: Mapping[str, date] | None = None,
) -> StageEvent:
    """Move a project forward to `stage`, reached on `on`.

    Gates: signed needs contract amount and the contract file (the event's date is
    the contract date); registered the company USCC and landing place; started a
    site photo or permit (the date is the start date); producing its date. Skipping
    stages is allowed, each skipped stage dated in `skipped_dates` and its gate
    checked too, because the funnel counts it as reached. Stalled and dropped need a
    reason (`note`). Going back is `do_correct_stage`, the bureau's.

    `attached` are files uploaded earlier to the project and not yet linked to an
    event or a fund entry (the API uploads files before recording the stage); they
    count for the gates like `evidence` and are linked to the events they prove."""
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.is_merged:
        raise ValidationError({"__all__": "该项目已合并到其他项目，请在保留的项目上登记"})
    try:
        stage = Stage(stage)
    except ValueError:
        raise ValidationError({"stage": "阶段无效"}) from None
    _not_future(on)
    current = Stage(project.stage)
    if current == Stage.DROPPED:
        raise ValidationError({"stage": "项目已终止，如需恢复请由招商局更正"})
    reached, last_date = _furthest_reached(project)
    if last_date and on < last_date:
        raise ValidationError({"date": f"实际日期不能早于上一次阶段变更（{last_date:%Y-%m-%d}）"})

    if not stage.is_pipeline:
        if stage == current:
            raise ValidationError({"stage": f"项目已处于「{stage.label}」"})
        reason = _require_reason(note, f"{stage.label}须填写原因", "note")
        event = StageEvent(project=project, stage=stage, date=on, recorded_by=user, note=reason)
        _save(event, user)
        _sync_from_events(project, user)
        return event

    # Forward only; a stalled project may resume at the stage it had reached.
    resumes = current == Stage.STALLED and stage == reached
    if stage.order <= reached.order and not resumes:
        raise ValidationError(
            {"stage": f"阶段只能向前推进：已到「{reached.label}」，不能登记「{stage.label}」；如需退回请由招商局更正"}
        )
    if stage.order >= Stage.SIGNED.order and project.env_screening == EnvScreening.REFUSED:
        raise ValidationError({"stage": "环保研判未通过（高污染、高耗能）的项目不能签约推进"})

    skipped = list(PIPELINE[reached.order + 1 : stage.order]) if not resumes else []
    skipped_dates = dict(skipped_dates or {})
    if extra := set(skipped_dates) - set(skipped):
        raise ValidationError({"skipped_dates": f"以下阶段并未跳过：{'、'.join(Stage(s).label for s in extra)}"})
    if missing := [s for s in skipped if s not in skipped_dates]:
        raise ValidationError({"skipped_dates": f"跳过的阶段须填写实际日期：{'、'.join(s.label for s in missing)}"})
    steps = [(s, skipped_dates[s]) for s in skipped] + [(stage, on)]
    previous = last_date
    for step, day in steps:
        _not_future(day, "skipped_dates" if step != stage else "date", f"「{step.label}」的实际日期")
        if previous and day < previous:
            raise ValidationError({"skipped_dates": f"「{step.label}」的实际日期不能早于前一阶段（{previous:%Y-%m-%d}）"})
        previous = day

    # A bad file is reported as such before the gates complain that it is missing.
    for upload in evidence:
        validate_evidence_file(upload.file)
    for item in attached:
        if item.project_id != project.pk or item.stage_event_id is not None or item.fund_entry_id is not None:
            raise ValidationError({"evidence": f"证明材料「{item.original_name}」不是本项目尚未关联的文件"})
    kinds = {upload.kind for upload in evidence} | {item.kind for item in attached}
    errors: dict[str, str] = {}
    for step, _ in steps if not resumes else ():
        for field, message in _gate_errors(
            project,
            step,
            contract_amount=contract_amount,
            company_uscc=(company_uscc or "").strip().upper(),
            landing_unit=landing_unit,
            evidence_kinds=kinds,
        ).items():
            errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)

    events: dict[Stage, StageEvent] = {}
    for step, day in steps:
        event = StageEvent(project=project, stage=step, date=day, recorded_by=user, note=note if step == stage else "")
        if step == Stage.SIGNED:
            # The contract amount is in the project's currency (元, or US cents).
            event.contract_amount, event.contract_currency = contract_amount, project.currency
        if step == Stage.REGISTERED:
            event.company_uscc = company_uscc.strip().upper()
            event.landing_unit = landing_unit or project.landing_unit
        _save(event, user)
        events[step] = event
    for upload in evidence:
        target = events.get(gates.EVIDENCE_STAGE.get(upload.kind), events[stage])  # type: ignore[call-overload]
        _attach(project, upload, user, stage_event=target)
    for item in attached:
        item.stage_event = events.get(gates.EVIDENCE_STAGE.get(item.kind), events[stage])  # type: ignore[call-overload]
        _save(item, user)
    if Stage.REGISTERED in events:
        project.company_uscc = events[Stage.REGISTERED].company_uscc
        project.landing_unit = events[Stage.REGISTERED].landing_unit
    _sync_from_events(project, user)
    return events[stage]


@transaction.atomic
def do_record_intent(
    project: Project,
    on: date,
    user: User,
    *,
    note: str = "",
    evidence: Sequence[Upload] = (),
    attached: Sequence[Evidence] = (),
) -> StageEvent:
    """意向协议: recorded with its date and file, but it is not a signing and does
    not move the stage. `attached` are files uploaded earlier to the project and
    not yet linked (as for do_record_stage); they are linked to the intent event."""
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    project = Project.objects.select_for_update().get(pk=project.pk)
    _not_future(on)
    if project.signed_on is not None:
        raise ValidationError({"date": "项目已正式签约，无需再登记意向协议"})
    for item in attached:
        if item.project_id != project.pk or item.stage_event_id is not None or item.fund_entry_id is not None:
            raise ValidationError({"evidence": f"证明材料「{item.original_name}」不是本项目尚未关联的文件"})
    event = StageEvent(project=project, kind=EventKind.INTENT, stage=project.stage, date=on, recorded_by=user, note=note)
    _save(event, user)
    for upload in evidence:
        _attach(project, upload, user, stage_event=event)
    for item in attached:
        item.stage_event = event
        _save(item, user)
    project.intent_signed_on = on
    _save(project, user)
    return event


@transaction.atomic
def do_correct_stage(project: Project, to_stage: str, reason: str, user: User) -> StageEvent:
    """The bureau sets a project back to an earlier stage (or revives a stalled or
    dropped one). Later events are voided, not deleted, and a correction event
    records why, so past figures stay reproducible."""
    if not access.is_bureau_for(user, project):
        raise PermissionDenied
    reason = _require_reason(reason, "更正阶段须填写原因")
    project = Project.objects.select_for_update().get(pk=project.pk)
    to_stage = Stage(to_stage)
    if not to_stage.is_pipeline:
        raise ValidationError({"stage": "更正只能退回到线索至达产见效之间的阶段"})
    reached, _ = _furthest_reached(project)
    current = Stage(project.stage)
    off_pipeline = not current.is_pipeline
    if to_stage.order > reached.order or (to_stage.order == reached.order and not off_pipeline):
        raise ValidationError({"stage": f"更正只能退回到「{reached.label}」之前的阶段"})
    now = timezone.now()
    for event in project.events.active().filter(kind=EventKind.STAGE):
        stage = Stage(event.stage)
        if not stage.is_pipeline or stage.order > to_stage.order:
            event.voided_at, event.voided_by, event.void_reason = now, user, reason[:200]
            _save(event, user)
    correction = StageEvent(
        project=project,
        kind=EventKind.CORRECTION,
        stage=to_stage,
        date=timezone.localdate(),
        recorded_by=user,
        note=reason,
    )
    _save(correction, user)
    project._change_reason = f"招商局更正阶段为「{to_stage.label}」：{reason}"
    _sync_from_events(project, user)
    return correction
