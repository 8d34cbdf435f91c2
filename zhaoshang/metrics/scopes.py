"""Which scopes (统计范围) a user may look at: the parsing and access checks the
API and the dashboard share. Unit users get their unit; the bureau and leaders
get their jurisdiction, its divisions and its units."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from zhaoshang.accounts import access
from zhaoshang.accounts.models import Role
from zhaoshang.organisation.access import get_division_for_user, get_unit_for_user
from zhaoshang.organisation.models import Division, Unit

from .periods import Scope

SCOPE_FORMAT_ERROR = "统计范围格式无效，应为 unit:<编号>、division:<编号> 或 jurisdiction:<编号>"
JURISDICTION_ROLES = {Role.ADMIN, Role.BUREAU, Role.LEADER}


def get_scope_for_user(user, text: str) -> Scope:
    """unit:<id> | division:<id> | jurisdiction:<id>. ValueError for a malformed
    text, 404 for what the user cannot see, 403 for a division they see but whose
    figures cover units outside their reading scope."""
    kind, _, ident = (text or "").partition(":")
    if kind not in ("unit", "division", "jurisdiction") or not ident.isdigit():
        raise ValueError(SCOPE_FORMAT_ERROR)
    paths = access.read_paths(user)
    if kind == "division":
        division = get_division_for_user(user, int(ident))
        scope = Scope.for_division(division)
        # An empty division covers nothing; judge it by its jurisdiction.
        if not all(access.covers(paths, p) for p in scope.paths or (division.jurisdiction.path,)):
            raise PermissionDenied
        return scope
    unit = get_unit_for_user(user, int(ident))
    return Scope.for_unit(unit) if kind == "unit" else Scope.for_jurisdiction(unit)


def sees_jurisdiction(user) -> bool:
    return bool(access.roles(user) & JURISDICTION_ROLES)


def home_unit(user) -> Unit | None:
    """The highest unit the user reads: their county for the bureau and leaders,
    their own unit for unit users (the first one when they hold several)."""
    units = Unit.objects.visible_to(user).filter(is_active=True)
    if not access.is_admin(user):
        units = units.filter(path__in=access.read_paths(user))
    return units.order_by("depth", "path").first()


def default_scope(user) -> Scope | None:
    unit = home_unit(user)
    if unit is None:
        return None
    return Scope.for_jurisdiction(unit) if sees_jurisdiction(user) else Scope.for_unit(unit)


def scope_choices(user, home: Unit) -> list[tuple[str, str]]:
    """The scope switch: the jurisdiction, its competing divisions and its units for
    the bureau and leaders; a unit user's own unit and the units under it."""
    if sees_jurisdiction(user):
        choices = [(f"jurisdiction:{home.pk}", f"{home.name}（全辖区）")]
        divisions = Division.objects.filter(jurisdiction=home).order_by("sort_order", "name")
        choices += [(f"division:{d.pk}", d.name) for d in divisions]
    else:
        choices = [(f"unit:{home.pk}", home.name)]
    children = Unit.objects.get_children(home).filter(is_active=True).order_by("sort_order", "path")
    choices += [(f"unit:{u.pk}", f"　{u.name}") for u in children]
    return choices
