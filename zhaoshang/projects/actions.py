"""Every change to projects goes through here: the screens, the Excel import and the
API call these functions and nothing else.

Each action checks who may do it (PermissionDenied), checks the domain rules
(ValidationError with Chinese messages keyed by field), runs inside one
transaction, and sets `_history_user` so django-simple-history records who.
`Project.stage` and the signing fields on the project are caches of the stage
events; only `_sync_from_events` writes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhaoshang.core.history import save_with_history as _save
from zhaoshang.accounts import access as roles
from zhaoshang.core.versions import bump_version
from zhaoshang.accounts.models import Role
from zhaoshang.core.ranges import EARLIEST_DATE, validate_amount
from zhaoshang.organisation.models import Person, Unit
from zhaoshang.todo.actions import do_notify, holders_of
from zhaoshang.todo.models import NotificationKind
from zhaoshang.timelimits.calendar import WorkingCalendar
from zhaoshang.timelimits.engine import actions as time_limits
from zhaoshang.timelimits.models import PolicyKind

from . import access, gates
from .merge_plan import kept_stages
from .models import (
    INITIAL_STAGES,
    OBSTACLE_TRANSITIONS,
    PIPELINE,
    Currency,
    DuplicateStatus,
    EnvScreening,
    EventKind,
    Evidence,
    EvidenceKind,
    ExchangeRate,
    FollowUp,
    FundEntry,
    FundStatus,
    InvestmentPlan,
    Investor,
    InvestorContact,
    InvestorKind,
    MonthlyInvestment,
    NoteKind,
    Obstacle,
    ObstacleNote,
    ObstacleStatus,
    Project,
    ProjectCredit,
    Stage,
    StageEvent,
    TeamMember,
)
from .validators import CONTENT_TYPES, is_valid_uscc, normalise_name, validate_evidence_file

FULL_SHARE = 10_000

# What a screen or an import may set on a project. Stage, signing data, duplicate
# status and version are maintained by the actions below.
PROJECT_FIELDS = frozenset(
    {
        "name",
        "investor",
        "source_region",
        "industry",
        "category",
        "currency",
        "total_investment",
        "is_foreign_funded",
        "introducing_unit",
        "landing_unit",
        "landing_address",
        "responsible_leader",
        "key_level",
        "is_fortune500",
        "is_high_tech",
        "planned_signed_on",
        "planned_registered_on",
        "planned_started_on",
        "planned_completed_on",
        "planned_producing_on",
        "land_status",
        "env_screening",
        "progress_text",
        "company_uscc",
    }
)
FUND_FIELDS = frozenset({"date", "amount", "currency", "kind", "note", "corrects"})
OBSTACLE_FIELDS = frozenset({"category", "description", "responsible_unit", "deadline"})
INVESTOR_FIELDS = frozenset({"name", "uscc", "foreign_registration", "kind", "region", "is_fortune500", "note"})

# Names this close (0..1, difflib ratio of the normalised names) count as the same project.
NAME_SIMILARITY = 0.6


@dataclass(frozen=True)
class Upload:
    """An evidence file on its way in, with what it proves."""

    kind: str
    file: File


# ---------------------------------------------------------------- helpers


def _section_link(project: Project, section: str) -> str:
    """Where a notification about a project's funds or obstacles is dealt with."""
    return reverse("projects:project_detail", args=[project.pk]) + f"#{section}"


def _fund_label(entry: FundEntry) -> str:
    return f"「{entry.project.name}」{entry.date:%Y-%m-%d}的到位资金"


def _check_fields(data: Mapping[str, Any], allowed: frozenset[str]) -> None:
    """Unknown keys are a programming error in the caller, not a user mistake."""
    if unknown := set(data) - allowed:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")


def _not_future(day: date, field: str = "date", label: str = "实际日期") -> None:
    """An actual date: happened already, and not before the earliest plausible date."""
    if day > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})
    if day < EARLIEST_DATE:
        raise ValidationError({field: f"{label}不能早于{EARLIEST_DATE:%Y-%m-%d}"})


