"""Demo assessment of 清河县: the bureau's 乡镇 scheme for this year (targets from the
year's 到位资金 tasks), run at the end of last month and published today, so the
publicity period is open and the townships can object. A second, unpublished run is
left out: one frozen and published result is what a clerk expects to find."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from zhaoshang.campaigns.models import Campaign
from zhaoshang.core.demo import DemoWorld
from zhaoshang.targets.models import Period, TargetKind, effective_targets

from . import actions
from .models import GroupKind, IndicatorKind, Scheme, Source

WAN = 10_000


def build(world: DemoWorld) -> None:
    bureau = world.users.get("zsj")
    if world.county is None or bureau is None:
        return
    today = timezone.localdate()
    cut_off = today.replace(day=1) - timedelta(days=1)
    year = cut_off.year
    scheme = actions.do_create_scheme(
        world.county,
        {"year": year, "name": "乡镇招商引资工作考核", "group_kind": GroupKind.TOWNSHIP, "cut_off": date(year, 12, 31)},
        bureau,
    )
    key_townships = list(scheme.units()[:4])
    if key_townships:
        actions.do_create_group(world.county, "重点乡镇", key_townships, bureau)
    campaign = Campaign.objects.filter(jurisdiction=world.county).order_by("start").first()
    rows = [
        {"name": "到位资金完成率", "kind": IndicatorKind.RATIO, "source": Source.FUNDS_ARRIVED, "weight": Decimal(40), "cap": Decimal(48)},
        {"name": "签约项目数", "kind": IndicatorKind.TIERS, "source": Source.SIGNED_COUNT, "weight": Decimal(15), "tiers": []},
        {"name": "合同引资额", "kind": IndicatorKind.EFFICACY, "source": Source.CONTRACT_AMOUNT, "weight": Decimal(15)},
        {"name": "招商活跃指数", "kind": IndicatorKind.EFFICACY, "source": Source.ACTIVITY, "weight": Decimal(15)},
        {"name": "承诺兑现", "kind": IndicatorKind.EFFICACY, "source": Source.SERVICE, "source_key": "commitment_fulfilment", "weight": Decimal(15)},
        {"name": "逾期未开工项目", "kind": IndicatorKind.DEDUCTION, "source": Source.NOT_STARTED, "per_item": Decimal("0.1"), "item_cap": Decimal(2)},
        {"name": "弄虚作假", "kind": IndicatorKind.VETO, "source": Source.FALSIFIED},
    ]
    if campaign is not None:
        rows.append(
            {"name": "百日竞赛前三名升档", "kind": IndicatorKind.PROMOTION, "source": Source.CAMPAIGN, "campaign": campaign, "threshold": Decimal(60)}
        )
    actions.do_save_indicators(scheme, rows, scheme.version, bureau)
    scheme.refresh_from_db()
    _targets(scheme, bureau)
    scheme.refresh_from_db()
    snapshot = actions.do_run_scheme(scheme, cut_off, bureau)
    actions.do_publish(snapshot, bureau, today=today)


def _targets(scheme: Scheme, bureau) -> None:
    period = Period.objects.filter(jurisdiction=scheme.jurisdiction, start__year=scheme.year).order_by("start").first()
    units = scheme.units()
    funds = {}
    if period is not None:
        funds = {u.pk: u.target_amount for u in effective_targets(period, TargetKind.FUNDS_ARRIVED, units) if u.target_amount}
    for indicator in scheme.indicators.all():
        if indicator.source == Source.FUNDS_ARRIVED:
            values = {u.pk: Decimal(funds.get(u.pk) or 5000 * WAN) for u in units}
        elif indicator.source == Source.SIGNED_COUNT:
            values = {u.pk: Decimal(3) for u in units}
        else:
            continue
        actions.do_set_targets(indicator, values, scheme.version, bureau)
        scheme.refresh_from_db()
