"""A small fixed data set for the campaign tests. Every expected score is worked out
by hand from this table (see test_scoring.py), never by calling the engine.

Campaign 「百日竞赛」 2026-09-01 … 2026-12-09 (100 days), participants 城关镇 and
河口镇 (一赛区) and 县经信局 (no division). Rules:
R1 1分 per 100万元 verified funds, cap 60; R2 10分 per signed project ≥1亿元;
R3 15分 per started project ≥1亿元; R4 −5分 per 签约即止 project, cap 5.

| project | credit | total investment | stages (2026) |
|---|---|---|---|
| PA | 城关镇 100% | 2亿 | negotiating 08-01, signed 09-10, started 10-20 |
| PB | 城关镇 60%, 河口镇 40% | 5亿 | negotiating 07-01, signed 09-20 |
| PC | 河口镇 100% | 3亿 | negotiating 07-01, signed 08-15 (before the start), started 09-25 |
| PD | 城关镇 100% | 5000万 | negotiating 08-01, signed 09-05 (below 1亿) |
| PE | 县经信局 100% | 1亿 | negotiating 04-01, signed 05-01, nothing since |
| PF | 县经信局 100% | 2000万 | negotiating 05-01, signed 06-01, nothing since |

Funds (verified unless noted): F1 PA 09-15 3000万 (verified 09-16); F2 PB 10-10
1000万 (10-12); F3 PA 08-20 5000万 (08-25, before the start); F4 PC 10-25 8000万
verified only 11-05; F5 PA 10-01 4000万 (10-02).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.campaigns.factories import CampaignFactory, ScoringRuleFactory
from zhaoshang.campaigns.models import Campaign, RuleKind
from zhaoshang.core.money import WAN as WAN
from zhaoshang.core.money import YI
from zhaoshang.projects.factories import at_noon as at_noon
from zhaoshang.projects.factories import dated_fund as fund
from zhaoshang.projects.factories import dated_project as build
from zhaoshang.projects.models import Stage


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Race:
    root: object
    township: object
    other_township: object
    department: object
    campaign: Campaign
    projects: dict


@pytest.fixture
def race(county, bureau_user) -> Race:
    d = date
    t, o, dep = county.township, county.other_township, county.department
    pa = build(
        bureau_user,
        t,
        {Stage.NEGOTIATING: d(2026, 8, 1), Stage.SIGNED: d(2026, 9, 10), Stage.STARTED: d(2026, 10, 20)},
        name="PA",
        contract_amount=2 * YI,
    )
    pb = build(
        bureau_user,
        t,
        {Stage.NEGOTIATING: d(2026, 7, 1), Stage.SIGNED: d(2026, 9, 20)},
        name="PB",
        contract_amount=5 * YI,
        credits=[(t, 6000), (o, 4000)],
    )
    pc = build(
        bureau_user,
        o,
        {Stage.NEGOTIATING: d(2026, 7, 1), Stage.SIGNED: d(2026, 8, 15), Stage.STARTED: d(2026, 9, 25)},
        name="PC",
        contract_amount=3 * YI,
    )
    pd = build(bureau_user, t, {Stage.NEGOTIATING: d(2026, 8, 1), Stage.SIGNED: d(2026, 9, 5)}, name="PD", contract_amount=5000 * WAN)
    pe = build(bureau_user, dep, {Stage.NEGOTIATING: d(2026, 4, 1), Stage.SIGNED: d(2026, 5, 1)}, name="PE", contract_amount=YI)
    pf = build(bureau_user, dep, {Stage.NEGOTIATING: d(2026, 5, 1), Stage.SIGNED: d(2026, 6, 1)}, name="PF", contract_amount=2000 * WAN)
    fund(pa, d(2026, 9, 15), 3000 * WAN, verified=d(2026, 9, 16))
    fund(pb, d(2026, 10, 10), 1000 * WAN, verified=d(2026, 10, 12))
    fund(pa, d(2026, 8, 20), 5000 * WAN, verified=d(2026, 8, 25))
    fund(pc, d(2026, 10, 25), 8000 * WAN, verified=d(2026, 11, 5))
    fund(pa, d(2026, 10, 1), 4000 * WAN, verified=d(2026, 10, 2))

    campaign = CampaignFactory(jurisdiction=county.root, name="百日竞赛", units=[t, o, dep])
    ScoringRuleFactory(campaign=campaign, kind=RuleKind.FUNDS, points=Decimal(1), per_wan=100, cap=Decimal(60), sort_order=1)
    ScoringRuleFactory(campaign=campaign, kind=RuleKind.STAGE, stage=Stage.SIGNED, points=Decimal(10), per_wan=None, min_investment=YI, sort_order=2)
    ScoringRuleFactory(campaign=campaign, kind=RuleKind.STAGE, stage=Stage.STARTED, points=Decimal(15), per_wan=None, min_investment=YI, sort_order=3)
    ScoringRuleFactory(campaign=campaign, kind=RuleKind.SIGNED_THEN_NOTHING, points=Decimal(-5), per_wan=None, cap=Decimal(5), sort_order=4)
    projects = {"PA": pa, "PB": pb, "PC": pc, "PD": pd, "PE": pe, "PF": pf}
    return Race(county.root, t, o, dep, campaign, projects)
