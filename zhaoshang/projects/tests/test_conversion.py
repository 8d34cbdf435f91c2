"""One USD→元 rule (docs/domain.md §6): cents × the year's rate ÷ 100, rounded half up
to the 元 — for a single amount (ExchangeRate.to_cny, the fund section), for the
亿元以上 flag and the size-band filters (investing_at_least), and for sums
(projects.money, the engine's figures and the lists' 合计)."""

from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.core.money import YI, min_minor_for, minor_to_yuan
from zhaoshang.projects import summaries
from zhaoshang.projects.factories import ExchangeRateFactory, FundEntryFactory, ProjectFactory
from zhaoshang.projects.models import Currency, ExchangeRate, Project, investing_at_least
from zhaoshang.projects.money import in_yuan

# Ties go up: 2.5 → 3, 4.5 → 5 (half-even would give 2 and 4), 1.5 → 2; 88.75 → 89.
HALVES = [(250, "1.000000", 3), (30, "15.000000", 5), (150, "1.000000", 2), (1_250, "7.100000", 89)]


@pytest.mark.parametrize(("cents", "rate", "yuan"), HALVES)
def test_a_half_yuan_rounds_up(cents, rate, yuan):
    assert minor_to_yuan(cents, Decimal(rate)) == yuan


@pytest.mark.parametrize(("cents", "rate", "yuan"), HALVES)
def test_every_caller_converts_an_amount_alike(cents, rate, yuan, db):
    ExchangeRateFactory(year=2026, currency=Currency.USD, rate=rate)
    entry = FundEntryFactory(currency=Currency.USD, amount=cents, date=date(2026, 5, 1))
    rates = {(2026, Currency.USD): Decimal(rate)}
    assert ExchangeRate.to_cny(cents, Currency.USD, 2026) == yuan
    assert entry.amount_cny() == yuan
    assert summaries.to_cny(entry, rates) == yuan
    assert in_yuan([(Currency.USD, 2026, cents)]).yuan == yuan


@pytest.mark.parametrize("rate", ["7.100000", "6.912345", "1.000000"])
def test_the_threshold_in_cents_is_the_least_that_converts_to_it(rate):
    rate = Decimal(rate)
    least = min_minor_for(YI, rate)
    assert minor_to_yuan(least, rate) >= YI > minor_to_yuan(least - 1, rate)


def test_the_yi_plus_flag_and_the_filter_agree_at_the_edge(county, db):
    ExchangeRateFactory(year=2026, currency=Currency.USD, rate="7.100000")
    least = min_minor_for(YI, Decimal("7.1"))
    edge = ProjectFactory(currency=Currency.USD, total_investment=least, signed_on=date(2026, 3, 1))
    below = ProjectFactory(currency=Currency.USD, total_investment=least - 1, signed_on=date(2026, 3, 1))
    assert (edge.compute_is_yi_plus(), below.compute_is_yi_plus()) == (True, False)
    assert set(Project.objects.filter(investing_at_least(YI)).filter(pk__in=[edge.pk, below.pk])) == {edge}


def test_a_year_without_a_rate_matches_no_foreign_project(county, db):
    ExchangeRateFactory(year=2026, currency=Currency.USD, rate="7.100000")
    unrated = ProjectFactory(currency=Currency.USD, total_investment=10**12, signed_on=date(2024, 3, 1))
    assert not Project.objects.filter(investing_at_least(YI), pk=unrated.pk).exists()
    assert not unrated.compute_is_yi_plus()
