"""Who may do what with time limits. Policies and the calendar are one table for the
whole installation, kept by the bureau (and admins); everyone logged in reads them.
A clock is handled by whoever may write for its unit; its one extension is decided
by a unit head of that unit (or of a unit above it)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from zhaoshang.accounts import access
from zhaoshang.accounts.models import Role, RoleAssignment
from zhaoshang.organisation.models import Unit

from .models import CalendarDay, Clock, Policy


def can_manage_time_limits(user: User | AnonymousUser) -> bool:
    return access.is_admin(user) or access.is_bureau(user)


def _require_manager(user: User | AnonymousUser) -> None:
    if not can_manage_time_limits(user):
        raise PermissionDenied


def get_policy_for_user(user: User, pk: int, write: bool = False) -> Policy:
    if write:
        _require_manager(user)
    return get_object_or_404(Policy, pk=pk)


def get_calendar_day_for_user(user: User, pk: int, write: bool = False) -> CalendarDay:
    if write:
        _require_manager(user)
    return get_object_or_404(CalendarDay, pk=pk)


def require_calendar_editor(user: User | AnonymousUser) -> None:
    _require_manager(user)


def _role_paths(user: User | AnonymousUser, role: str) -> list[str]:
    # From the roles cached on the user: the 待办 count stays one query per source.
    return access.role_paths(user, role)


def get_clock_for_user(user: User, pk: int, write: bool = False) -> Clock:
    """A clock is read by whoever reads its unit's records (404 otherwise) and
    changed by whoever may write for that unit (403)."""
    clock = get_object_or_404(Clock.objects.select_related("unit", "handler"), pk=pk)
    if not access.covers(access.read_paths(user), clock.unit.path):
        raise Http404
    if write and not (can_handle_clock(user, clock) or can_approve_extension(user, clock)):
        raise PermissionDenied
    return clock


def can_handle_clock(user: User | AnonymousUser, clock: Clock) -> bool:
    return access.covers(access.write_paths(user), clock.unit.path)


def can_approve_extension(user: User | AnonymousUser, clock: Clock) -> bool:
    return access.covers(_role_paths(user, Role.UNIT_HEAD), clock.unit.path)


def holders_over(role: str, unit: Unit):
    """Active logins holding `role` on `unit` or on a unit above it."""
    prefixes = [unit.path[:end] for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    assignments = RoleAssignment.objects.filter(role=role, unit__path__in=prefixes, unit__is_active=True)
    return User.objects.filter(is_active=True, pk__in=assignments.values("user_id")).order_by("username")


def paths_for_escalations(user: User | AnonymousUser) -> tuple[list[str], list[str]]:
    """(unit-head paths, leader paths): where the user receives the 80 % and 100 % steps."""
    return _role_paths(user, Role.UNIT_HEAD), _role_paths(user, Role.LEADER)
