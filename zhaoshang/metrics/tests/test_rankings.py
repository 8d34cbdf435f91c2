"""Rankings: by completion rate, ties by amount, shared ranks, units without targets
last, empty divisions, movement since the end of last month."""

from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.metrics import rankings
from zhaoshang.organisation.factories import DivisionFactory, UnitFactory
from zhaoshang.projects.factories import ProjectFactory
from zhaoshang.targets.models import Period, Target

from .conftest import fund

AS_OF = date(2026, 10, 31)


@pytest.fixture
def race(county):
    """一赛区 (default 6000万): 城关镇 own 3000万, 河口镇 default, 东坝乡 own 4000万.
    Verified funds: 城关镇 1500万 (March), 河口镇 600万 (May), 东坝乡 2000万 dated
    09-10 but verified only on 10-05."""
    division = county.township.division
    dongba = UnitFactory(parent=county.root, name="东坝乡", division=division, sort_order=3)
    period = Period.objects.create(jurisdiction=county.root, name="2026年度", start=date(2026, 1, 1), end=date(2026, 12, 31))
    Target.objects.create(period=period, kind="funds_arrived", unit=county.township, amount=30_000_000)
    Target.objects.create(period=period, kind="funds_arrived", unit=dongba, amount=40_000_000)
    fund(ProjectFactory(introducing_unit=county.township), date(2026, 3, 1), 15_000_000, verified=date(2026, 3, 2))
    fund(ProjectFactory(introducing_unit=county.other_township), date(2026, 5, 1), 6_000_000, verified=date(2026, 5, 2))
    fund(ProjectFactory(introducing_unit=dongba), date(2026, 9, 10), 20_000_000, verified=date(2026, 10, 5))
    county.dongba, county.period, county.division = dongba, period, division
    return county


def _table(ranking):
    return [(row.unit.name, row.rank, row.rate, row.actual, row.behind, row.movement, row.note) for row in ranking.rows]


