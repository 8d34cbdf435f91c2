"""board.build_units (the warm-up's unit pages from grouped queries) stores, for each
unit, exactly the page board.build computes for it alone — on the hand-worked county
with a suspected duplicate, a voided event, trips and a team's churn added — and a
visitor's board.build then only reads the data versions."""

import pytest

from zhaoshang.dashboard import board
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.metrics.tests.test_freshness import caching  # noqa: F401  (fixture)
from zhaoshang.metrics.tests.test_summaries import messy  # noqa: F401  (fixture)

from .conftest import AS_OF


@pytest.mark.parametrize("span", [Span.ytd(2026, 10), Span.month(2026, 6)], ids=str)
def test_each_units_stored_page_is_the_page_built_alone(dash, messy, caching, settings, span, django_assert_num_queries):
    units = [dash.township, dash.other_township, dash.department, dash.section]
    board.build_units(units, span, AS_OF)
    stored = {}
    for unit in units:
        with django_assert_num_queries(1):  # the data versions
            stored[unit.pk] = board.build(Scope.for_unit(unit), span, AS_OF, whole=False)
    settings.METRICS_CACHE_SECONDS = 0
    for unit in units:
        alone = board.build(Scope.for_unit(unit), span, AS_OF, whole=False)
        assert stored[unit.pk] == alone
        assert repr(stored[unit.pk]) == repr(alone)
    # The hand-worked towns have a target (the division's default quota): the card is there.
    assert stored[dash.township.pk].completion is not None
