"""资金到位率, 开工率, 投产率 on a signed cohort (table in conftest.py)."""

from datetime import date
from decimal import Decimal

from zhaoshang.metrics import engine
from zhaoshang.metrics.periods import Scope, Span

from .conftest import AS_OF

COHORT = Span.ytd(2026, 10)  # signed in 2026: P1, P2, P3, P5


def test_start_rate_is_the_started_share_of_the_cohort(world):
    # Started: P1 (04-01), P3 (06-10) → 2 / 4
    rate = engine.start_rate(Scope.for_jurisdiction(world.root), COHORT, AS_OF)
    assert (rate.numerator, rate.denominator, rate.value) == (2, 4, Decimal("0.5"))


def test_production_rate_is_the_producing_share_of_the_cohort(world):
    # Producing: P3 only → 1 / 4
    assert engine.production_rate(Scope.for_jurisdiction(world.root), COHORT, AS_OF).value == Decimal("0.25")


def test_cohort_rates_of_a_unit_weight_by_share(world):
    # 河口镇's cohort: P2 1 + P3 0.4 = 1.4; started: P3 0.4 → 0.4 / 1.4 = 0.285714…
    assert engine.start_rate(Scope.for_unit(world.other_township), COHORT, AS_OF).value == Decimal("0.2857")


def test_arrival_rate_divides_verified_arrivals_by_contracts(world):
    # Arrived (verified by 10-31) for P1, P2, P3, P5: 3000万 + 0 + 2000万 + 710万 = 5710万;
    # contracts 4.21亿 → 57,100,000 / 421,000,000 = 0.135629…
    rate = engine.arrival_rate(Scope.for_jurisdiction(world.root), COHORT, AS_OF)
    assert (rate.numerator, rate.denominator, rate.value) == (57_100_000, 421_000_000, Decimal("0.1356"))


def test_last_years_cohort_can_be_chosen(world):
    # 2025 cohort: P7 (4000万), 800万 arrived → 0.2
    assert engine.arrival_rate(Scope.for_jurisdiction(world.root), Span.ytd(2025, 12), AS_OF).value == Decimal("0.2")


def test_a_voided_stage_event_stops_counting_from_when_it_was_voided(world, bureau_user):
    from zhaoshang.projects import actions

    # The bureau sets P3 back to 签约: its 开工/投产 events are voided today.
    actions.do_correct_stage(world.p3, "signed", "开工认定有误，现场未动工", bureau_user)
    county = Scope.for_jurisdiction(world.root)
    # As of 10-31 the record still showed P3 started (2 / 4) …
    assert engine.start_rate(county, COHORT, AS_OF).value == Decimal("0.5")
    # … as of today only P1 has started (1 / 4) and nobody produces.
    today = date.today()
    assert engine.start_rate(county, COHORT, today).value == Decimal("0.25")
    assert engine.production_rate(county, COHORT, today).value == Decimal("0")
