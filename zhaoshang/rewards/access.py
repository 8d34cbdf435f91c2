"""Who may do what with rewards. Rules and the finder registry are county policy:
every login reads them, the bureau keeps them. Awards, the ledger and the clause
ledger follow their project: a unit sees its own projects', the bureau and
leaders all. Only a compliance reviewer clears a rule at the gate."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from zhaoshang.accounts import access
from zhaoshang.accounts.models import Role

from .models import ClauseReview, Finder, LedgerEntry, RewardAward, RewardRule


def can_read(user) -> bool:
    return bool(user.is_authenticated and (access.is_admin(user) or access.read_paths(user)))


def can_manage_rewards(user) -> bool:
    """Keep rules and finders, approve rewards, mark them paid: the bureau."""
    return access.is_admin(user) or access.is_bureau(user)


def is_compliance_reviewer(user) -> bool:
    return Role.COMPLIANCE in access.roles(user)


def _require_read(user) -> None:
    if not can_read(user):
        raise PermissionDenied


def get_rule_for_user(user, pk: int, write: bool = False) -> RewardRule:
    _require_read(user)
    if write and not can_manage_rewards(user):
        raise PermissionDenied
    return get_object_or_404(RewardRule.objects.select_related("compliance_approved_by"), pk=pk)


def get_finder_for_user(user, pk: int, write: bool = False) -> Finder:
    _require_read(user)
    if write and not can_manage_rewards(user):
        raise PermissionDenied
    return get_object_or_404(Finder, pk=pk)


def get_award_for_user(user, pk: int, write: bool = False) -> RewardAward:
    award = get_object_or_404(RewardAward.objects.visible_to(user).select_related("project", "rule"), pk=pk)
    if write and not can_manage_rewards(user):
        raise PermissionDenied
    return award


def get_entry_for_user(user, pk: int, write: bool = False) -> LedgerEntry:
    entry = get_object_or_404(LedgerEntry.objects.visible_to(user).select_related("award", "award__project", "finder"), pk=pk)
    if write and not can_manage_rewards(user):
        raise PermissionDenied
    return entry


def get_clause_for_user(user, pk: int, write: bool = False) -> ClauseReview:
    clause = get_object_or_404(ClauseReview.objects.visible_to(user).select_related("project"), pk=pk)
    if write and not can_manage_rewards(user):
        raise PermissionDenied
    return clause