def _plausible_amount(amount: int, field: str) -> None:
    try:
        validate_amount(amount)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


def _require_reason(reason: str, message: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: message})
    return reason


def _clean(obj: models.Model, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude, validate_unique=True)


def _attach(project: Project, upload: Upload, user: User, **links: Any) -> Evidence:
    detected = validate_evidence_file(upload.file)
    if upload.kind not in EvidenceKind.values:
        raise ValidationError({"evidence": "证明材料类型无效"})
    evidence = Evidence(
        project=project,
        kind=upload.kind,
        original_name=(upload.file.name or "").rsplit("/", 1)[-1][:200],
        content_type=CONTENT_TYPES[detected],
        size=upload.file.size or 0,
        uploaded_by=user,
        **links,
    )
    evidence.file.save(upload.file.name, upload.file, save=False)
    _save(evidence, user)
    return evidence


# ---------------------------------------------------------------- investors


@transaction.atomic
def do_create_investor(data: Mapping[str, Any], user: User, contacts: Sequence[Mapping[str, Any]] = ()) -> Investor:
    _check_fields(data, INVESTOR_FIELDS)
    if not (roles.write_paths(user) or roles.is_admin(user)):
        raise PermissionDenied
    investor = Investor(**data)
    investor.uscc = (investor.uscc or "").strip().upper()
    investor.normalised_name = normalise_name(investor.name)
    _clean(investor)
    _save(investor, user)
    for contact in contacts:
        _add_contact(investor, contact, user)
    return investor


def do_find_or_create_investor(name: str, user: User, *, uscc: str = "", kind: str = "", found: Investor | None = None) -> Investor:
    """The 客商库's record of a company named from outside (an inquiry, a chain's target
    company): the one already matched, else the one with the same USCC or normalised
    name, else a new one, so one company stays one record."""
    investor = found or Investor.objects.matching(name, uscc).first()
    if investor is None:
        investor = do_create_investor({"name": name, "uscc": uscc, "kind": kind or InvestorKind.PRIVATE}, user)
    return investor


@transaction.atomic
def do_update_investor(investor: Investor, data: Mapping[str, Any], expected_version: int, user: User) -> Investor:
    """Save an investor edit made on `expected_version`; a stale one raises ConflictError."""
    _check_fields(data, INVESTOR_FIELDS)
    if not access.can_edit_investor(user, investor):
        raise PermissionDenied
    bump_version(investor, expected_version)
    for name, value in data.items():
        setattr(investor, name, value)
    investor.uscc = (investor.uscc or "").strip().upper()
    _clean(investor)
    _save(investor, user)
    return investor


@transaction.atomic
def do_add_investor_contact(investor: Investor, data: Mapping[str, Any], user: User) -> InvestorContact:
    """A contact of an investor already in 客商库: for whoever may edit it (a unit
    that merely linked a project to it may not, see access.founding_projects)."""
    if not access.can_edit_investor(user, investor):
        raise PermissionDenied
    return _add_contact(investor, data, user)


def _add_contact(investor: Investor, data: Mapping[str, Any], user: User) -> InvestorContact:
    _check_fields(data, frozenset({"name", "title", "phone", "email"}))
    contact = InvestorContact(investor=investor, **data)
    _clean(contact)
    _save(contact, user)
    return contact


# ---------------------------------------------------------------- projects


def _check_can_write_for(user: User, unit: Unit) -> None:
    if not (roles.is_admin(user) or roles.covers(roles.write_paths(user), unit.path)):
        raise PermissionDenied


