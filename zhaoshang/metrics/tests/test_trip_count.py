"""trip_count (外出招商批次) through the engine: batches in the span up to as_of, the
share led by principal leaders, and 同比. Expected values are counted by hand.

Trips (start dates):
  城关镇  2026-02-10 principal, 2026-03-05, 2026-11-20 (after as_of 10-31)
  招商组  2026-05-01 principal (under 城关镇)
  河口镇  2026-04-01
  城关镇  2025-03-01 principal (last year)
"""

from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.activities.factories import TripFactory
from zhaoshang.metrics import engine
from zhaoshang.metrics.activity import trip_count
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.organisation.factories import PersonFactory, UnitFactory
from zhaoshang.organisation.models import LeaderBody, UnitKind

AS_OF = date(2026, 10, 31)


@pytest.fixture
def trips(county):
    section = UnitFactory(parent=county.township, name="城关镇招商组", kind=UnitKind.SECTION)
    chief = PersonFactory(name="县长", unit=county.root, leader_body=LeaderBody.GOVERNMENT)
    staff = PersonFactory(name="科员", unit=county.township)
    TripFactory(unit=county.township, start_date=date(2026, 2, 10), leaders=[chief, staff])
    TripFactory(unit=county.township, start_date=date(2026, 3, 5), leaders=[staff])
    TripFactory(unit=county.township, start_date=date(2026, 11, 20), end_date=date(2026, 11, 22), leaders=[chief])
    TripFactory(unit=section, start_date=date(2026, 5, 1), leaders=[chief])
    TripFactory(unit=county.other_township, start_date=date(2026, 4, 1), leaders=[staff])
    TripFactory(unit=county.township, start_date=date(2025, 3, 1), leaders=[chief])
    return county


def test_a_unit_counts_its_subtree_trips_up_to_the_as_of_date(trips):
    stats = trip_count(Scope.for_unit(trips.township), Span.ytd(2026, 12), AS_OF)
    # 02-10, 03-05, the section's 05-01; 11-20 is after as_of
    assert (stats.batches, stats.principal_led, stats.principal_share) == (3, 2, Decimal("0.6667"))


def test_the_jurisdiction_counts_every_unit_once(trips):
    stats = trip_count(Scope.for_jurisdiction(trips.root), Span.ytd(2026, 10), AS_OF)
    assert (stats.batches, stats.principal_led) == (4, 2)


def test_the_summary_reports_trips_with_yoy(trips):
    figures = engine.summary(Scope.for_unit(trips.township), Span.ytd(2026, 10), AS_OF).figures
    # 3 this year against 1 last year (2025-03-01): +200%
    assert (figures["trip_count"].value, figures["trip_count"].last_year, figures["trip_count"].yoy) == (3, 1, Decimal("2"))
    assert figures["trip_principal_share"].value == Decimal("0.6667")
    assert figures["trip_principal_share"].last_year == Decimal("1")


def test_a_unit_without_trips_has_zero_batches_and_no_share(trips):
    figures = engine.summary(Scope.for_unit(trips.department), Span.month(2026, 3), AS_OF).figures
    assert figures["trip_count"].value == 0
    assert figures["trip_principal_share"].value is None
    assert figures["trip_count"].yoy is None
