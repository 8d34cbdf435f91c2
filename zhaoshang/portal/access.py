"""Disclosures are managed by the bureau of their jurisdiction; the public sees
only published ones (404 for anything else, so drafts leak nothing)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from zhaoshang.accounts import access
from zhaoshang.targets.models import Period

from .models import Disclosure


def require_bureau(user) -> None:
    if not (access.is_admin(user) or access.is_bureau(user)):
        raise PermissionDenied


def get_disclosure_for_user(user, pk: int, write: bool = False) -> Disclosure:
    """Only the bureau works on disclosures: 403 for other logins, 404 outside
    the bureau's jurisdictions."""
    require_bureau(user)
    return get_object_or_404(Disclosure.objects.editable_by(user).select_related("period", "jurisdiction"), pk=pk)


def get_published_disclosure(pk: int) -> Disclosure:
    return get_object_or_404(Disclosure.objects.published().select_related("period", "jurisdiction"), pk=pk)


def disclosable_periods(user):
    require_bureau(user)
    return Period.objects.editable_by(user).select_related("jurisdiction")