def validate_credits(credits: Sequence[tuple[Unit, int]]) -> None:
    """The split rules every path shares (screens, API, import preview)."""
    if not credits:
        raise ValidationError({"credits": "至少须有一个分成单位"})
    seen: set[int] = set()
    for unit, _ in credits:
        if unit.pk in seen:
            raise ValidationError({"credits": f"分成单位「{unit.name}」重复"})
        seen.add(unit.pk)
    for unit, share in credits:
        if not isinstance(share, int) or isinstance(share, bool) or not 0 < share <= FULL_SHARE:
            raise ValidationError({"credits": f"「{unit}」的分成比例须在0.01%到100%之间"})
    total = sum(share for _, share in credits)
    if total != FULL_SHARE:
        raise ValidationError({"credits": f"各单位分成比例之和须为100%（当前为{Decimal(total) / 100:g}%）"})


def creditable_units(user: User):
    """Whom a user may credit: any active unit of the county (or counties) they
    write in; joint introduction (联合引进) names partners outside one's own unit."""
    if roles.is_admin(user):
        return Unit.objects.active()
    roots = sorted({path[: Unit.steplen] for path in roles.write_paths(user)})
    return Unit.objects.active().within(roots)


def check_credits_for(user: User, introducing_unit: Unit, credits: Sequence[tuple[Unit, int]]) -> None:
    """Who may name a split. Every unit credited belongs to the introducing unit's
    county. A reporter may name partners but not give the project away: a split
    that credits none of the units they write for would let them keep editing (as
    the introducing unit) a project that counts only for others, so it is refused.
    The bureau of the county settles any split (do_set_credits)."""
    root = introducing_unit.path[: Unit.steplen]
    for unit, _ in credits:
        if not unit.path.startswith(root):
            raise ValidationError({"credits": f"不能把分成记给本县以外的单位「{unit.name}」"})
    if roles.is_admin(user) or roles.covers(roles.bureau_paths(user), introducing_unit.path):
        return
    if not any(roles.covers(roles.write_paths(user), unit.path) for unit, _ in credits):
        raise ValidationError({"credits": "分成单位须至少包含一个您可填报的单位"})


def check_leader(leader: Person | None, current: Person | None, introducing_unit: Unit) -> None:
    """包联领导 is one of the county's 四大家 leaders in office. A leader who has
    left keeps the projects already assigned to him (a save that leaves the field
    as it is changes nothing); only a new assignment must name a serving leader."""
    if leader is None or (current is not None and leader.pk == current.pk):
        return
    if not leader.leader_body or not leader.unit.path.startswith(introducing_unit.path[: Unit.steplen]):
        raise ValidationError({"responsible_leader": f"「{leader.name}」不是本县的四大家领导，不能担任包联领导"})
    if not leader.is_active:
        raise ValidationError({"responsible_leader": f"「{leader.name}」已不在职，不能新任包联领导"})


def _write_credits(project: Project, credits: Sequence[tuple[Unit, int]], user: User) -> None:
    """Update in place so each credit's history shows its own changes. The rows
    share one history time, which tells the project's history they are one change
    of the split."""
    wanted = {unit.pk: share for unit, share in credits}
    now = timezone.now()
    for credit in list(project.credits.all()):
        credit._history_date = now
        if credit.unit_id not in wanted:
            credit._history_user = user
            credit.delete()
        elif credit.share_bp != wanted[credit.unit_id]:
            credit.share_bp = wanted.pop(credit.unit_id)
            _save(credit, user)
        else:
            wanted.pop(credit.unit_id)
    for unit_id, share in wanted.items():
        credit = ProjectCredit(project=project, unit_id=unit_id, share_bp=share)
        credit._history_date = now
        _save(credit, user)


def find_duplicates(project: Project) -> list[Project]:
    """Another unit's active project with the same investor (record, USCC or
    normalised name) and a similar name or the same landing place."""
    investor = project.investor
    if investor is None:
        return []
    same_investor = Q(investor=investor)
    if investor.uscc:
        same_investor |= Q(investor__uscc=investor.uscc)
    if investor.normalised_name:
        same_investor |= Q(investor__normalised_name=investor.normalised_name)
    candidates = Project.objects.active().filter(same_investor).exclude(introducing_unit=project.introducing_unit).order_by("created_at", "id")
    # An unsaved project (an import row being previewed) has no links of its own yet.
    if project.pk:
        candidates = candidates.exclude(pk=project.pk).exclude(duplicate_of=project).exclude(pk__in=project.distinct_from.values("pk"))
    return [other for other in candidates if looks_alike(project.name, project.landing_unit_id, other.name, other.landing_unit_id)]


