"""A small fixed county for the metric tests. Every expected figure in the tests is
worked out by hand from the table below, never by calling the engine.

Units: 示范县 (root) → 城关镇 (一赛区) → 城关镇招商组 (section); 河口镇 (一赛区); 县经信局.
All dates 2026 unless noted; USD rate 2026 = 7.1 元.

| project | credit | stages | contract | total investment |
|---|---|---|---|---|
| P1 城关 | 城关镇 100% | lead 01-05, negotiating 01-10, signed 02-15, started 04-01 (registered skipped to 04-01) | 2亿 | 2亿 |
| P2 河口 | 河口镇 100% | negotiating 02-01, signed 03-10 | 5000万 | 6亿 |
| P3 联合 | 城关镇 60%, 河口镇 40% | negotiating 03-01, signed 05-20, started 06-10, producing 09-01 | 1亿 | 10亿 |
| P4 招商组 | 城关镇招商组 100% | lead 06-01, negotiating 06-15 | — | — |
| P5 外资 (USD) | 城关镇 100% | negotiating 01-20, signed 07-01 | $1000万 = 7100万元 | $2000万 = 1.42亿元 |
| P7 去年 | 河口镇 100% | negotiating 2025-05-01, signed 2025-06-01 | 4000万 | 4000万 |

Fund entries (元 unless noted):
F1 P1 03-10 3000万 verified 03-20; F2 P1 04-05 1000万 verified 11-10 (after the
as-of date 10-31); F3 P3 06-20 2000万 verified 06-30; F4 P5 08-01 $100万 verified
08-10 (= 710万元); F5 P2 09-15 500万 reported only; F7 P4 07-01 100万 verified 07-02;
F6 P7 2025-09-10 800万 verified 2025-09-20.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.organisation.models import UnitKind
from zhaoshang.projects.factories import ExchangeRateFactory

# The dated builders are shared (projects.factories); the tests import them from here.
from zhaoshang.projects.factories import at_noon as at_noon
from zhaoshang.projects.factories import backdate as backdate
from zhaoshang.projects.factories import dated_fund as fund
from zhaoshang.projects.factories import dated_project as build
from zhaoshang.projects.models import Currency, Project, Stage

AS_OF = date(2026, 10, 31)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class World:
    root: object
    township: object
    other_township: object
    section: object
    department: object
    p1: Project
    p2: Project
    p3: Project
    p4: Project
    p5: Project
    p7: Project


@pytest.fixture
def world(county, bureau_user) -> World:
    ExchangeRateFactory(year=2026, currency="USD", rate="7.100000")
    section = UnitFactory(parent=county.township, name="城关镇招商组", kind=UnitKind.SECTION)
    d = date
    p1 = build(
        bureau_user,
        county.township,
        {Stage.LEAD: d(2026, 1, 5), Stage.NEGOTIATING: d(2026, 1, 10), Stage.SIGNED: d(2026, 2, 15), Stage.STARTED: d(2026, 4, 1)},
        name="城关项目",
        contract_amount=200_000_000,
    )
    p2 = build(
        bureau_user,
        county.other_township,
        {Stage.NEGOTIATING: d(2026, 2, 1), Stage.SIGNED: d(2026, 3, 10)},
        name="河口项目",
        contract_amount=50_000_000,
        total_investment=600_000_000,
    )
    p3 = build(
        bureau_user,
        county.township,
        {Stage.NEGOTIATING: d(2026, 3, 1), Stage.SIGNED: d(2026, 5, 20), Stage.STARTED: d(2026, 6, 10), Stage.PRODUCING: d(2026, 9, 1)},
        name="联合项目",
        contract_amount=100_000_000,
        total_investment=1_000_000_000,
        credits=[(county.township, 6000), (county.other_township, 4000)],
    )
    p4 = build(bureau_user, section, {Stage.LEAD: d(2026, 6, 1), Stage.NEGOTIATING: d(2026, 6, 15)}, name="招商组项目")
    p5 = build(
        bureau_user,
        county.township,
        {Stage.NEGOTIATING: d(2026, 1, 20), Stage.SIGNED: d(2026, 7, 1)},
        name="外资项目",
        currency=Currency.USD,
        is_foreign_funded=True,
        contract_amount=1_000_000_000,  # $10,000,000 in cents
        total_investment=2_000_000_000,  # $20,000,000 in cents
    )
    p7 = build(
        bureau_user,
        county.other_township,
        {Stage.NEGOTIATING: d(2025, 5, 1), Stage.SIGNED: d(2025, 6, 1)},
        name="去年项目",
        contract_amount=40_000_000,
    )
    fund(p1, d(2026, 3, 10), 30_000_000, verified=d(2026, 3, 20))
    fund(p1, d(2026, 4, 5), 10_000_000, verified=d(2026, 11, 10))
    fund(p3, d(2026, 6, 20), 20_000_000, verified=d(2026, 6, 30))
    fund(p5, d(2026, 8, 1), 100_000_000, verified=d(2026, 8, 10), currency=Currency.USD)
    fund(p2, d(2026, 9, 15), 5_000_000)
    fund(p4, d(2026, 7, 1), 1_000_000, verified=d(2026, 7, 2))
    fund(p7, d(2025, 9, 10), 8_000_000, verified=d(2025, 9, 20))
    return World(county.root, county.township, county.other_township, section, county.department, p1, p2, p3, p4, p5, p7)
