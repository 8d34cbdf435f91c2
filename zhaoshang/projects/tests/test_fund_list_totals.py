"""The 合计 of a fund list converts USD at each year's configured rate exactly and
rounds once, as the dashboard does, so the list adds up to the figure it drills
down from. Figures by hand."""

from datetime import date

from zhaoshang.projects.factories import ExchangeRateFactory, FundEntryFactory, ProjectFactory
from zhaoshang.projects.models import Currency, FundEntry, FundStatus
from zhaoshang.projects.summaries import list_totals


def entry(project, day: date, amount: int, currency: str = Currency.USD, status: str = FundStatus.VERIFIED):
    return FundEntryFactory(project=project, date=day, amount=amount, currency=currency, status=status)


def test_usd_is_converted_per_year_and_rounded_once(db):
    ExchangeRateFactory(year=2025, rate="7.100000")
    ExchangeRateFactory(year=2026, rate="7.000000")
    project = ProjectFactory()
    # $0.35 twice in 2025: 2 × 35 × 7.1 / 100 = 4.97 元 → 5 元 (rounding each, 2.485 → 2, would give 4);
    # $1.00 in 2026 at 7.0 = 7 元; plus 100 元.
    entry(project, date(2025, 3, 1), 35)
    entry(project, date(2025, 4, 1), 35)
    entry(project, date(2026, 2, 1), 100)
    entry(project, date(2026, 2, 1), 100, currency=Currency.CNY)
    verified = list_totals(FundEntry.objects.all())["verified"]
    assert (verified.cny, verified.usd, verified.converted.yuan) == (100, 170, 112)
    assert verified.converted.missing_rates == ()


def test_a_year_without_a_rate_is_left_out_of_the_total_and_named(db):
    project = ProjectFactory()
    entry(project, date(2024, 5, 1), 10_000)  # $100, no 2024 rate
    entry(project, date(2024, 5, 1), 300, currency=Currency.CNY, status=FundStatus.REPORTED)
    totals = list_totals(FundEntry.objects.all())
    assert (totals["verified"].usd, totals["verified"].converted.yuan, totals["verified"].converted.missing_rates) == (10_000, 0, (2024,))
    assert (totals["pending"].cny, totals["pending"].converted.yuan) == (300, 300)
