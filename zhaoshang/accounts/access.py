"""The one place that turns a login's roles into tree scopes.

Every queryset's `visible_to` / `editable_by` and every `get_<object>_for_user`
helper asks this module; views and API endpoints never look at roles themselves.
A scope is a list of unit tree paths; a role on a unit covers its whole subtree.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import ApiToken, Role, RoleAssignment

# Everything: the empty prefix matches every path.
EVERYTHING = [""]

ROLES_THAT_READ = set(Role)
ROLES_THAT_WRITE = {Role.BUREAU, Role.REPORTER, Role.UNIT_HEAD}
ROLES_THAT_APPROVE = {Role.BUREAU, Role.UNIT_HEAD}


def _assignments(user: User | AnonymousUser) -> list[tuple[str, str]]:
    """(role, unit path) pairs, cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_zs_assignments", None)
    if cached is None:
        cached = list(user.roles.filter(unit__is_active=True).values_list("role", "unit__path"))
        user._zs_assignments = cached
    return cached


def forget(user: User) -> None:
    """Drop the cached roles after they change."""
    user.__dict__.pop("_zs_assignments", None)
    user.__dict__.pop("_zs_project_scope", None)  # projects.models: the counties of those roles


def roles(user: User | AnonymousUser) -> set[str]:
    if getattr(user, "is_superuser", False) and user.is_active:
        return {Role.ADMIN}
    return {role for role, _ in _assignments(user)}


def is_admin(user: User | AnonymousUser) -> bool:
    return Role.ADMIN in roles(user)


def _paths(user: User | AnonymousUser, wanted: set[str]) -> list[str]:
    if is_admin(user):
        return EVERYTHING
    return sorted({path for role, path in _assignments(user) if role in wanted})


def read_paths(user: User | AnonymousUser) -> list[str]:
    """Units whose records the user may read."""
    return _paths(user, ROLES_THAT_READ)


def write_paths(user: User | AnonymousUser) -> list[str]:
    """Units whose records the user may create and edit."""
    return _paths(user, ROLES_THAT_WRITE)


def approve_paths(user: User | AnonymousUser) -> list[str]:
    """Units whose submissions the user may approve (unit head) or verify (bureau)."""
    return _paths(user, ROLES_THAT_APPROVE)


def role_paths(user: User | AnonymousUser, role: str) -> list[str]:
    """Units where the user holds `role` (from the roles cached for the request)."""
    return _paths(user, {role})


def bureau_paths(user: User | AnonymousUser) -> list[str]:
    """Jurisdictions the user works for as 招商局: verify, correct, manage the tree."""
    return _paths(user, {Role.BUREAU})


# Managing the unit tree and divisions is the bureau's job.
unit_admin_paths = bureau_paths


def covers(paths: list[str], path: str) -> bool:
    return any(path.startswith(prefix) for prefix in paths)


def is_bureau(user: User | AnonymousUser) -> bool:
    return bool(bureau_paths(user))


def is_read_only(user: User | AnonymousUser) -> bool:
    return not write_paths(user)


# --- Object helpers for the accounts screens (same contract as the other apps'
# get_<object>_for_user: the object, 404 when not visible, 403 when not allowed).


def require_admin(user: User | AnonymousUser) -> None:
    """Managing logins and roles is for system admins only; bureau staff see
    everything in their jurisdiction but cannot hand out roles."""
    if not is_admin(user):
        raise PermissionDenied


def get_account_for_user(user: User, pk: int, write: bool = False) -> User:
    """A login as managed by an admin. Non-admins get 403 even for ids that do
    not exist, so the screens leak nothing about which accounts exist."""
    require_admin(user)
    return get_object_or_404(User, pk=pk)


def get_token_for_user(user: User, pk: int, write: bool = False) -> ApiToken:
    """A personal API token: only its owner ever sees or revokes it."""
    return get_object_or_404(ApiToken, pk=pk, user_id=user.pk)


def get_role_assignment_for_user(user: User, account: User, pk: int) -> RoleAssignment:
    require_admin(user)
    return get_object_or_404(RoleAssignment, pk=pk, user=account)
