"""The summary reads the span, 同比 and 环比 in one query per family of figures
(engine._figures). The comparison windows can overlap — for 1-10月 the previous
span is the 304 days before 1 January, which covers most of last year's 1-10月 —
so a row in the overlap must count in both bases. Figures from the table in
conftest.py, worked out by hand."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from zhaoshang.metrics import engine
from zhaoshang.metrics.engine.common import _dated_within
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.projects.models import FundStatus

from .conftest import AS_OF, at_noon, fund

YTD = Span.ytd(2026, 10)


def test_the_overlapping_windows_are_the_ones_meant():
    assert YTD.last_year() == Span.ytd(2025, 10)
    assert YTD.previous() == Span.range(date(2025, 3, 3), date(2025, 12, 31))


def test_a_row_in_both_comparison_windows_counts_in_both(world):
    figures = engine.summary(Scope.for_jurisdiction(world.root), YTD, AS_OF).figures
    # F6 (2025-09-10, 800万) and P7's signing (2025-06-01, 4000万) lie in 2025 1-10月
    # and in 2025-03-03…12-31 alike.
    assert (figures["funds_arrived"].last_year, figures["funds_arrived"].previous) == (8_000_000, 8_000_000)
    assert (figures["contract_amount"].last_year, figures["contract_amount"].previous) == (40_000_000, 40_000_000)
    assert (figures["signed_count"].last_year, figures["signed_count"].previous) == (Decimal(1), Decimal(1))
    # P7 entered 洽谈 on 2025-05-01 and signed on 06-01: 1 of 1 in both windows.
    assert (figures["signing_rate"].last_year, figures["signing_rate"].previous) == (Decimal(1), Decimal(1))
    # Cohort P7: 800万 arrived of 4000万 contracted = 0.2; never started = 0 of 1.
    assert (figures["arrival_rate"].last_year, figures["arrival_rate"].previous) == (Decimal("0.2"), Decimal("0.2"))
    assert (figures["start_rate"].last_year, figures["start_rate"].previous) == (Decimal(0), Decimal(0))


def test_the_current_span_keeps_its_own_figures(world):
    # A returned entry is out of 待核实 while it stays returned.
    entry = fund(world.p2, date(2026, 10, 1), 3_000_000)
    type(entry).objects.filter(pk=entry.pk).update(status=FundStatus.RETURNED, returned_at=at_noon(date(2026, 10, 5)))
    figures = engine.summary(Scope.for_jurisdiction(world.root), YTD, AS_OF).figures
    # 到位: F1 3000万 + F3 2000万 + F4 710万 + F7 100万 = 5810万 (F2 verified after 10-31).
    assert figures["funds_arrived"].value == 58_100_000
    # 待核实: F5 500万 (reported only) + F2 1000万 (not yet verified on 10-31).
    assert (figures["funds_pending"].value, figures["funds_pending"].last_year) == (15_000_000, 0)
    # Signed 2026: P1 2亿 + P2 5000万 + P3 1亿 + P5 7100万 = 4.21亿; 4 projects,
    # of which ≥1亿 total investment: P1 2亿, P2 6亿, P3 10亿, P5 1.42亿 = 4; ≥5亿: P2, P3; ≥10亿: P3.
    assert figures["contract_amount"].value == 421_000_000
    assert figures["signed_count"].value == Decimal(4)
    assert [figures[f"signed_count_{band}"].value for band in ("1yi", "5yi", "10yi")] == [Decimal(4), Decimal(2), Decimal(1)]
    # Cohort 2026: P1 and P3 started of 4 signed = 0.5; P3 producing = 0.25.
    assert (figures["start_rate"].value, figures["production_rate"].value) == (Decimal("0.5"), Decimal("0.25"))


def test_the_summary_agrees_with_the_single_span_functions(world):
    scope = Scope.for_unit(world.township)
    summary = engine.summary(scope, YTD, AS_OF)
    for span, pick in ((YTD, "value"), (YTD.last_year(), "last_year"), (YTD.previous(), "previous")):
        figures = {key: getattr(figure, pick) for key, figure in summary.figures.items()}
        single = {
            "funds_arrived": engine.funds_arrived(scope, span, AS_OF).yuan,
            "funds_pending": engine.funds_pending(scope, span, AS_OF).yuan,
            "contract_amount": engine.contract_amount(scope, span, AS_OF).yuan,
            "signed_count": engine.signed_count(scope, span, AS_OF).total,
            "signing_rate": engine.signing_rate(scope, span, AS_OF).value,
            "arrival_rate": engine.arrival_rate(scope, span, AS_OF).value,
            "start_rate": engine.start_rate(scope, span, AS_OF).value,
            "production_rate": engine.production_rate(scope, span, AS_OF).value,
        }
        assert {key: figures[key] for key in single} == single, span


def test_the_windows_of_a_summary_are_read_as_one_range_of_dates():
    # Span, 同比 and 环比 of 1-10月 (and the two years of the trend) join up: the
    # database searches one range of (project, date) rather than testing an OR per row.
    windows = [(YTD, AS_OF), (YTD.last_year(), AS_OF), (YTD.previous(), AS_OF)]
    assert _dated_within(windows) == Q(date__gte=date(2025, 1, 1), date__lte=date(2026, 10, 31))


def test_windows_apart_stay_apart_and_empty_ones_drop_out():
    march, may = Span.month(2026, 3), Span.month(2026, 5)
    apart = Q(date__gte=date(2026, 3, 1), date__lte=date(2026, 3, 31)) | Q(date__gte=date(2026, 5, 1), date__lte=date(2026, 5, 31))
    assert _dated_within([(may, AS_OF), (march, AS_OF)]) == apart
    # The next day joins; as of 2026-04-15, May has no day yet and adds nothing.
    assert _dated_within([(march, AS_OF), (Span.month(2026, 4), AS_OF)]) == Q(date__gte=date(2026, 3, 1), date__lte=date(2026, 4, 30))
    assert _dated_within([(march, date(2026, 4, 15)), (may, date(2026, 4, 15))]) == Q(date__gte=date(2026, 3, 1), date__lte=date(2026, 3, 31))
    # No window with a day: a range that holds none.
    assert _dated_within([(may, date(2026, 4, 15))]) == Q(date__gte=date(2026, 5, 1), date__lte=date(2026, 4, 15))


def test_the_summarys_fund_query_filters_one_range_of_dates(world):
    with CaptureQueriesContext(connection) as queries:
        engine.summary(Scope.for_jurisdiction(world.root), YTD, AS_OF)
    (sql,) = [q["sql"] for q in queries.captured_queries if "projects_fundentry" in q["sql"] and "projects_stageevent" not in q["sql"]]
    where = sql.split(" WHERE ", 1)[1]
    assert where.count('"projects_fundentry"."date" >=') == 1
