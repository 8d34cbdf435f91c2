"""Grouped engine figures for the dashboard: signings by industry (and the other
project fields) and verified funds per month. Expected values by hand from the
fixed county in conftest.py, with industries set here:
P1 新材料 (城关 2亿), P2 新材料 (河口 5000万), P3 装备制造 (城关60%/河口40% 1亿),
P5 电子信息 (城关 $1000万 = 7100万元)."""

from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.metrics import engine
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.projects.models import Project

from .conftest import AS_OF

YEAR_2026 = Span.range(date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def industries(world):
    for project, industry in ((world.p1, "新材料"), (world.p2, "新材料"), (world.p3, "装备制造"), (world.p5, "电子信息")):
        Project.objects.filter(pk=project.pk).update(industry=industry)
    return world


def test_signings_by_industry_for_the_jurisdiction_count_each_project_once(industries):
    rows = engine.signing_breakdowns(Scope.for_jurisdiction(industries.root), Span.ytd(2026, 10), AS_OF)["industry"]
    assert [(r.key, r.count, r.contract.yuan) for r in rows] == [
        ("新材料", Decimal(2), 250_000_000),
        ("装备制造", Decimal(1), 100_000_000),
        ("电子信息", Decimal(1), 71_000_000),
    ]


def test_signings_by_industry_for_a_unit_weigh_joint_projects_by_share(industries):
    rows = engine.signing_breakdowns(Scope.for_unit(industries.township), Span.ytd(2026, 10), AS_OF)["industry"]
    assert [(r.key, r.count, r.contract.yuan) for r in rows] == [
        ("新材料", Decimal(1), 200_000_000),
        ("电子信息", Decimal(1), 71_000_000),
        ("装备制造", Decimal("0.6"), 60_000_000),
    ]


def test_signings_by_category_group_unset_fields_under_blank(world):
    rows = engine.signing_breakdowns(Scope.for_jurisdiction(world.root), Span.month(2026, 3), AS_OF)["region"]
    # Only P2 signed in March; no region recorded.
    assert [(r.key, r.count, r.contract.yuan) for r in rows] == [("", Decimal(1), 50_000_000)]


def test_funds_by_month_counts_verified_entries_by_the_as_of_date(world):
    months = engine.funds_by_month(Scope.for_unit(world.township), YEAR_2026, AS_OF)
    # F1 3000万 March; F2 verified after as_of is left out; F3 60% of 2000万 in June;
    # F7 100万 of the section in July; F4 $100万 = 710万元 in August.
    assert {m.month: v.yuan for m, v in months.items()} == {3: 30_000_000, 6: 12_000_000, 7: 1_000_000, 8: 7_100_000}


def test_funds_by_month_last_year(world):
    months = engine.funds_by_month(Scope.for_jurisdiction(world.root), Span.range(date(2025, 1, 1), date(2025, 12, 31)), AS_OF)
    assert {m: v.yuan for m, v in months.items()} == {date(2025, 9, 1): 8_000_000}


def test_funds_by_month_of_two_years_in_one_reading(world, django_assert_num_queries):
    with django_assert_num_queries(2):  # the entries, and the exchange rates for F4
        months = engine.funds_by_month(Scope.for_jurisdiction(world.root), Span.range(date(2025, 1, 1), date(2026, 12, 31)), AS_OF)
    # F6 800万 2025-09; 2026: F1 3000万, F3 2000万, F7 100万, F4 710万.
    assert {m: v.yuan for m, v in months.items()} == {
        date(2025, 9, 1): 8_000_000,
        date(2026, 3, 1): 30_000_000,
        date(2026, 6, 1): 20_000_000,
        date(2026, 7, 1): 1_000_000,
        date(2026, 8, 1): 7_100_000,
    }


def test_all_four_breakdowns_come_from_one_reading(industries, django_assert_num_queries):
    with django_assert_num_queries(2):  # the signings, and the exchange rates for P5
        result = engine.signing_breakdowns(Scope.for_jurisdiction(industries.root), Span.ytd(2026, 10), AS_OF)
    assert set(result) == {"industry", "region", "investor_kind", "category"}
    # No regions recorded: all four signings under one blank key, 4.21亿 in all.
    assert [(r.key, r.count, r.contract.yuan) for r in result["region"]] == [("", Decimal(4), 421_000_000)]
