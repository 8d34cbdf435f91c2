"""One access helper per object type: the object, or 404 when the user may not
see it, or 403 when they may see it but not change it (as organisation/access.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from zhaoshang.accounts import access
from zhaoshang.organisation.models import Unit, UnitKind, ancestor_paths, subtree_q

from .models import ActivityWeights, Event, EventSigning, Publicity, TeamMembership, Trip, Visit


def can_write(user, unit: Unit) -> bool:
    return access.covers(access.write_paths(user), unit.path)


def _checked(obj, user, unit: Unit, write: bool):
    if write and not can_write(user, unit):
        raise PermissionDenied
    return obj


def get_trip_for_user(user, pk: int, write: bool = False) -> Trip:
    trip = get_object_or_404(Trip.objects.visible_to(user).select_related("unit"), pk=pk)
    return _checked(trip, user, trip.unit, write)


def get_visit_for_user(user, pk: int, write: bool = False) -> Visit:
    visit = get_object_or_404(Visit.objects.visible_to(user).select_related("host_unit", "investor"), pk=pk)
    return _checked(visit, user, visit.host_unit, write)


def get_event_for_user(user, pk: int, write: bool = False) -> Event:
    event = get_object_or_404(Event.objects.visible_to(user).select_related("organiser"), pk=pk)
    return _checked(event, user, event.organiser, write)


def get_event_signing_for_user(user, event: Event, pk: int) -> EventSigning:
    """A signing row of an event the caller already fetched with write=True."""
    return get_object_or_404(EventSigning, pk=pk, event=event)


def get_membership_for_user(user, pk: int, write: bool = False) -> TeamMembership:
    membership = get_object_or_404(TeamMembership.objects.visible_to(user).select_related("team", "person"), pk=pk)
    return _checked(membership, user, membership.team, write)


def get_publicity_for_user(user, pk: int, write: bool = False) -> Publicity:
    item = get_object_or_404(Publicity.objects.visible_to(user).select_related("unit"), pk=pk)
    return _checked(item, user, item.unit, write)


def get_team_for_user(user, pk: int) -> Unit:
    """A stationed team (驻点招商组) the user may read; other units are 404 here."""
    return get_object_or_404(Unit.objects.visible_to(user).filter(kind=UnitKind.STATIONED_TEAM), pk=pk)


# ---------------------------------------------------------------- activity index

JURISDICTION_KINDS = (UnitKind.COUNTY, UnitKind.CITY)


def jurisdictions_for(user):
    """Counties (or cities) the user works in: their own subtree's, or the one
    above the units they belong to. Rankings are published to every unit (as
    Chongqing's weekly index is), so a township reporter sees its county's."""
    paths = access.read_paths(user)
    if not paths:
        return Unit.objects.none()
    return Unit.objects.filter(kind__in=JURISDICTION_KINDS).filter(subtree_q(paths) | Q(path__in=ancestor_paths(paths)))


def get_jurisdiction_for_user(user, pk: int | None) -> Unit:
    """The jurisdiction of a ranking page: the one asked for, else the user's first."""
    qs = jurisdictions_for(user).order_by("path")
    if pk is None:
        jurisdiction = qs.first()
        if jurisdiction is None:
            raise PermissionDenied
        return jurisdiction
    return get_object_or_404(qs, pk=pk)


def get_weights_for_user(user, jurisdiction_pk: int, write: bool = False) -> ActivityWeights:
    """The weights of a jurisdiction (defaults when none are saved yet). Only the
    jurisdiction's bureau sets them."""
    jurisdiction = get_object_or_404(Unit.objects.visible_to(user).filter(kind__in=JURISDICTION_KINDS), pk=jurisdiction_pk)
    if write and not access.covers(access.bureau_paths(user), jurisdiction.path):
        raise PermissionDenied
    return ActivityWeights.for_jurisdiction(jurisdiction)
