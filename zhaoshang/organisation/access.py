"""One access helper per object type: the object, or 404 when the user may not
see it, or 403 when they may see it but not change it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from zhaoshang.accounts import access

from .models import Division, Person, Unit


def get_unit_for_user(user, pk: int, write: bool = False) -> Unit:
    unit = get_object_or_404(Unit.objects.visible_to(user), pk=pk)
    if write and not access.covers(access.unit_admin_paths(user), unit.path):
        raise PermissionDenied
    return unit


def get_division_for_user(user, pk: int, write: bool = False) -> Division:
    division = get_object_or_404(Division.objects.visible_to(user).select_related("jurisdiction"), pk=pk)
    if write and not access.covers(access.unit_admin_paths(user), division.jurisdiction.path):
        raise PermissionDenied
    return division


def get_person_for_user(user, pk: int, write: bool = False) -> Person:
    person = get_object_or_404(Person.objects.visible_to(user).select_related("unit"), pk=pk)
    if write and not access.covers(access.write_paths(user), person.unit.path):
        raise PermissionDenied
    return person
