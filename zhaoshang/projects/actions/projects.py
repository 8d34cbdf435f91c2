
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts import access as roles
from zhaoshang.accounts.models import Role
from zhaoshang.core.history import save_with_history as _save
from zhaoshang.core.versions import bump_version
from zhaoshang.organisation.models import Person, Unit, county_path
from zhaoshang.todo.actions import do_notify, holders_of
from zhaoshang.todo.models import NotificationKind

from .. import access
from ..models import (
    INITIAL_STAGES,
    DuplicateStatus,
    Investor,
    Project,
    ProjectCredit,
    Stage,
    StageEvent,
    TeamMember,
)
from ..validators import normalise_name
from .common import _check_fields, _clean, _not_future
from .investors import do_create_investor

FULL_SHARE = 10_000

# What a screen, an import or the API may set on a project (Project.EDITABLE_FIELDS).
PROJECT_FIELDS = frozenset(Project.EDITABLE_FIELDS)


# Names this close (0..1, difflib ratio of the normalised names) count as the same project.
NAME_SIMILARITY = 0.6


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
    units = {unit.pk: unit for unit, _ in credits}  # a new credit copies its unit's path
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
        credit = ProjectCredit(project=project, unit=units[unit_id], share_bp=share)
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
    candidates = (
        Project.objects.active()
        .filter(same_investor)
        .exclude(introducing_unit=project.introducing_unit)
        .order_by("created_at", "id")
    )
    # An unsaved project (an import row being previewed) has no links of its own yet.
    if project.pk:
        candidates = (
            candidates.exclude(pk=project.pk)
            .exclude(duplicate_of=project)
            .exclude(pk__in=project.distinct_from.values("pk"))
        )
    return [
        other
        for other in candidates
        if looks_alike(project.name, project.landing_unit_id, other.name, other.landing_unit_id)
    ]


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
        # Its credits, landing place and leader belong to its county (the row stores it).
        if county_path(new_unit.path) != county_path(project.introducing_unit.path):
            raise ValidationError({"introducing_unit": "引进单位不能改为其他县（市、区）的单位"})
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