def looks_alike(name: str, landing_unit_id: int | None, other_name: str, other_landing_unit_id: int | None) -> bool:
    """The second half of the duplicate rule, for two projects of the same investor:
    a similar name or the same landing place. (The import also asks it of two rows
    of one file.)"""
    key, other_key = normalise_name(name), normalise_name(other_name)
    similar = (
        key == other_key
        or (key and other_key and (key in other_key or other_key in key))
        or SequenceMatcher(None, key, other_key).ratio() >= NAME_SIMILARITY
    )
    same_place = landing_unit_id is not None and landing_unit_id == other_landing_unit_id
    return bool(similar or same_place)


def _flag_if_duplicate(project: Project, user: User) -> None:
    """Hold a project that looks like another unit's for the bureau. Only the bureau
    clears the hold (merge or distinct): editing the name away does not."""
    if project.duplicate_status in (DuplicateStatus.SUSPECTED, DuplicateStatus.MERGED):
        return
    if matches := find_duplicates(project):
        project.duplicate_status = DuplicateStatus.SUSPECTED
        project.duplicate_of = matches[0]
        project._change_reason = f"疑似与「{matches[0].name}」（{matches[0].introducing_unit}）重复，待招商局研判"
        _save(project, user)
        do_notify(
            holders_of(project.introducing_unit, [Role.BUREAU]),
            NotificationKind.DUPLICATE_FLAGGED,
            f"「{project.name}」{project._change_reason}",
            reverse("projects:duplicate_list"),
            actor=user,
        )


@transaction.atomic
def do_create_project(
    data: Mapping[str, Any],
    credits: Sequence[tuple[Unit, int]] | None,
    user: User,
    *,
    stage: str = Stage.LEAD,
    stage_date: date | None = None,
    note: str = "",
) -> Project:
    """A new project in 线索 or 洽谈, credited 100% to the introducing unit unless
    `credits` (unit, basis points) says otherwise. Duplicate detection runs here, so
    screens and imports get the same hold."""
    _check_fields(data, PROJECT_FIELDS)
    project = Project(**data, created_by=user)
    if project.introducing_unit_id is None:
        raise ValidationError({"introducing_unit": "请选择引进单位"})
    _check_can_write_for(user, project.introducing_unit)
    if stage not in INITIAL_STAGES:
        raise ValidationError({"stage": "新建项目只能处于线索或洽谈阶段，其后的阶段请逐项登记"})
    stage_date = stage_date or timezone.localdate()
    _not_future(stage_date, "stage_date")
    credits = list(credits) if credits else [(project.introducing_unit, FULL_SHARE)]
    validate_credits(credits)
    check_credits_for(user, project.introducing_unit, credits)
    check_leader(project.responsible_leader, None, project.introducing_unit)
    _clean(project)
    project.is_yi_plus = project.compute_is_yi_plus()
    project.stage = stage
    _save(project, user)
    _write_credits(project, credits, user)
    event = StageEvent(project=project, stage=stage, date=stage_date, recorded_by=user, note=note)
    _save(event, user)
    _flag_if_duplicate(project, user)
    return project


