"""Disclosures are managed by the bureau of their jurisdiction; the public sees
only published ones (404 for anything else, so drafts leak nothing)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from zhaoshang.accounts import access
from zhaoshang.targets.models import Period

from .models import Disclosure, Inquiry


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


def get_content_for_user(user, model, pk: int, write: bool = False):
    """Portal content (promoted projects, policies, sites) is the bureau's: 403 for
    other logins, 404 outside the bureau's jurisdiction."""
    require_bureau(user)
    return get_object_or_404(model.objects.editable_by(user), pk=pk)


def get_inquiry_for_user(user, pk: int, write: bool = False) -> Inquiry:
    """404 for an inquiry routed to another unit; 403 to handle one the user may
    only read (a leader, a unit above the one handling it without write rights)."""
    inquiry = get_object_or_404(Inquiry.objects.visible_to(user).select_related("unit", "place", "project"), pk=pk)
    if write and not Inquiry.objects.handled_by_units_of(user).filter(pk=pk).exists():
        raise PermissionDenied
    return inquiry


def get_inquiry_by_token(token: str) -> Inquiry:
    return get_object_or_404(Inquiry.objects.select_related("unit"), token=token)