def test_a_division_ranks_by_rate_then_amount_and_shows_movement(race, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        result = rankings.ranking(race.period, AS_OF, race.division)
    # 东坝乡 2000/4000 = 50%, 城关镇 1500/3000 = 50% (less money: second), 河口镇 600/6000 = 10%.
    # Time progress on 10-31 is 83.29%: all three are behind schedule.
    # As of 09-30 东坝乡 had nothing verified: 城关镇 1, 河口镇 2, 东坝乡 3.
    assert _table(result) == [
        ("东坝乡", 1, Decimal("0.5"), 20_000_000, True, 2, ""),
        ("城关镇", 2, Decimal("0.5"), 15_000_000, True, -1, ""),
        ("河口镇", 3, Decimal("0.1"), 6_000_000, True, -1, ""),
    ]
    assert result.rows[2].is_default and not result.rows[0].is_default
    assert (result.units_done, result.units_with_target, result.behind_count) == (0, 3, 3)


def test_equal_rate_and_amount_share_a_rank_in_sort_order(race):
    # Both end at 2500万 of 3000万: 城关镇 1500万 + 1000万, 东坝乡 2000万 + 500万.
    Target.objects.filter(unit=race.dongba).update(amount=30_000_000)
    fund(ProjectFactory(introducing_unit=race.township), date(2026, 10, 3), 10_000_000, verified=date(2026, 10, 4))
    fund(ProjectFactory(introducing_unit=race.dongba), date(2026, 10, 1), 5_000_000, verified=date(2026, 10, 2))
    result = rankings.ranking(race.period, AS_OF, race.division)
    # One shared rank; 城关镇 (sort order 0) listed before 东坝乡 (3); 河口镇 third.
    assert [(r.unit.name, r.rank, r.rate) for r in result.rows] == [
        ("城关镇", 1, Decimal("0.8333")),
        ("东坝乡", 1, Decimal("0.8333")),
        ("河口镇", 3, Decimal("0.1")),
    ]


def test_units_without_a_target_come_last(race):
    period = Period.objects.create(
        jurisdiction=race.root, name="合同引资专项", start=date(2026, 1, 1), end=date(2026, 12, 31), primary_kind="contract_amount"
    )
    Target.objects.create(period=period, kind="contract_amount", unit=race.other_township, amount=100_000_000)
    result = rankings.ranking(period, AS_OF, race.division)
    # Only 河口镇 has a contract target; nothing was signed → 0%, 1st of 1 now and a month ago.
    assert _table(result) == [
        ("河口镇", 1, Decimal("0"), 0, True, 0, ""),
        ("城关镇", None, None, None, False, None, "未下达任务"),
        ("东坝乡", None, None, None, False, None, "未下达任务"),
    ]


def test_an_empty_division_has_an_empty_ranking(race):
    DivisionFactory(jurisdiction=race.root, name="二赛区", sort_order=2)
    DivisionFactory(jurisdiction=race.root, name="赛区外", competes=False, sort_order=9)
    result = rankings.division_rankings(race.period, AS_OF)
    # Competing divisions only: 一赛区 with three units, 二赛区 with none.
    assert [(r.division.name, len(r.rows)) for r in result] == [("一赛区", 3), ("二赛区", 0)]


def test_a_non_competing_division_is_not_ranked(race):
    outside = DivisionFactory(jurisdiction=race.root, name="赛区外", competes=False)
    with pytest.raises(ValueError, match="不参加排名"):
        rankings.ranking(race.period, AS_OF, outside)


def test_the_overall_ranking_adds_units_with_their_own_target(race):
    Target.objects.create(period=race.period, kind="funds_arrived", unit=race.department, amount=10_000_000)
    fund(ProjectFactory(introducing_unit=race.department), date(2026, 6, 1), 12_000_000, verified=date(2026, 6, 2))
    result = rankings.ranking(race.period, AS_OF)
    # 县经信局 1200/1000 = 120% leads and is done; the bureau (no division, no target) is not listed.
    assert [(r.unit.name, r.rank) for r in result.rows] == [("县经信局", 1), ("东坝乡", 2), ("城关镇", 3), ("河口镇", 4)]
    assert result.units_done == 1 and not result.rows[0].behind


def test_a_past_ranking_is_reproducible(race):
    # On 09-30 the 10-05 verification had not happened.
    result = rankings.ranking(race.period, date(2026, 9, 30), race.division)
    assert [(r.unit.name, r.rank, r.actual) for r in result.rows] == [
        ("城关镇", 1, 15_000_000),
        ("河口镇", 2, 6_000_000),
        ("东坝乡", 3, 0),
    ]


def test_every_division_is_ranked_from_one_reading(race, django_assert_max_num_queries):
    # A second division (default quota 6000万): 北山镇 own 1000万 with 900万 verified
    # in June, 南湖镇 held to the default with nothing.
    second = DivisionFactory(jurisdiction=race.root, name="二赛区", sort_order=2)
    beishan = UnitFactory(parent=race.root, name="北山镇", division=second)
    UnitFactory(parent=race.root, name="南湖镇", division=second)
    Target.objects.create(period=race.period, kind="funds_arrived", unit=beishan, amount=10_000_000)
    fund(ProjectFactory(introducing_unit=beishan), date(2026, 6, 1), 9_000_000, verified=date(2026, 6, 2))
    # Divisions, units, targets, and one query for the actuals now and at the end of September.
    with django_assert_max_num_queries(5):
        first, other = rankings.division_rankings(race.period, AS_OF)
    # Ranks run within each division: 北山镇 first of 二赛区 with 90% (ahead of the
    # 83.29% time progress), 南湖镇 second with 0%; both as at the end of September.
    assert _table(other) == [("北山镇", 1, Decimal("0.9"), 9_000_000, False, 0, ""), ("南湖镇", 2, Decimal(0), 0, True, 0, "")]
    assert _table(first) == _table(rankings.ranking(race.period, AS_OF, race.division))
    assert [row.unit.name for row in first.rows] == ["东坝乡", "城关镇", "河口镇"]
