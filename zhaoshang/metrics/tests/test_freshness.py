"""The figure cache (metrics/freshness.py): a cached figure is served until a
commit changes the data of its county, and then never again. Expected figures
come from the hand-worked table in conftest.py."""

from datetime import date

import pytest
from django.core.cache import cache

from zhaoshang.dashboard import board
from zhaoshang.metrics import engine, freshness
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.organisation.factories import PersonFactory, UnitFactory
from zhaoshang.organisation.models import UnitKind
from zhaoshang.projects.factories import ExchangeRateFactory
from zhaoshang.projects.models import FundEntry, FundStatus
from zhaoshang.targets.factories import PeriodFactory, TargetFactory

from .conftest import AS_OF, at_noon

YTD = Span.ytd(2026, 10)
# conftest: F1 3000万 + F3 2000万 + F4 710万 + F7 100万 verified by 10-31
COUNTY_FUNDS = 30_000_000 + 20_000_000 + 7_100_000 + 1_000_000


@pytest.fixture
def caching(settings):
    settings.METRICS_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def verify_f5(world) -> None:
    """F5 (P2, 09-15, 500万) was only reported; the bureau verifies it on 10-20."""
    entry = FundEntry.objects.get(project=world.p2, amount=5_000_000)
    entry.status, entry.approved_at, entry.verified_at = FundStatus.VERIFIED, at_noon(date(2026, 10, 20)), at_noon(date(2026, 10, 20))
    entry.save()


def county_funds(world) -> int:
    return engine.summary(Scope.for_jurisdiction(world.root), YTD, AS_OF).figures["funds_arrived"].value


def test_a_cached_summary_is_replaced_once_a_change_commits(world, caching, django_capture_on_commit_callbacks):
    assert county_funds(world) == COUNTY_FUNDS
    with django_capture_on_commit_callbacks(execute=True):
        verify_f5(world)
    assert county_funds(world) == COUNTY_FUNDS + 5_000_000


def test_until_the_commit_the_cached_figure_is_served(world, caching, django_capture_on_commit_callbacks):
    # The change is not committed (its on-commit hook does not run): the cache,
    # not the database, answers — which is what makes it fast.
    assert county_funds(world) == COUNTY_FUNDS
    with django_capture_on_commit_callbacks(execute=False):
        verify_f5(world)
    assert county_funds(world) == COUNTY_FUNDS


def test_with_the_cache_off_every_call_computes(world, settings):
    settings.METRICS_CACHE_SECONDS = 0
    assert county_funds(world) == COUNTY_FUNDS
    verify_f5(world)
    assert county_funds(world) == COUNTY_FUNDS + 5_000_000


def test_a_warm_summary_costs_one_query(world, caching, django_assert_num_queries):
    county_funds(world)
    with django_assert_num_queries(1):  # the data versions
        assert county_funds(world) == COUNTY_FUNDS


def test_a_fund_entry_bumps_the_counties_of_its_projects_credits(world, django_capture_on_commit_callbacks):
    root = world.root.path[:4]
    before = dict(freshness.versions([root]))
    with django_capture_on_commit_callbacks(execute=True):
        verify_f5(world)
    after = dict(freshness.versions([root]))
    assert after[root] == before[root] + 1
    assert after[freshness.EVERYWHERE] == before[freshness.EVERYWHERE]


def test_another_countys_change_leaves_this_county_cached(world, django_capture_on_commit_callbacks):
    other = UnitFactory(name="邻县", kind=UnitKind.COUNTY)
    here, there = world.root.path[:4], other.path[:4]
    before = dict(freshness.versions([here, there]))
    with django_capture_on_commit_callbacks(execute=True):
        PersonFactory(unit=UnitFactory(parent=other, name="邻县某镇"))
    after = dict(freshness.versions([here, there]))
    assert after[here] == before[here]
    assert after[there] == before[there] + 1  # the township and the person: once per commit


def test_two_commits_bump_twice(world, django_capture_on_commit_callbacks):
    root = world.root.path[:4]
    before = dict(freshness.versions([root]))[root]
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            verify_f5(world)
    assert dict(freshness.versions([root]))[root] == before + 2


def test_an_exchange_rate_bumps_every_county(world, django_capture_on_commit_callbacks):
    before = dict(freshness.versions([]))
    with django_capture_on_commit_callbacks(execute=True):
        ExchangeRateFactory(year=2024, rate="7.000000")
    assert dict(freshness.versions([]))[freshness.EVERYWHERE] == before[freshness.EVERYWHERE] + 1


def test_a_target_bumps_its_county_through_its_period(world, django_capture_on_commit_callbacks):
    root = world.root.path[:4]
    period = PeriodFactory(jurisdiction=world.root)
    before = dict(freshness.versions([root]))[root]
    with django_capture_on_commit_callbacks(execute=True):
        TargetFactory(period=period, unit=None, person=PersonFactory(unit=world.township))
    assert dict(freshness.versions([root]))[root] > before


def test_the_dashboard_follows_a_committed_change(world, caching, django_capture_on_commit_callbacks):
    scope = Scope.for_jurisdiction(world.root)
    first = board.build(scope, YTD, AS_OF, whole=True)
    assert first.summary.figures["funds_arrived"].value == COUNTY_FUNDS
    assert board.build(scope, YTD, AS_OF, whole=True).summary.figures["funds_arrived"].value == COUNTY_FUNDS
    with django_capture_on_commit_callbacks(execute=True):
        verify_f5(world)
    assert board.build(scope, YTD, AS_OF, whole=True).summary.figures["funds_arrived"].value == COUNTY_FUNDS + 5_000_000
