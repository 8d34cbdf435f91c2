"""A small fixed county for the circular tests. Every expected figure is worked
out by hand from the table below, never by calling the metric modules.

示范县 (conftest.county): 一赛区 (default quota 6000万元) = 城关镇, 河口镇; 县经信局
outside the divisions with its own 2026 target of 1000万元. Period 2026年度,
primary target 到位资金. The circular is for October 2026: 1-10月, as of 10-31.

| project | unit | stages (2026 unless noted) | contract | total investment |
|---|---|---|---|---|
| P1 城关电子产业园 | 城关镇 | negotiating 01-10, signed 02-15, started 04-01 | 2亿 | 2亿 |
| P2 河口物流园 | 河口镇 | negotiating 02-01, signed 03-10 | 5000万 | 6亿 |
| P3 河口农业项目 | 河口镇 | negotiating 04-01, signed 05-10 (nothing since) | 3000万 | 3000万 |
| P7 去年项目 | 城关镇 | negotiating 2025-03-01, signed 2025-04-01 | 4000万 | 4000万 |

Funds: F1 P1 03-10 7000万 verified 03-20; F2 P1 09-01 1000万 verified 11-10 (after
the month end: 待核实 as of 10-31); F3 P2 06-20 1200万 verified 06-30; F7 P7
2025-05-01 2000万 verified 2025-05-10.
Obstacles: O1 P2 deadline 09-30 open (31 days overdue on 10-31); O2 P1 deadline
09-01 resolved 11-05 (still overdue on 10-31: 60 days); O3 P2 deadline 11-15 (not
yet due); O4 P1 deadline 08-01 resolved 07-20 (done in time).
Trips: 城关镇 03-02 principal-led, 城关镇 05-05, 河口镇 08-01 principal-led;
2025-04-01 one trip last year.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from zhaoshang.activities.factories import TripFactory
from zhaoshang.projects.factories import ObstacleFactory
from zhaoshang.projects.factories import at_noon as at_noon
from zhaoshang.projects.factories import dated_fund as fund
from zhaoshang.projects.factories import dated_project as build
from zhaoshang.projects.models import Project
from zhaoshang.projects.models import Stage as S
from zhaoshang.targets.factories import PeriodFactory, TargetFactory

YEAR, MONTH = 2026, 10
AS_OF = date(2026, 10, 31)
ISSUED_ON = date(2026, 11, 5)


@pytest.fixture(autouse=True)
def _circular_settings(settings, tmp_path):
    # Tasks run in the test's own process, at once; files go to a throw-away folder.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class World:
    root: object
    township: object
    other_township: object
    department: object
    period: object
    p1: Project
    p2: Project
    p3: Project


@pytest.fixture
def world(county, bureau_user) -> World:
    d = date
    period = PeriodFactory(jurisdiction=county.root, name="2026年度")
    TargetFactory(period=period, unit=county.department, amount=10_000_000)
    p1 = build(
        bureau_user,
        county.township,
        {S.NEGOTIATING: d(2026, 1, 10), S.SIGNED: d(2026, 2, 15), S.STARTED: d(2026, 4, 1)},
        name="城关电子产业园",
        contract_amount=200_000_000,
    )
    p2 = build(
        bureau_user,
        county.other_township,
        {S.NEGOTIATING: d(2026, 2, 1), S.SIGNED: d(2026, 3, 10)},
        name="河口物流园",
        contract_amount=50_000_000,
        total_investment=600_000_000,
    )
    p3 = build(
        bureau_user,
        county.other_township,
        {S.NEGOTIATING: d(2026, 4, 1), S.SIGNED: d(2026, 5, 10)},
        name="河口农业项目",
        contract_amount=30_000_000,
    )
    p7 = build(
        bureau_user,
        county.township,
        {S.NEGOTIATING: d(2025, 3, 1), S.SIGNED: d(2025, 4, 1)},
        name="去年项目",
        contract_amount=40_000_000,
    )
    fund(p1, d(2026, 3, 10), 70_000_000, verified=d(2026, 3, 20))
    fund(p1, d(2026, 9, 1), 10_000_000, verified=d(2026, 11, 10))
    fund(p2, d(2026, 6, 20), 12_000_000, verified=d(2026, 6, 30))
    fund(p7, d(2025, 5, 1), 20_000_000, verified=d(2025, 5, 10))
    raised = at_noon(d(2026, 7, 1))
    ObstacleFactory(project=p2, deadline=d(2026, 9, 30), raised_at=raised, description="用地指标未落实")
    ObstacleFactory(project=p1, deadline=d(2026, 9, 1), raised_at=raised, resolved_at=at_noon(d(2026, 11, 5)), description="供电线路未接通")
    ObstacleFactory(project=p2, deadline=d(2026, 11, 15), raised_at=raised, description="环评批复未取得")
    ObstacleFactory(project=p1, deadline=d(2026, 8, 1), raised_at=raised, resolved_at=at_noon(d(2026, 7, 20)), description="熟练技工不足")
    TripFactory(unit=county.township, start_date=d(2026, 3, 2), is_principal_led=True)
    TripFactory(unit=county.township, start_date=d(2026, 5, 5))
    TripFactory(unit=county.other_township, start_date=d(2026, 8, 1), is_principal_led=True)
    TripFactory(unit=county.township, start_date=d(2025, 4, 1))
    return World(county.root, county.township, county.other_township, county.department, period, p1, p2, p3)
