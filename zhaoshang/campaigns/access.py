"""Who sees and manages campaigns (as organisation/access.py: the object, 404 when
the user may not see it, 403 when they may see it but not change it).

Decision (docs/domain.md §10 公布进度: leaderboards are published within the county):
users whose scope covers the campaign's jurisdiction (bureau, leaders, admin) see
every figure; users of participating units see the campaign, the full ranking as
unit names, ranks and totals, and the rule breakdown and target progress of their
own unit only. Users of units that do not take part do not see the campaign (404).
No campaign screen ever lists another unit's project records."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from zhaoshang.accounts import access
from zhaoshang.organisation.models import Unit, ancestor_paths

from .models import Campaign


def can_manage(user, campaign: Campaign) -> bool:
    return access.covers(access.bureau_paths(user), campaign.jurisdiction.path)


def get_campaign_for_user(user, pk: int, write: bool = False) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.visible_to(user).select_related("jurisdiction"), pk=pk)
    if write and not can_manage(user, campaign):
        raise PermissionDenied
    return campaign


def creatable_jurisdictions(user):
    """Where the user may start a campaign: the bureau's jurisdictions (every
    top-level unit for an admin). 403 for everyone else."""
    if access.is_admin(user):
        units = Unit.objects.filter(depth=1)
    else:
        units = Unit.objects.filter(path__in=access.bureau_paths(user))
    if not units.exists():
        raise PermissionDenied
    return units


def may_create(user) -> bool:
    return access.is_admin(user) or access.is_bureau(user)


def detail_filter(user, campaign: Campaign):
    """A predicate telling whether the user may see a participant's breakdown and
    progress: everyone's when their scope covers the jurisdiction, otherwise only
    the units they belong to (their unit, a unit above it or a section in it)."""
    paths = access.read_paths(user)
    if access.covers(paths, campaign.jurisdiction.path):
        return lambda unit: True
    above = ancestor_paths(paths)
    return lambda unit: access.covers(paths, unit.path) or unit.path in above
