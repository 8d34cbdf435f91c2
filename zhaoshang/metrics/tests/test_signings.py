"""签约项目数 with size bands, and 签约率 (table in conftest.py)."""

from decimal import Decimal

from zhaoshang.metrics import engine
from zhaoshang.metrics.periods import Scope, Span

from .conftest import AS_OF

YTD = Span.ytd(2026, 10)


def test_signed_count_of_the_county_counts_each_project_once(world):
    result = engine.signed_count(Scope.for_jurisdiction(world.root), YTD, AS_OF)
    # P1, P2, P3 (joint, once), P5; P4 never signed; P7 signed in 2025.
    assert result.total == 4
    # Total investment: P1 2亿, P2 6亿, P3 10亿, P5 $2000万 × 7.1 = 1.42亿
    assert result.bands == {"1yi": 4, "5yi": 2, "10yi": 1}


def test_signed_count_of_a_unit_counts_its_share(world):
    result = engine.signed_count(Scope.for_unit(world.township), YTD, AS_OF)
    # P1 1 + P3 0.6 + P5 1
    assert result.total == Decimal("2.6")
    assert result.bands == {"1yi": Decimal("2.6"), "5yi": Decimal("0.6"), "10yi": Decimal("0.6")}


def test_a_usd_project_is_banded_at_the_years_rate(world):
    from zhaoshang.projects.models import ExchangeRate

    # At 4.9 元/$ P5's $2000万 is 9800万元: below 1亿.
    ExchangeRate.objects.filter(year=2026).update(rate="4.900000")
    result = engine.signed_count(Scope.for_jurisdiction(world.root), Span.month(2026, 7), AS_OF)
    assert (result.total, result.bands["1yi"]) == (1, 0)


def test_signing_rate_of_the_county(world):
    # Entered 洽谈 in 2026 by 10-31: P1, P2, P3, P4, P5 (5); signed by then: all but P4 (4).
    rate = engine.signing_rate(Scope.for_jurisdiction(world.root), YTD, AS_OF)
    assert (rate.numerator, rate.denominator, rate.value) == (4, 5, Decimal("0.8"))


def test_signing_rate_of_a_unit_weights_by_share(world):
    # 城关镇 entered: P1 1 + P3 0.6 + P4 1 + P5 1 = 3.6; signed: 2.6 → 2.6 / 3.6 = 0.72222…
    rate = engine.signing_rate(Scope.for_unit(world.township), YTD, AS_OF)
    assert rate.value == Decimal("0.7222")


def test_signing_rate_without_negotiations_is_none(world):
    assert engine.signing_rate(Scope.for_unit(world.department), YTD, AS_OF).value is None


def test_signing_rate_counts_only_signings_by_the_periods_end(world):
    # Q1 2026: entered P1 (01-10), P5 (01-20), P2 (02-01), P3 (03-01); signed by 03-31: P1, P2.
    rate = engine.signing_rate(Scope.for_jurisdiction(world.root), Span.quarter(2026, 1), AS_OF)
    assert rate.value == Decimal("0.5")