@transaction.atomic
def do_update_project(project: Project, data: Mapping[str, Any], expected_version: int, user: User) -> Project:
    """Save a project edit made on `expected_version`; a stale one raises ConflictError."""
    _check_fields(data, PROJECT_FIELDS)
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    if project.is_merged:
        raise ValidationError({"__all__": "该项目已合并到其他项目，不能修改"})
    new_unit = data.get("introducing_unit")
    if new_unit is not None and new_unit.pk != project.introducing_unit_id:
        # Moving a project to another unit needs write rights there too.
        _check_can_write_for(user, new_unit)
    bump_version(project, expected_version)
    fresh = Project.objects.get(pk=project.pk)
    old_unit_id = fresh.introducing_unit_id
    if "responsible_leader" in data:
        check_leader(data["responsible_leader"], fresh.responsible_leader, data.get("introducing_unit") or fresh.introducing_unit)
    for name, value in data.items():
        setattr(fresh, name, value)
    _clean(fresh)
    fresh.is_yi_plus = fresh.compute_is_yi_plus()
    _save(fresh, user)
    if fresh.introducing_unit_id != old_unit_id:
        credits = list(fresh.credits.all())
        # The default 100% follows the introducing unit; a joint split is the bureau's.
        if len(credits) == 1 and credits[0].unit_id == old_unit_id:
            _write_credits(fresh, [(fresh.introducing_unit, FULL_SHARE)], user)
    _flag_if_duplicate(fresh, user)
    return fresh


@transaction.atomic
def do_create_project_from_screen(
    data: Mapping[str, Any],
    user: User,
    *,
    new_investor: Mapping[str, Any] | None = None,
    credits: Sequence[tuple[Unit, int]] | None = None,
    team: Sequence[tuple[Person, str]] = (),
    stage: str = Stage.LEAD,
    stage_date: date | None = None,
) -> Project:
    """The create screen in one transaction: an investor typed in on the spot (the
    客商库's record is reused when the USCC or normalised name is already there, so
    one company stays one record), the project, and its team."""
    data = dict(data)
    if new_investor:
        existing = Investor.objects.matching(new_investor.get("name", ""), new_investor.get("uscc", "")).first()
        data["investor"] = existing or do_create_investor(new_investor, user)
    project = do_create_project(data, credits, user, stage=stage, stage_date=stage_date)
    if team:
        do_set_team(project, team, user)
    return project


@transaction.atomic
def do_set_team(project: Project, members: Sequence[tuple[Person, str]], user: User) -> None:
    """谁引进、谁负责、谁跟踪、谁服务: replace the project's team."""
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    wanted = {person.pk: role for person, role in members}
    if len(wanted) != len(members):
        raise ValidationError({"team": "班子成员不能重复"})
    # A member who has left stays on the team until removed; he cannot join anew.
    current = set(project.team.values_list("person_id", flat=True))
    if left := [person.name for person, _ in members if person.pk not in current and not person.is_active]:
        raise ValidationError({"team": f"「{'、'.join(left)}」已不在职，不能加入项目班子"})
    # One history time for the rows: the project's history tells them as one change of the team.
    now = timezone.now()
    for member in list(project.team.all()):
        member._history_date = now
        if member.person_id not in wanted:
            member._history_user = user
            member.delete()
        else:
            role = wanted.pop(member.person_id)
            if member.role != role:
                member.role = role
                _clean(member)
                _save(member, user)
    for person_id, role in wanted.items():
        member = TeamMember(project=project, person_id=person_id, role=role)
        member._history_date = now
        _clean(member, exclude=["project", "person"])
        _save(member, user)


@transaction.atomic
def do_set_credits(project: Project, credits: Sequence[tuple[Unit, int]], user: User) -> None:
    """联合引进: only the bureau settles how credit is split."""
    if not access.is_bureau_for(user, project):
        raise PermissionDenied
    credits = list(credits)
    validate_credits(credits)
    _write_credits(project, credits, user)


# ---------------------------------------------------------------- stages

# The gates (what each stage requires) are one table in gates.py, read here and by StageForm.


def _furthest_reached(project: Project) -> tuple[Stage, date | None]:
    """The furthest pipeline stage among the active events, and the date of the
    latest active event (new events may not be dated before it)."""
    events = list(project.events.active().filter(kind__in=[EventKind.STAGE, EventKind.CORRECTION]).order_by("date", "recorded_at"))
    pipeline = [Stage(e.stage) for e in events if Stage(e.stage).is_pipeline]
    reached = max(pipeline, key=lambda s: s.order) if pipeline else Stage.LEAD
    last_date = max((e.date for e in events if e.kind == EventKind.STAGE), default=None)
    return reached, last_date


