"""Every change to activities goes through here: one atomic function per action,
which checks scope and the domain rules, saves, and leaves a history record naming
the acting user.

Scope is checked again here although views already did, because imports and the
API will call these too. Refusals the user can fix raise ValidationError with a
Chinese message; out-of-scope calls raise PermissionDenied."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from zhaoshang.core.history import save_with_history as _save
from zhaoshang.accounts import access
from zhaoshang.core.versions import bump_version
from zhaoshang.organisation.models import Person, Unit, UnitKind
from zhaoshang.projects.models import Project

from .models import (
    SUB_INDICES,
    ActivityWeights,
    Event,
    EventSigning,
    Publicity,
    TeamMembership,
    Trip,
    TripLeader,
    Visit,
)

TRIP_FIELDS = (
    "unit",
    "start_date",
    "end_date",
    "destination_city",
    "destination_country",
    "participants",
    "companies_met",
    "notes",
)
TRIP_M2M = ("investors", "leads")
VISIT_FIELDS = ("investor", "start_date", "end_date", "host_unit", "visitors", "notes")
VISIT_M2M = ("projects", "leaders")
EVENT_FIELDS = ("name", "kind", "date", "place", "is_abroad", "organiser", "notes")
MEMBERSHIP_FIELDS = ("team", "person", "joined_on", "left_on", "note")
PUBLICITY_FIELDS = ("date", "unit", "title", "outlet", "url")


# ---------------------------------------------------------------- helpers


def _require_writer(user: User, unit: Unit | None, field: str) -> None:
    if unit is None:
        raise ValidationError({field: "请选择单位"})
    if not access.covers(access.write_paths(user), unit.path):
        raise PermissionDenied(f"您无权维护「{unit.name}」的记录")


def _assign(obj: models.Model, data: Mapping[str, Any], fields: Iterable[str]) -> None:
    for field in fields:
        if field in data:
            setattr(obj, field, data[field])


def _not_future(day: date | None, field: str, label: str) -> None:
    """Trips, visits, reports and memberships record what has happened."""
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})


def _dates_in_order(start: date | None, end: date | None, field: str, message: str) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError({field: message})


def _visible_projects(user: User, projects: Iterable[Project], field: str) -> list[Project]:
    """Only projects the user can see may be linked: a link would otherwise reveal
    another unit's project on this record's page."""
    projects = list(projects)
    visible = set(Project.objects.visible_to(user).filter(pk__in=[p.pk for p in projects]).values_list("pk", flat=True))
    if hidden := [p for p in projects if p.pk not in visible]:
        raise ValidationError({field: f"无权关联项目「{hidden[0].name}」"})
    return projects


def _set_m2m(obj: models.Model, data: Mapping[str, Any], fields: Iterable[str]) -> None:
    for field in fields:
        if field in data:
            getattr(obj, field).set(data[field])


# ---------------------------------------------------------------- trips


def _check_trip(trip: Trip, data: Mapping[str, Any], user: User) -> None:
    _require_writer(user, trip.unit, "unit")
    _dates_in_order(trip.start_date, trip.end_date, "end_date", "返回日期不能早于出发日期")
    _not_future(trip.start_date, "start_date", "出发日期")
    _not_future(trip.end_date, "end_date", "返回日期")
    if "leads" in data:
        _visible_projects(user, data["leads"], "leads")


def _set_leaders(trip: Trip, leaders: Sequence[Person], user: User) -> None:
    """Rows of leaders who stay keep the principal flag they were recorded with,
    so editing an old trip's notes does not rewrite last year's share."""
    wanted = {person.pk: person for person in leaders}
    for row in trip.leader_rows.exclude(person_id__in=wanted):
        row._history_user = user
        row.delete()
    existing = set(trip.leader_rows.values_list("person_id", flat=True))
    for pk, person in wanted.items():
        if pk not in existing:
            _save(TripLeader(trip=trip, person=person), user)
    principal = trip.leader_rows.filter(is_principal_leader=True).exists()
    if principal != trip.is_principal_led:
        trip.is_principal_led = principal
        _save(trip, user, "主要负责人带队：" + ("是" if principal else "否"))


@transaction.atomic
def do_create_trip(data: Mapping[str, Any], leaders: Sequence[Person], user: User) -> Trip:
    trip = Trip()
    _assign(trip, data, TRIP_FIELDS)
    _check_trip(trip, data, user)
    _save(trip, user)
    _set_m2m(trip, data, TRIP_M2M)
    _set_leaders(trip, leaders, user)
    return trip


@transaction.atomic
def do_update_trip(trip: Trip, data: Mapping[str, Any], leaders: Sequence[Person], expected_version: int, user: User) -> Trip:
    """Save a trip edit made on `expected_version`; a stale one raises ConflictError."""
    _require_writer(user, trip.unit, "unit")
    bump_version(trip, expected_version, "该外出招商记录")
    _assign(trip, data, TRIP_FIELDS)
    _check_trip(trip, data, user)
    _save(trip, user)
    _set_m2m(trip, data, TRIP_M2M)
    _set_leaders(trip, leaders, user)
    return trip


# ---------------------------------------------------------------- visits


def _check_visit(visit: Visit, data: Mapping[str, Any], user: User) -> None:
    _require_writer(user, visit.host_unit, "host_unit")
    _dates_in_order(visit.start_date, visit.end_date, "end_date", "离开日期不能早于来访日期")
    _not_future(visit.start_date, "start_date", "来访日期")
    _not_future(visit.end_date, "end_date", "离开日期")
    if "projects" in data:
        _visible_projects(user, data["projects"], "projects")


@transaction.atomic
def do_create_visit(data: Mapping[str, Any], user: User) -> Visit:
    visit = Visit()
    _assign(visit, data, VISIT_FIELDS)
    _check_visit(visit, data, user)
    _save(visit, user)
    _set_m2m(visit, data, VISIT_M2M)
    return visit


@transaction.atomic
def do_update_visit(visit: Visit, data: Mapping[str, Any], expected_version: int, user: User) -> Visit:
    """Save a visit edit made on `expected_version`; a stale one raises ConflictError."""
    _require_writer(user, visit.host_unit, "host_unit")
    bump_version(visit, expected_version, "该客商来访记录")
    _assign(visit, data, VISIT_FIELDS)
    _check_visit(visit, data, user)
    _save(visit, user)
    _set_m2m(visit, data, VISIT_M2M)
    return visit


# ---------------------------------------------------------------- events


@transaction.atomic
def do_create_event(data: Mapping[str, Any], user: User) -> Event:
    # An event may be announced before it takes place; only its signings must
    # have happened.
    event = Event()
    _assign(event, data, EVENT_FIELDS)
    _require_writer(user, event.organiser, "organiser")
    _save(event, user)
    return event


@transaction.atomic
def do_update_event(event: Event, data: Mapping[str, Any], expected_version: int, user: User) -> Event:
    """Save an event edit made on `expected_version`; a stale one raises ConflictError."""
    _require_writer(user, event.organiser, "organiser")
    bump_version(event, expected_version)
    _assign(event, data, EVENT_FIELDS)
    _require_writer(user, event.organiser, "organiser")
    if event.date > timezone.localdate() and event.signings.exists():
        raise ValidationError({"date": "活动已有签约项目，举办日期不能晚于今天"})
    _save(event, user)
    return event


@transaction.atomic
def do_add_event_signing(event: Event, data: Mapping[str, Any], user: User) -> EventSigning:
    _require_writer(user, event.organiser, "organiser")
    if event.date > timezone.localdate():
        raise ValidationError("活动尚未举办，不能登记签约项目")
    amount = data.get("amount")
    if amount is None or amount < 0:
        raise ValidationError({"amount": "签约金额不能为负数"})
    project = data.get("project")
    if project is not None:
        _visible_projects(user, [project], "project")
    name = (data.get("project_name") or "").strip() or (project.name if project else "")
    if not name:
        raise ValidationError({"project_name": "请填写签约项目名称或选择关联项目"})
    signing = EventSigning(event=event, project=project, project_name=name, amount=amount)
    _save(signing, user)
    return signing


@transaction.atomic
def do_remove_event_signing(signing: EventSigning, user: User) -> None:
    _require_writer(user, signing.event.organiser, "organiser")
    signing._history_user = user
    signing.delete()


# ---------------------------------------------------------------- stationed teams


def _check_membership(membership: TeamMembership, user: User) -> None:
    team = membership.team
    _require_writer(user, team, "team")
    if team.kind != UnitKind.STATIONED_TEAM:
        raise ValidationError({"team": f"「{team.name}」不是驻点招商组"})
    _not_future(membership.joined_on, "joined_on", "进组日期")
    _not_future(membership.left_on, "left_on", "离组日期")
    _dates_in_order(membership.joined_on, membership.left_on, "left_on", "离组日期不能早于进组日期")
    # [joined_on, left_on): a person may rejoin on the day they left, never overlap.
    overlapping = TeamMembership.objects.filter(team=team, person=membership.person).exclude(pk=membership.pk)
    if membership.left_on is not None:
        overlapping = overlapping.filter(joined_on__lt=membership.left_on)
    overlapping = overlapping.filter(Q(left_on__isnull=True) | Q(left_on__gt=membership.joined_on))
    if clash := overlapping.first():
        until = f"{clash.left_on:%Y-%m-%d}" if clash.left_on else "至今"
        raise ValidationError(
            {"joined_on": f"{membership.person.name}在{team.name}已有 {clash.joined_on:%Y-%m-%d} 至 {until} 的任职记录，时间不能重叠"}
        )


@transaction.atomic
def do_create_membership(data: Mapping[str, Any], user: User) -> TeamMembership:
    membership = TeamMembership()
    _assign(membership, data, MEMBERSHIP_FIELDS)
    if membership.team_id is None:
        raise ValidationError({"team": "请选择驻点招商组"})
    _check_membership(membership, user)
    _save(membership, user)
    return membership


@transaction.atomic
def do_update_membership(membership: TeamMembership, data: Mapping[str, Any], expected_version: int, user: User) -> TeamMembership:
    """Save a membership edit made on `expected_version`; a stale one raises ConflictError."""
    _require_writer(user, membership.team, "team")
    bump_version(membership, expected_version, "该驻点招商组成员记录")
    _assign(membership, data, MEMBERSHIP_FIELDS)
    _check_membership(membership, user)
    _save(membership, user)
    return membership


# ---------------------------------------------------------------- publicity


def _check_publicity(item: Publicity, user: User) -> None:
    _require_writer(user, item.unit, "unit")
    _not_future(item.date, "date", "发布日期")


@transaction.atomic
def do_create_publicity(data: Mapping[str, Any], user: User) -> Publicity:
    item = Publicity()
    _assign(item, data, PUBLICITY_FIELDS)
    _check_publicity(item, user)
    _save(item, user)
    return item


@transaction.atomic
def do_update_publicity(item: Publicity, data: Mapping[str, Any], expected_version: int, user: User) -> Publicity:
    """Save a publicity edit made on `expected_version`; a stale one raises ConflictError."""
    _require_writer(user, item.unit, "unit")
    bump_version(item, expected_version)
    _assign(item, data, PUBLICITY_FIELDS)
    _check_publicity(item, user)
    _save(item, user)
    return item


# ---------------------------------------------------------------- activity index weights


@transaction.atomic
def do_set_activity_weights(jurisdiction: Unit, data: Mapping[str, int], expected_version: int, user: User) -> ActivityWeights:
    """Set the weights, edited on `expected_version` (0: none were saved yet); a
    stale edit raises ConflictError."""
    if not access.covers(access.bureau_paths(user), jurisdiction.path):
        raise PermissionDenied("只有招商局可以设置活跃指数权重")
    weights = ActivityWeights.objects.filter(jurisdiction=jurisdiction).first()
    if weights is not None:
        bump_version(weights, expected_version)
    else:
        # Saving the defaults for the first time: a concurrent first save hits the
        # unique jurisdiction and fails instead of being overwritten.
        weights = ActivityWeights(jurisdiction=jurisdiction)
    for key, label in SUB_INDICES:
        value = data.get(key, 0)
        if value is None or value < 0:
            raise ValidationError({key: f"{label}权重不能为负数"})
        setattr(weights, key, value)
    if sum(weights.as_dict().values()) == 0:
        raise ValidationError("权重不能全部为0")
    weights.updated_by = user
    _save(weights, user)
    return weights
