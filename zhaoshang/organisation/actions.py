"""Every change to units, divisions and persons goes through here: one atomic
function per action, which checks the domain rules, saves, and leaves a history
record naming the acting user (and a reason where the field diff alone would not
tell the story, e.g. a move).

Scope is re-checked here even though views already did it, because the API and the
Excel imports call these functions too. Refusals the user can fix raise
ValidationError with a Chinese message; out-of-scope calls raise PermissionDenied."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhaoshang.core.history import save_with_history as _save
from zhaoshang.accounts import access
from zhaoshang.core.versions import bump_version
from zhaoshang.core.ranges import validate_amount, validate_name, validate_sort_order

from .models import Division, Person, Unit, subtree_moved

UNIT_FIELDS = ("name", "short_name", "kind", "division", "city", "sort_order")
DIVISION_FIELDS = ("name", "default_quota", "competes", "sort_order")
PERSON_FIELDS = ("name", "post", "unit", "is_principal", "leader_body", "phone", "sort_order")


# The plausible-range check of each field the actions take (core/ranges.py).
_RANGES = {"name": validate_name, "sort_order": validate_sort_order, "default_quota": validate_amount}


def _check_ranges(data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    for field, validate in _RANGES.items():
        if field in data:
            try:
                validate(data[field])  # type: ignore[operator]
            except ValidationError as error:
                errors[field] = error.messages
    if errors:
        raise ValidationError(errors)


def _require_unit_admin(user: User, unit: Unit) -> None:
    if not access.covers(access.unit_admin_paths(user), unit.path):
        raise PermissionDenied(f"您无权管理「{unit.name}」")


def _require_writer(user: User, unit: Unit) -> None:
    if not access.covers(access.write_paths(user), unit.path):
        raise PermissionDenied(f"您无权维护「{unit.name}」的人员")


def division_fits(division: Division, *, unit: Unit | None = None, parent: Unit | None = None) -> bool:
    """A division only holds units strictly inside its jurisdiction. For a unit
    not created yet, pass its future parent."""
    jurisdiction = division.jurisdiction.path
    if unit is not None:
        return unit.path.startswith(jurisdiction) and unit.path != jurisdiction
    assert parent is not None
    return parent.path.startswith(jurisdiction)


def _check_division(division: Division | None, *, unit: Unit | None = None, parent: Unit | None = None) -> None:
    if division is not None and not division_fits(division, unit=unit, parent=parent):
        raise ValidationError(f"赛区「{division.name}」不属于该单位所在的辖区")


# ---------------------------------------------------------------- units


@transaction.atomic
def do_create_unit(parent: Unit, data: dict[str, Any], user: User) -> Unit:
    _require_unit_admin(user, parent)
    _check_ranges(data)
    if not parent.is_active:
        raise ValidationError(f"上级单位「{parent.name}」已停用，不能在其下新增单位")
    _check_division(data.get("division"), parent=parent)
    unit = Unit(**{f: data[f] for f in UNIT_FIELDS if f in data})
    unit.is_active = data.get("is_active", True)
    unit._history_user = user
    unit._change_reason = f"在「{parent.name}」下新建"
    return Unit.objects.add_child(parent, instance=unit)


@transaction.atomic
def do_update_unit(unit: Unit, data: dict[str, Any], expected_version: int, user: User) -> Unit:
    """Save a unit edit made on `expected_version`; a stale one raises ConflictError."""
    _require_unit_admin(user, unit)
    _check_ranges(data)
    _check_division(data.get("division"), unit=unit)
    bump_version(unit, expected_version)
    for field in UNIT_FIELDS:
        if field in data:
            setattr(unit, field, data[field])
    _save(unit, user)
    return unit


@transaction.atomic
def do_move_unit(unit: Unit, new_parent: Unit, user: User) -> Unit:
    admin_paths = access.unit_admin_paths(user)
    # Both ends must be the user's: a bureau cannot push a unit out of its county
    # nor pull one in from a neighbour's.
    if not access.covers(admin_paths, unit.path) or not access.covers(admin_paths, new_parent.path):
        raise ValidationError("只能在您管理的辖区内移动单位")
    if new_parent.path.startswith(unit.path):
        raise ValidationError("不能把单位移到它自己或它的下级单位之下")
    if not new_parent.is_active:
        raise ValidationError(f"「{new_parent.name}」已停用，不能作为上级单位")
    old_parent = Unit.objects.get_parent(unit)
    if old_parent is not None and old_parent.pk == new_parent.pk:
        raise ValidationError(f"「{unit.name}」已在「{new_parent.name}」之下")
    # Division membership must stay inside the division's jurisdiction after the move.
    for member in unit.subtree().filter(division__isnull=False).select_related("division__jurisdiction"):
        if not new_parent.path.startswith(member.division.jurisdiction.path):
            raise ValidationError(f"「{member.name}」属于赛区「{member.division.name}」，移动后将不在该赛区的辖区内，请先调整赛区")
    Unit.objects.move(unit, new_parent, "last-child")
    unit.refresh_from_db()
    subtree_moved.send(sender=Unit, unit=unit)
    # treebeard rewrites the subtree's paths in SQL, without signals: the kept scopes
    # (roles on those units, their counties) are stale.
    access.scope_changed()
    old_name = old_parent.name if old_parent else "（顶级）"
    _save(unit, user, f"从「{old_name}」移至「{new_parent.name}」")
    return unit


@transaction.atomic
def do_set_unit_active(unit: Unit, active: bool, user: User) -> Unit:
    _require_unit_admin(user, unit)
    if unit.is_active == active:
        return unit
    if active:
        parent = Unit.objects.get_parent(unit)
        if parent is not None and not parent.is_active:
            raise ValidationError(f"上级单位「{parent.name}」已停用，请先启用上级单位")
    else:
        # Children would otherwise stay active under a unit nobody sees in the tree.
        busy = list(Unit.objects.get_children(unit).active().values_list("name", flat=True)[:5])
        if busy:
            raise ValidationError(f"「{unit.name}」还有启用的下级单位（{'、'.join(busy)}），请先停用或移走下级单位")
    unit.is_active = active
    # Deactivation keeps the unit, its history and its records; it only leaves the
    # active tree and the pickers.
    _save(unit, user, "启用" if active else "停用")
    return unit


# ---------------------------------------------------------------- divisions


@transaction.atomic
def do_save_division(
    division: Division,
    data: dict[str, Any],
    user: User,
    members: Iterable[Unit] | None = None,
    *,
    expected_version: int | None = None,
) -> Division:
    """Create (division.pk is None, jurisdiction set) or update a division, the
    update made on `expected_version` (a stale one raises ConflictError). When
    `members` is given, it becomes the exact member list: units taken from another
    division are moved here, since a unit belongs to at most one division."""
    jurisdiction = division.jurisdiction
    _require_unit_admin(user, jurisdiction)
    _check_ranges(data)
    if division.pk is not None:
        if expected_version is None:
            raise TypeError("updating a division needs the expected_version it was edited on")
        bump_version(division, expected_version)
    name = data.get("name", division.name)
    clash = Division.objects.filter(jurisdiction=jurisdiction, name=name).exclude(pk=division.pk)
    if clash.exists():
        raise ValidationError(f"「{jurisdiction.name}」已有名为「{name}」的赛区")
    if data.get("default_quota", division.default_quota) < 0:
        raise ValidationError("默认任务不能为负数")
    for field in DIVISION_FIELDS:
        if field in data:
            setattr(division, field, data[field])
    _save(division, user)

    if members is not None:
        wanted = {unit.pk: unit for unit in members}
        for unit in wanted.values():
            if not division_fits(division, unit=unit):
                raise ValidationError(f"「{unit.name}」不在「{jurisdiction.name}」辖区内，不能加入该赛区")
        # A member change is a change of the unit too: an edit page of the unit
        # opened before must not put it back, so its version moves on.
        for unit in Unit.objects.filter(division=division).exclude(pk__in=wanted):
            unit.division, unit.version = None, unit.version + 1
            _save(unit, user, f"移出赛区「{division.name}」")
        for unit in Unit.objects.filter(pk__in=wanted).exclude(division=division).select_related("division"):
            reason = f"加入赛区「{division.name}」"
            if unit.division is not None:
                reason = f"从赛区「{unit.division.name}」调入赛区「{division.name}」"
            unit.division, unit.version = division, unit.version + 1
            _save(unit, user, reason)
    return division


# ---------------------------------------------------------------- persons


def _check_person_unit(unit: Unit, user: User) -> None:
    _require_writer(user, unit)
    if not unit.is_active:
        raise ValidationError(f"「{unit.name}」已停用，不能添加或调入人员")


def _check_leader_mark(user: User, unit: Unit, leader_body: str, current: str = "") -> None:
    """Only the bureau marks a person as one of the 四大家 leaders: the mark offers
    him to every unit as a county leader (包联领导, trips) and counts the trips he
    leads as led by a principal leader, so a unit may not give it to its cadres."""
    if leader_body != current and not access.covers(access.bureau_paths(user), unit.path):
        raise ValidationError({"leader_body": "四大家领导由招商局登记，单位不能自行标注"})


@transaction.atomic
def do_create_person(data: dict[str, Any], user: User) -> Person:
    _check_person_unit(data["unit"], user)
    _check_ranges(data)
    _check_leader_mark(user, data["unit"], data.get("leader_body", ""))
    person = Person(**{f: data[f] for f in PERSON_FIELDS if f in data})
    person.is_active = data.get("is_active", True)
    _save(person, user)
    return person


@transaction.atomic
def do_update_person(person: Person, data: dict[str, Any], expected_version: int, user: User) -> Person:
    """Save a person edit made on `expected_version`; a stale one raises ConflictError."""
    _require_writer(user, person.unit)
    _check_ranges(data)
    if "unit" in data and data["unit"].pk != person.unit_id:
        _check_person_unit(data["unit"], user)
    if "leader_body" in data:
        _check_leader_mark(user, data.get("unit", person.unit), data["leader_body"], person.leader_body)
    bump_version(person, expected_version)
    for field in PERSON_FIELDS:
        if field in data:
            setattr(person, field, data[field])
    _save(person, user)
    return person


@transaction.atomic
def do_set_person_active(person: Person, active: bool, user: User) -> Person:
    _require_writer(user, person.unit)
    if person.is_active == active:
        return person
    if active and not person.unit.is_active:
        raise ValidationError(f"「{person.unit.name}」已停用，请先将人员调到启用的单位")
    person.is_active = active
    _save(person, user, "恢复在职" if active else "停用")
    return person