def _sync_from_events(project: Project, user: User) -> None:
    """Rebuild the cached stage and signing fields from the active events."""
    events = list(project.events.active().filter(kind__in=[EventKind.STAGE, EventKind.CORRECTION]).order_by("date", "recorded_at", "id"))
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
        raise ValidationError({"stage": f"阶段只能向前推进：已到「{reached.label}」，不能登记「{stage.label}」；如需退回请由招商局更正"})
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


# ---------------------------------------------------------------- duplicates


@transaction.atomic
def do_merge_projects(survivor: Project, duplicate: Project, user: User, credits: Sequence[tuple[Unit, int]] | None = None) -> Project:
    """The bureau merges a duplicate into the survivor. The duplicate keeps its own
    record and history, marked merged with a pointer (links redirect through it);
    its events, fund entries, obstacles and evidence move to the survivor, and
    events for stages the survivor already has are voided, so every figure counts
    once. Credit stays as the survivor had it unless `credits` gives the joint split."""
    if not (access.is_bureau_for(user, survivor) and access.is_bureau_for(user, duplicate)):
        raise PermissionDenied
    if survivor.pk == duplicate.pk:
        raise ValidationError({"duplicate": "不能把项目与自身合并"})
    locked = {p.pk: p for p in Project.objects.select_for_update().filter(pk__in=[survivor.pk, duplicate.pk])}
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    if survivor.is_merged or duplicate.is_merged:
        raise ValidationError({"duplicate": "已合并的项目不能再次合并"})
    if credits is not None:
        credits = list(credits)
        validate_credits(credits)

    survivor_stages = kept_stages(survivor)  # the rule the confirmation page shows (merge_plan.py)
    now = timezone.now()
    for event in duplicate.events.all():
        event.project = survivor
        if event.voided_at is None and event.kind == EventKind.STAGE and event.stage in survivor_stages:
            event.voided_at, event.voided_by = now, user
            event.void_reason = f"合并重复项目「{duplicate.name}」：以保留项目的记录为准"
        _save(event, user)
    for related in (duplicate.fund_entries.all(), duplicate.obstacles.all(), duplicate.evidence.all()):
        for obj in related:
            obj.project = survivor
            _save(obj, user)
    # Projects that were held as duplicates of the merged one now point at the survivor.
    for other in duplicate.duplicates.exclude(pk=survivor.pk):
        other.duplicate_of = survivor
        _save(other, user)

    duplicate.duplicate_status, duplicate.duplicate_of = DuplicateStatus.MERGED, survivor
    duplicate._change_reason = f"招商局研判为重复项目，已合并到「{survivor.name}」"
    _save(duplicate, user)
    if survivor.duplicate_of_id == duplicate.pk:
        survivor.duplicate_status, survivor.duplicate_of = DuplicateStatus.NONE, None
    survivor._change_reason = f"合并重复项目「{duplicate.name}」"
    _sync_from_events(survivor, user)
    if credits is not None:
        _write_credits(survivor, credits, user)
    return survivor


