"""Activity metrics for the engine (docs/domain.md §6 `trip_count`): registered through
engine.EXTRA_METRICS so that `summary` and the API report them with 同比/环比 like
every other figure. The counting itself lives in activities/stats.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from zhaoshang.activities.stats import (
    TripStats,
    churn_within,
    churn_within_each,
    churn_within_grouped,
    trip_stats,
    trip_stats_each,
    trip_stats_grouped,
)
from zhaoshang.projects.money import TOTAL

from . import engine
from .periods import Buckets, Groups, Scope, Span


def trip_count(scope: Scope, span: Span, as_of: date) -> TripStats:
    """外出招商批次: trips of the scope's units that started in the span up to as_of,
    and the share led by principal leaders. Trips belong to one unit, so there
    are no credit shares to weigh."""
    return trip_stats(list(scope.paths), span.start, span.until(as_of))


def _figures(where: engine.Where, span: Span, as_of: date) -> dict[str, dict[str, int | Decimal | None]]:
    paths, end = list(where.paths), span.until(as_of)
    if isinstance(where, Groups):
        groups = {key: list(paths) for key, paths in where.groups}
        trips, churns = trip_stats_grouped(groups, span.start, end), churn_within_grouped(groups, span.start, end)
    elif isinstance(where, Buckets):
        trips, churns = trip_stats_each(paths, span.start, end), churn_within_each(paths, span.start, end)
        for each in Groups.passes(where.groups):
            groups = {key: list(paths) for key, paths in each.groups}
            trips |= trip_stats_grouped(groups, span.start, end)
            churns |= churn_within_grouped(groups, span.start, end)
    else:
        trips, churns = {TOTAL: trip_count(where, span, as_of)}, {TOTAL: churn_within(paths, span.start, end)}
    # 驻点招商组人员流动率: the speeches blame member churn for lost continuity.
    return {
        bucket: {"trip_count": stats.batches, "trip_principal_share": stats.principal_share, "team_churn": churns[bucket].rate}
        for bucket, stats in trips.items()
    }


def register() -> None:
    engine.EXTRA_METRICS["trip_count"] = _figures
