"""同比 and 环比, and the summary that carries every §6 key (table in conftest.py)."""

from datetime import date
from decimal import Decimal

from zhaoshang.metrics import engine
from zhaoshang.metrics.periods import Scope, Span

from .conftest import AS_OF


def test_yoy_of_the_county_funds(world):
    summary = engine.summary(Scope.for_jurisdiction(world.root), Span.ytd(2026, 10), AS_OF)
    funds = summary.figures["funds_arrived"]
    # 2026 1-10月 5810万; 2025 1-10月 800万 (F6) → (5810 − 800) / 800 = 6.2625
    assert (funds.value, funds.last_year, funds.yoy) == (58_100_000, 8_000_000, Decimal("6.2625"))


def test_yoy_with_a_zero_base_is_none(world):
    summary = engine.summary(Scope.for_unit(world.township), Span.ytd(2026, 10), AS_OF)
    # 城关镇 had nothing in 2025: no growth rate, shown as —
    assert summary.figures["funds_arrived"].last_year == 0
    assert summary.figures["funds_arrived"].yoy is None


def test_mom_compares_with_the_previous_month(world):
    summary = engine.summary(Scope.for_jurisdiction(world.root), Span.month(2026, 7), AS_OF)
    funds = summary.figures["funds_arrived"]
    # July: F7 100万; June: F3 2000万 → (100 − 2000) / 2000 = −0.95
    assert (funds.value, funds.previous, funds.mom) == (1_000_000, 20_000_000, Decimal("-0.95"))


def test_mom_with_an_empty_previous_month_is_none(world):
    # June 2000万 after an empty May
    funds = engine.summary(Scope.for_jurisdiction(world.root), Span.month(2026, 6), AS_OF).figures["funds_arrived"]
    assert (funds.previous, funds.mom) == (0, None)


def test_the_summary_has_every_metric_key(world):
    summary = engine.summary(Scope.for_jurisdiction(world.root), Span.ytd(2026, 10), AS_OF)
    assert set(summary.figures) == set(engine.METRIC_KEYS)
    # No trips in this data set: zero batches, and no share of zero (—).
    assert summary.figures["trip_count"].value == 0
    assert summary.figures["trip_principal_share"].value is None
    # Contract amounts: 2026 4.21亿 against 2025's 4000万 (P7) → 9.525
    assert summary.figures["contract_amount"].yoy == Decimal("9.525")


def test_the_comparison_spans():
    assert Span.ytd(2026, 10).last_year() == Span.ytd(2025, 10)
    assert Span.month(2026, 1).previous() == Span.month(2025, 12)
    assert Span.quarter(2026, 1).previous() == Span.quarter(2025, 4)
    # 1-3月 (90 days) → the 90 days before 1 January
    assert Span.ytd(2026, 3).previous() == Span.range(date(2025, 10, 3), date(2025, 12, 31))
    assert Span.range(date(2024, 2, 29), date(2024, 3, 1)).last_year() == Span.range(date(2023, 2, 28), date(2023, 3, 1))


def test_spans_parse_from_the_api_format():
    assert Span.parse("month:2026-10") == Span.month(2026, 10)
    assert Span.parse("quarter:2026Q3") == Span("quarter", date(2026, 7, 1), date(2026, 9, 30))
    assert Span.parse("ytd:2026-10") == Span("ytd", date(2026, 1, 1), date(2026, 10, 31))
    assert Span.parse("range:2026-01-01..2026-03-31").days == 90
    for bad in ("", "month:2026-13", "quarter:2026Q5", "range:2026-03-01..2026-01-01", "week:1"):
        try:
            Span.parse(bad)
        except ValueError as error:
            assert "期间格式无效" in str(error)
        else:
            raise AssertionError(bad)


def test_a_span_ending_after_the_as_of_date_is_cut_to_it():
    # 1-10月 seen on 06-30 is 1-6月; mid-month it becomes a range ending that day.
    assert Span.ytd(2026, 10).up_to(date(2026, 6, 30)) == Span.ytd(2026, 6)
    assert Span.ytd(2026, 10).up_to(date(2026, 6, 15)) == Span.range(date(2026, 1, 1), date(2026, 6, 15))
    assert Span.month(2026, 12).up_to(date(2026, 12, 1)) == Span.range(date(2026, 12, 1), date(2026, 12, 1))
    # Its 同比 window is then as long: 2025-01-01 to 2025-06-15, not all of 2025年1-10月.
    assert Span.ytd(2026, 10).up_to(date(2026, 6, 15)).last_year() == Span.range(date(2025, 1, 1), date(2025, 6, 15))


def test_a_span_already_over_or_not_yet_begun_is_not_cut():
    assert Span.ytd(2026, 10).up_to(date(2026, 10, 31)) == Span.ytd(2026, 10)
    assert Span.ytd(2026, 10).up_to(date(2026, 12, 1)) == Span.ytd(2026, 10)
    assert Span.month(2026, 12).up_to(date(2026, 11, 30)) == Span.month(2026, 12)
