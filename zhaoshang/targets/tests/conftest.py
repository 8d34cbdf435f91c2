import pytest

from zhaoshang.targets.factories import PeriodFactory, TargetFactory


@pytest.fixture
def period(county):
    return PeriodFactory(jurisdiction=county.root, name="2026年度")


@pytest.fixture
def target(period, county):
    """城关镇's own 到位资金 target of 4000万元."""
    return TargetFactory(period=period, unit=county.township, amount=40_000_000)
