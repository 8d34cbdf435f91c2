"""A unit's own board counts projects whole (its signed count and funnel) from the
summary's own queries, not from two more (issue 13: a cold board < 300 ms)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhaoshang.dashboard import board
from zhaoshang.metrics import engine
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.targets.models import Target, TargetKind

from .conftest import AS_OF

SPAN = Span.ytd(2026, 10)


def test_a_units_summary_carries_its_whole_counts_and_funnel(dash):
    for unit in (dash.township, dash.other_township, dash.section):
        scope = Scope.for_unit(unit)
        summary = engine.summary(scope, SPAN, AS_OF)
        assert summary.whole_counts == engine.signed_projects(scope, SPAN, AS_OF)
        assert summary.whole_stage_days == engine.stage_days(scope, SPAN, AS_OF, weighted=False)
        # …while the weighted figures are the ones every other page shows.
        assert summary.stage_days == engine.stage_days(scope, SPAN, AS_OF)


def test_a_countys_summary_has_no_whole_counts(dash):
    summary = engine.summary(Scope.for_jurisdiction(dash.root), SPAN, AS_OF)
    assert summary.whole_counts is None and summary.whole_stage_days is None


def test_a_cold_unit_board_reads_the_signings_and_the_funnel_once(dash):
    with CaptureQueriesContext(connection) as queries:
        board.build(Scope.for_unit(dash.township), SPAN, AS_OF, whole=False)
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum('"contract_amount"' in q and "GROUP BY" in q and "by_industry" not in q for q in sql) == 1
    assert sum('AS "days"' in q for q in sql) == 1


def test_a_cold_county_board_takes_a_fixed_number_of_queries(dash, django_assert_num_queries):
    # The summary (the exchange rates once, funds with the monthly trend, signings,
    # the pipeline, the cohort arrivals, trips and team churn of three spans, the
    # funnel), the county and its period, the county's target (its funds come from
    # the summary), the division rankings (divisions, units, targets, funds) and the
    # breakdowns.
    with django_assert_num_queries(20):
        board.build(Scope.for_jurisdiction(dash.root), SPAN, AS_OF, whole=True)


def test_a_units_completion_card_is_its_ranking_row(dash):
    shown = []
    for unit in (dash.township, dash.other_township, dash.section):
        expected = engine.completion_rate(unit, dash.period, dash.period.primary_kind, AS_OF)
        for whole in (True, False):
            completion = board.build(Scope.for_unit(unit), SPAN, AS_OF, whole=whole).completion
            assert completion == (expected if expected.target is not None else None)
            shown.append(completion)
    assert any(shown)


def test_a_countys_completion_reads_its_funds_off_the_summary_when_the_dates_agree(dash, django_assert_num_queries):
    Target.objects.create(period=dash.period, kind=TargetKind.FUNDS_ARRIVED, unit=dash.root, amount=100_000_000)
    scope = Scope.for_jurisdiction(dash.root)
    expected = engine.completion_rate(dash.root, dash.period, TargetKind.FUNDS_ARRIVED, AS_OF)
    assert expected.actual == 58_100_000  # 5810万, as the card shows
    for span in (SPAN, Span.ytd(2026, 9), Span.month(2026, 10)):
        summary = engine.summary(scope, span, AS_OF)
        # 1-10月 as of 10-31 are the period's dates: the target only; other spans also
        # read the funds and their exchange rates.
        with django_assert_num_queries(1 if span == SPAN else 3):
            completion = engine.completion_rate(dash.root, dash.period, TargetKind.FUNDS_ARRIVED, AS_OF, summary)
        assert completion == expected
    assert board.build(scope, SPAN, AS_OF, whole=True).completion == expected
