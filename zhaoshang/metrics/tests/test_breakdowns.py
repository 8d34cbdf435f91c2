"""Grouped engine figures for the dashboard: signings by industry (and the other
project fields) and verified funds per month. Expected values by hand from the
fixed county in conftest.py, with industries set here:
P1 新材料 (城关 2亿), P2 新材料 (河口 5000万), P3 装备制造 (城关60%/河口40% 1亿),
P5 电子信息 (城关 $1000万 = 7100万元)."""

from decimal import Decimal

import pytest

from zhaoshang.metrics import engine
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.projects.models import Project

from .conftest import AS_OF


@pytest.fixture
def industries(world):
    for project, industry in ((world.p1, "新材料"), (world.p2, "新材料"), (world.p3, "装备制造"), (world.p5, "电子信息")):
        Project.objects.filter(pk=project.pk).update(industry=industry)
    return world


def test_signings_by_industry_for_the_jurisdiction_count_each_project_once(industries):
    rows = engine.signings_by("industry", Scope.for_jurisdiction(industries.root), Span.ytd(2026, 10), AS_OF)
    assert [(r.key, r.count, r.contract.yuan) for r in rows] == [
        ("新材料", Decimal(2), 250_000_000),
        ("装备制造", Decimal(1), 100_000_000),
        ("电子信息", Decimal(1), 71_000_000),
    ]


def test_signings_by_industry_for_a_unit_weigh_joint_projects_by_share(industries):
    rows = engine.signings_by("industry", Scope.for_unit(industries.township), Span.ytd(2026, 10), AS_OF)
    assert [(r.key, r.count, r.contract.yuan) for r in rows] == [
        ("新材料", Decimal(1), 200_000_000),
        ("电子信息", Decimal(1), 71_000_000),
        ("装备制造", Decimal("0.6"), 60_000_000),
    ]


def test_signings_by_category_group_unset_fields_under_blank(world):
    rows = engine.signings_by("region", Scope.for_jurisdiction(world.root), Span.month(2026, 3), AS_OF)
    # Only P2 signed in March; no region recorded.
    assert [(r.key, r.count, r.contract.yuan) for r in rows] == [("", Decimal(1), 50_000_000)]


def test_funds_by_month_counts_verified_entries_by_the_as_of_date(world):
    months = engine.funds_by_month(Scope.for_unit(world.township), 2026, AS_OF)
    # F1 3000万 March; F2 verified after as_of is left out; F3 60% of 2000万 in June;
    # F7 100万 of the section in July; F4 $100万 = 710万元 in August.
    assert {m: v.yuan for m, v in months.items()} == {3: 30_000_000, 6: 12_000_000, 7: 1_000_000, 8: 7_100_000}


def test_funds_by_month_last_year(world):
    months = engine.funds_by_month(Scope.for_jurisdiction(world.root), 2025, AS_OF)
    assert {m: v.yuan for m, v in months.items()} == {9: 8_000_000}
