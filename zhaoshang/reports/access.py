"""The access helper for circulars and the jurisdictions a user may circulate.

Reading: see CircularQuerySet.visible_to (bureau, leaders and admin read every
version of their jurisdiction; its units read the issued ones). Writing
(generate, regenerate) is the bureau's: leaders and units get 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from zhaoshang.accounts import access
from zhaoshang.organisation.models import Unit, UnitQuerySet, subtree_q

from .models import Circular


def get_circular_for_user(user, pk: int, write: bool = False) -> Circular:
    circular = get_object_or_404(Circular.objects.visible_to(user).select_related("jurisdiction", "requested_by"), pk=pk)
    if write and not access.covers(access.bureau_paths(user), circular.jurisdiction.path):
        raise PermissionDenied
    return circular


def jurisdictions_for(user) -> UnitQuerySet:
    """Top-level units (counties) the user works for as 招商局; 403 when none."""
    units = Unit.objects.filter(subtree_q(access.bureau_paths(user)), depth=1, is_active=True)
    if not units.exists():
        raise PermissionDenied
    return units


def can_generate(user) -> bool:
    return bool(access.bureau_paths(user))
