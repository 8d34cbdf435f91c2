"""On SQLite the engine restates a scope's path prefix as a range of paths
(engine.common.in_subtrees), so the planner starts from the scope's credits rather
than from every event of the province (issue 13); PostgreSQL gets the plain
prefix. The figures are the same either way: the tests of both databases run
every metric test."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from zhaoshang.metrics import engine
from zhaoshang.metrics.engine.common import TOP, in_subtrees
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.organisation.models import Unit, subtree_q

from .conftest import AS_OF

COHORT = Span.ytd(2026, 10)


def test_sqlite_gets_the_prefix_also_as_a_range_of_paths():
    q = in_subtrees(["0001", "0002"], "unit__path", vendor="sqlite")
    ranges = Q(unit__path__gte="0001", unit__path__lt="0001" + TOP) | Q(unit__path__gte="0002", unit__path__lt="0002" + TOP)
    assert q == subtree_q(["0001", "0002"], "unit__path") & ranges


def test_postgresql_gets_the_plain_prefix():
    assert in_subtrees(["0001"], "unit__path", vendor="postgresql") == subtree_q(["0001"], "unit__path")


def test_the_range_selects_exactly_the_subtree(world):
    for unit in (world.root, world.township, world.section):
        by_prefix = set(Unit.objects.filter(subtree_q([unit.path], "path")))
        assert set(Unit.objects.filter(in_subtrees([unit.path], "path", vendor="sqlite"))) == by_prefix
        assert set(Unit.objects.filter(in_subtrees([unit.path], "path", vendor="postgresql"))) == by_prefix


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_on_sqlite_the_start_rate_starts_from_the_scopes_credits(world):
    with CaptureQueriesContext(connection) as queries:
        engine.start_rate(Scope.for_jurisdiction(world.root), COHORT, AS_OF)
    (sql,) = [q["sql"] for q in queries.captured_queries if "projects_stageevent" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        steps = [row[3] for row in cursor.fetchall()]
    searches = [step for step in steps if step.startswith(("SEARCH", "SCAN")) and "subquery" not in step]
    # The credits carry their unit's path (ProjectCredit.unit_path): a range of its index.
    assert searches[0].startswith("SEARCH projects_projectcredit USING COVERING INDEX credit_scope_cover (counted=? AND unit_path>? AND unit_path<?)")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's date functions")
def test_on_sqlite_the_monthly_trend_calls_no_python_function_per_row(world):
    with CaptureQueriesContext(connection) as queries:
        months = engine.funds_by_month(Scope.for_jurisdiction(world.root), Span.range(date(2026, 1, 1), date(2026, 12, 31)), AS_OF)
    assert not any("django_date_trunc" in q["sql"] for q in queries.captured_queries)
    # Keyed by the month's first day, as on PostgreSQL (test_breakdowns.py checks the sums).
    assert months and all(isinstance(day, date) and day.day == 1 for day in months)
