"""Division defaults and overrides, and the decomposition of a unit's target."""

import pytest

from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.organisation.models import UnitKind
from zhaoshang.targets.factories import TargetFactory
from zhaoshang.targets.models import decompose, effective_targets


def _table(period, kind="funds_arrived"):
    return {u.name: (u.target_amount, u.target_is_default) for u in effective_targets(period, kind)}


def test_a_division_member_without_its_own_target_gets_the_default_quota(county, period, target):
    # 城关镇 overrides with 4000万; 河口镇 takes 一赛区's 6000万; units outside divisions have none.
    assert _table(period) == {"城关镇": (40_000_000, False), "河口镇": (60_000_000, True)}


def test_defaults_apply_to_funds_arrived_only(county, period, target):
    TargetFactory(period=period, kind="contract_amount", unit=county.department, amount=500_000_000)
    assert _table(period, "contract_amount") == {"县经信局": (500_000_000, False)}


def test_another_periods_targets_do_not_count(county, period, target):
    from zhaoshang.targets.factories import PeriodFactory

    other = PeriodFactory(jurisdiction=county.root, name="百日会战")
    assert _table(other) == {"城关镇": (60_000_000, True), "河口镇": (60_000_000, True)}


@pytest.fixture
def villages(county, period, target):
    east = UnitFactory(parent=county.township, name="东村", kind=UnitKind.SECTION, sort_order=1)
    UnitFactory(parent=county.township, name="西村", kind=UnitKind.SECTION, sort_order=2)
    TargetFactory(period=period, unit=east, amount=25_000_000)
    return east


def test_decomposition_shows_children_sum_and_difference(county, period, villages):
    result = decompose(period, "funds_arrived", county.township)
    assert (result.own.amount, result.own.is_default) == (40_000_000, False)
    # 东村 2500万; 西村 none yet → Σ 2500万, 4000万 − 2500万 = 1500万 not yet handed down.
    assert [(c.holder.name, c.amount) for c in result.children] == [("东村", 25_000_000), ("西村", None)]
    assert (result.children_sum, result.difference) == (25_000_000, 15_000_000)


def test_decomposition_of_the_county_lists_defaults(county, period, target):
    result = decompose(period, "funds_arrived", county.root)
    # The county itself has no target: no difference, the children still listed.
    assert result.own.amount is None and result.difference is None
    assert [(c.holder.name, c.amount, c.is_default) for c in result.children if c.amount] == [
        ("城关镇", 40_000_000, False),
        ("河口镇", 60_000_000, True),
    ]
