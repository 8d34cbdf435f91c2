"""Reading escalations: the to-do list registers `open_escalations_for`, the alert
centre lists the overdue 督办 (100 %) steps through `overdue_escalations`."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from zhaoshang.accounts import access as roles

from . import access
from .models import Escalation, Level


def open_escalations_for(user: User | AnonymousUser) -> QuerySet[Escalation]:
    """Escalations addressed to `user` on clocks still running: 50 % to the clock's
    handler, 80 % to unit heads of its unit (or above), 100 % to leaders over it."""
    if not user.is_authenticated:
        return Escalation.objects.none()
    head_paths, leader_paths = access.paths_for_escalations(user)
    wanted = Q(level=Level.HANDLER, clock__handler=user)
    for path in head_paths:
        wanted |= Q(level=Level.UNIT_HEAD, clock__unit__path__startswith=path)
    for path in leader_paths:
        wanted |= Q(level=Level.LEADER, clock__unit__path__startswith=path)
    return (
        Escalation.objects.filter(wanted, clock__closed_at__isnull=True).select_related("clock", "clock__unit").order_by("-level", "fired_at", "id")
    )


def overdue_escalations(user: User | AnonymousUser, paths: tuple[str, ...], as_of: datetime) -> QuerySet[Escalation]:
    """超期督办 fired by `as_of` on clocks of units in `paths` that the user may see."""
    readable = roles.read_paths(user)
    if not readable:
        return Escalation.objects.none()
    inside = Q()
    for path in paths:
        inside |= Q(clock__unit__path__startswith=path)
    visible = Q()
    for path in readable:
        visible |= Q(clock__unit__path__startswith=path)
    return (
        Escalation.objects.filter(inside, visible, level=Level.LEADER, fired_at__lte=as_of)
        .select_related("clock", "clock__unit")
        .order_by("clock__due_at", "id")
    )
