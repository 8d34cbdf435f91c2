"""Who sees and changes service items and commitments: everyone reads the
records of the units they read (another unit's → 404); the bureau imports and
corrects service items; whoever writes for the promising unit keeps its
commitments (403 for a reader who may not)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .actions import can_edit_commitment, can_manage_items
from .models import Commitment, Milestone, ServiceItem


def get_service_item_for_user(user, pk: int, write: bool = False) -> ServiceItem:
    item = get_object_or_404(ServiceItem.objects.visible_to(user).select_related("unit", "project"), pk=pk)
    if write and not can_manage_items(user):
        raise PermissionDenied
    return item


def get_commitment_for_user(user, pk: int, write: bool = False) -> Commitment:
    commitment = get_object_or_404(Commitment.objects.visible_to(user).select_related("unit", "investor", "project"), pk=pk)
    if write and not can_edit_commitment(user, commitment):
        raise PermissionDenied
    return commitment


def get_milestone_for_user(user, pk: int, write: bool = False) -> Milestone:
    milestone = get_object_or_404(Milestone.objects.select_related("commitment__unit"), pk=pk)
    get_commitment_for_user(user, milestone.commitment_id, write=write)
    return milestone