@transaction.atomic
def do_mark_distinct(project: Project, user: User) -> Project:
    """The bureau confirms a suspected duplicate is a different project: the hold is
    lifted and the pair is remembered so later edits do not flag it again."""
    if not access.is_bureau_for(user, project):
        raise PermissionDenied
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.duplicate_status != DuplicateStatus.SUSPECTED:
        raise ValidationError({"duplicate_status": "该项目不是待研判的疑似重复项目"})
    other = project.duplicate_of
    project.distinct_from.add(other)
    project.duplicate_status, project.duplicate_of = DuplicateStatus.DISTINCT, None
    project._change_reason = f"招商局研判：与「{other.name}」不是同一项目"
    _save(project, user)
    return project


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
def do_report_funds(project: Project, data: Mapping[str, Any], user: User, evidence: Sequence[Upload] = ()) -> FundEntry:
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
def do_update_fund_entry(entry: FundEntry, data: Mapping[str, Any], expected_version: int, user: User, evidence: Sequence[Upload] = ()) -> FundEntry:
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
        [entry.reported_by],
        NotificationKind.FUNDS_APPROVED,
        f"{_fund_label(entry)}已通过单位审核，待招商局核实",
        _section_link(entry.project, "funds"),
        actor=user,
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
        [entry.reported_by],
        NotificationKind.FUNDS_VERIFIED,
        f"{_fund_label(entry)}已由招商局核实，计入到位资金",
        _section_link(entry.project, "funds"),
        actor=user,
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
        [entry.reported_by],
        NotificationKind.FUNDS_RETURNED,
        f"{_fund_label(entry)}被退回：{entry.return_reason}",
        reverse("projects:fund_edit", args=[entry.pk]),
        actor=user,
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
    obstacle = Obstacle.objects.select_for_update().select_related("project__introducing_unit", "responsible_unit").get(pk=obstacle.pk)
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
        if escalated_to is not None and not (escalated_to.leader_body and escalated_to.is_active and escalated_to.unit.path.startswith(root)):
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
def do_give_obstacle_instruction(obstacle: Obstacle, text: str, user: User, *, expected_version: int | None = None) -> Obstacle:
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


# ---------------------------------------------------------------- investment plans and rates


def plan_years(today: date | None = None) -> range:
    """Years an annual plan may be kept for: ten back (late reporting) to next year
    (plans are drawn up before the year starts); anything further is a typo."""
    year = (today or timezone.localdate()).year
    return range(year - 10, year + 2)


@transaction.atomic
def do_set_investment_plan(project: Project, year: int, planned_amount: int, user: User) -> InvestmentPlan:
    """Annual fixed-asset investment plans are kept for key projects only."""
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    if not project.key_level:
        raise ValidationError({"key_level": "只有重点项目需要填报年度投资计划"})
    years = plan_years()
    if year not in years:
        raise ValidationError({"year": f"年度须在{years[0]}年到{years[-1]}年之间"})
    if planned_amount < 0:
        raise ValidationError({"planned_amount": "年度计划投资不能为负数"})
    _plausible_amount(planned_amount, "planned_amount")
    plan = InvestmentPlan.objects.filter(project=project, year=year).first() or InvestmentPlan(project=project, year=year)
    plan.planned_amount = planned_amount
    _save(plan, user)
    return plan


@transaction.atomic
def do_record_monthly_investment(project: Project, year: int, month: int, amount: int, user: User) -> MonthlyInvestment:
    """当月完成投资 of a month of a year whose plan is already set."""
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    plan = InvestmentPlan.objects.filter(project=project, year=year).first()
    if plan is None:
        raise ValidationError({"year": f"{year}年尚未填报年度计划投资，请先填报年度计划"})
    if not 1 <= month <= 12:
        raise ValidationError({"month": "月份须在1到12之间"})
    today = timezone.localdate()
    if (plan.year, month) > (today.year, today.month):
        raise ValidationError({"month": "不能填报未来月份的完成投资"})
    if amount < 0:
        raise ValidationError({"completed_amount": "完成投资不能为负数"})
    _plausible_amount(amount, "completed_amount")
    row = MonthlyInvestment.objects.filter(plan=plan, month=month).first() or MonthlyInvestment(plan=plan, month=month)
    row.completed_amount = amount
    _save(row, user)
    return row


@transaction.atomic
def do_set_exchange_rate(year: int, currency: str, rate: Decimal, user: User) -> ExchangeRate:
    if not (roles.is_bureau(user) or roles.is_admin(user)):
        raise PermissionDenied
    if currency == Currency.CNY or rate <= 0:
        raise ValidationError({"rate": "汇率须为大于0的外币汇率"})
    row = ExchangeRate.objects.filter(year=year, currency=currency).first() or ExchangeRate(year=year, currency=currency)
    row.rate = rate
    _clean(row, exclude=[])
    _save(row, user)
    return row
