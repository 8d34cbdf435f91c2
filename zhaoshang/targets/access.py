"""One access helper per object type: the object, 404 when the user may not see it,
403 when they may see it but not change it (only the bureau sets targets)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from zhaoshang.accounts import access

from .models import Period, Target


def get_period_for_user(user, pk: int, write: bool = False) -> Period:
    period = get_object_or_404(Period.objects.visible_to(user).select_related("jurisdiction"), pk=pk)
    if write and not access.covers(access.bureau_paths(user), period.jurisdiction.path):
        raise PermissionDenied
    return period


def get_target_for_user(user, pk: int, write: bool = False) -> Target:
    target = get_object_or_404(Target.objects.visible_to(user).select_related("period__jurisdiction", "unit", "person__unit"), pk=pk)
    if write and not access.covers(access.bureau_paths(user), target.holder_path()):
        raise PermissionDenied
    return target
