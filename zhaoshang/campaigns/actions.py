"""Every change to campaigns goes through here: one atomic function per action,
checking scope again (imports and the API may call these too), saving with the
acting user recorded in history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhaoshang.core.history import save_with_history as _save
from zhaoshang.accounts import access
from zhaoshang.core.versions import bump_version
from zhaoshang.organisation.models import Unit

from .models import Campaign, CampaignTarget, Prize, ScoringRule

CAMPAIGN_FIELDS = ("name", "kind", "start", "end", "target_min_investment", "description")
TARGET_FIELDS = ("funds_arrived", "signed_count", "started_count", "completed_count", "producing_count")


def _require_bureau(user: User, jurisdiction: Unit) -> None:
    if not access.covers(access.bureau_paths(user), jurisdiction.path):
        raise PermissionDenied


def _bump_for_rows(campaign: Campaign, expected_version: int, reason: str, user: User) -> None:
    """Rules, prizes and targets are edited as part of their campaign: the
    campaign's version moves on, with a history row that says what changed."""
    bump_version(campaign, expected_version)
    campaign._change_reason = reason
    _save(campaign, user)


def _check_units(jurisdiction: Unit, units: Iterable[Unit]) -> list[Unit]:
    units = list(units)
    outside = [u.name for u in units if not u.path.startswith(jurisdiction.path) or u.pk == jurisdiction.pk]
    if outside:
        raise ValidationError({"units": "参赛单位须为本辖区下属单位：" + "、".join(outside)})
    return units


def _check_dates(data: Mapping[str, Any]) -> None:
    if data["end"] < data["start"]:
        raise ValidationError({"end": "结束日期不能早于开始日期"})


@transaction.atomic
def do_create_campaign(jurisdiction: Unit, data: Mapping[str, Any], units: Iterable[Unit], user: User) -> Campaign:
    _require_bureau(user, jurisdiction)
    _check_dates(data)
    units = _check_units(jurisdiction, units)
    if Campaign.objects.filter(jurisdiction=jurisdiction, name=data["name"]).exists():
        raise ValidationError({"name": "本辖区已有同名竞赛活动"})
    campaign = Campaign(jurisdiction=jurisdiction, **{f: data[f] for f in CAMPAIGN_FIELDS if f in data})
    _save(campaign, user)
    campaign.units.set(units)
    return campaign


@transaction.atomic
def do_update_campaign(campaign: Campaign, data: Mapping[str, Any], units: Iterable[Unit], expected_version: int, user: User) -> Campaign:
    """Save a campaign edit made on `expected_version`; a stale one raises ConflictError."""
    _require_bureau(user, campaign.jurisdiction)
    _check_dates(data)
    units = _check_units(campaign.jurisdiction, units)
    if Campaign.objects.filter(jurisdiction=campaign.jurisdiction, name=data["name"]).exclude(pk=campaign.pk).exists():
        raise ValidationError({"name": "本辖区已有同名竞赛活动"})
    bump_version(campaign, expected_version)
    for name in CAMPAIGN_FIELDS:
        if name in data:
            setattr(campaign, name, data[name])
    _save(campaign, user)
    campaign.units.set(units)
    # Targets of units that no longer take part would only confuse the board.
    for target in campaign.targets.exclude(unit__in=units):
        target._history_user = user
        target.delete()
    return campaign


@transaction.atomic
def do_save_rules(
    campaign: Campaign,
    rules: Iterable[Mapping[str, Any]],
    prizes: Iterable[Mapping[str, Any]],
    expected_version: int,
    user: User,
) -> Campaign:
    """Replace the campaign's rules and prizes with the given rows (the editor
    always sends the whole list), each deletion and creation kept in history.
    The rows are the campaign's: an editor opened on a version of the campaign
    older than `expected_version` raises ConflictError."""
    _require_bureau(user, campaign.jurisdiction)
    _bump_for_rows(campaign, expected_version, "修改计分规则和奖项", user)
    for model, rows in ((ScoringRule, rules), (Prize, prizes)):
        for old in model.objects.filter(campaign=campaign):
            old._history_user = user
            old.delete()
        for order, row in enumerate(rows, start=1):
            obj = model(campaign=campaign, **row)
            if isinstance(obj, ScoringRule):
                obj.sort_order = order
            obj.full_clean(exclude=["campaign"])
            _save(obj, user)
    return campaign


@transaction.atomic
def do_set_targets(campaign: Campaign, rows: Mapping[int, Mapping[str, int]], expected_version: int, user: User) -> Campaign:
    """Set the participants' campaign targets: {unit id: {field: amount}}, edited on
    `expected_version` of the campaign (a stale edit raises ConflictError)."""
    _require_bureau(user, campaign.jurisdiction)
    _bump_for_rows(campaign, expected_version, "修改竞赛任务", user)
    participants = {u.pk: u for u in campaign.units.all()}
    existing = {t.unit_id: t for t in campaign.targets.all()}
    for unit_id, values in rows.items():
        if unit_id not in participants:
            raise ValidationError(f"「{Unit.objects.filter(pk=unit_id).first() or unit_id}」不是本活动的参赛单位")
        target = existing.get(unit_id) or CampaignTarget(campaign=campaign, unit=participants[unit_id])
        changed = target.pk is None
        for name in TARGET_FIELDS:
            if name in values and getattr(target, name) != values[name]:
                setattr(target, name, values[name])
                changed = True
        if changed:
            _save(target, user)
    return campaign
