"""The one place that turns a login's roles into tree scopes.

Every queryset's `visible_to` / `editable_by` and every `get_<object>_for_user`
helper asks this module; views and API endpoints never look at roles themselves.
A scope is a list of unit tree paths; a role on a unit covers its whole subtree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import uuid4

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.shortcuts import get_object_or_404

from .models import ApiToken, Role, RoleAssignment

# Everything: the empty prefix matches every path.
EVERYTHING = [""]

ROLES_THAT_READ = set(Role)
ROLES_THAT_WRITE = {Role.BUREAU, Role.REPORTER, Role.UNIT_HEAD}
ROLES_THAT_APPROVE = {Role.BUREAU, Role.UNIT_HEAD}

T = TypeVar("T")

# ---------------------------------------------------------------- a login's scope across requests
#
# What a login's scope is read from (its roles, the units they name, the persons it
# is: projects.models.scope_keys) changes seldom, and every list request needs it.
# It is kept in Django's cache per login, under one version shared by all logins: a
# committed change of a role, a unit (the tree: moves, renames, deactivation) or a
# person (its login or unit) sets a new version (apps.py connects the signals;
# organisation.actions.do_move_unit calls scope_changed itself, as treebeard moves
# the subtree without signals), and every kept scope is read afresh. Only the
# database's answers are kept: is_active and is_superuser come with the user row
# each request loads.

_SCOPE_VERSION = "access-scope:version"


def scope_changed() -> None:
    """A role, unit or person changed: the kept scopes are stale once this commits.
    Until then this transaction reads scopes from the database, and keeps none
    (another process must never read back what a rollback undoes)."""
    # Once per transaction (an import saves many units): a publication already
    # waiting in this savepoint or an outer one commits with this change or not at all.
    # The last one is remembered with the callback list it joined: Django replaces
    # that list on every commit and rollback, so while it is the same, it is there.
    within = set(connection.savepoint_ids)
    last = getattr(connection, "_zs_scope_publication", None)
    if last is not None and last[1] is connection.run_on_commit and not last[0].done and last[2] <= within:
        return
    if not _change_pending(within=within):
        publication = _Publication()
        transaction.on_commit(publication)
        connection._zs_scope_publication = (publication, connection.run_on_commit, within)  # type: ignore[attr-defined]


class _Publication:
    """The new version, set when the transaction that changed a scope commits."""

    done = False

    def __call__(self) -> None:
        # A fresh value rather than a counter: a version evicted from the cache and
        # started again can never meet an entry kept under an older one.
        cache.set(_SCOPE_VERSION, uuid4().hex, None)
        self.done = True


def _change_pending(within: set[str] | None = None) -> bool:
    """A scope change waits for this transaction's commit (dropped on rollback);
    `within`: registered in one of these savepoints or outside them all."""
    if not connection.in_atomic_block:
        return False
    return any(
        isinstance(func, _Publication) and not func.done and (within is None or savepoints <= within)
        for savepoints, func, _robust in connection.run_on_commit
    )


def kept_for(user: User, name: str, compute: Callable[[], T]) -> T:
    """compute() for this login, kept across requests until a scope change commits
    (settings.SCOPE_CACHE_SECONDS; 0 reads the database every request)."""
    seconds = settings.SCOPE_CACHE_SECONDS
    if not seconds or not user.pk or _change_pending():
        return compute()
    key = f"access-scope:{name}:{user.pk}"
    found: dict[str, Any] = cache.get_many([_SCOPE_VERSION, key])
    version = found.get(_SCOPE_VERSION)
    if version is None:
        # Never set, or evicted: a new one, which no kept entry carries.
        cache.add(_SCOPE_VERSION, uuid4().hex, None)
        version = cache.get(_SCOPE_VERSION)
    elif key in found and found[key][0] == version:
        return found[key][1]
    value = compute()
    cache.set(key, (version, value), seconds)
    return value


def _assignments(user: User | AnonymousUser) -> list[tuple[str, str]]:
    """(role, unit path) pairs, kept on the user object for the request and in the
    cache between requests (kept_for)."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_zs_assignments", None)
    if cached is None:
        roles = user.roles  # type: ignore[union-attr]
        cached = kept_for(user, "roles", lambda: list(roles.filter(unit__is_active=True).values_list("role", "unit__path")))  # type: ignore[arg-type]
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
