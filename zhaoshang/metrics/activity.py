"""Activity metrics for the engine (docs/domain.md §6 `trip_count`): registered through
engine.EXTRA_METRICS so that `summary` and the API report them with 同比/环比 like
every other figure. The counting itself lives in activities/stats.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from zhaoshang.activities.stats import TripStats, churn_within, trip_stats

from . import engine
from .periods import Scope, Span


def trip_count(scope: Scope, span: Span, as_of: date) -> TripStats:
    """外出招商批次: trips of the scope's units that started in the span up to as_of,
    and the share led by principal leaders. Trips belong to one unit, so there
    are no credit shares to weigh."""
    return trip_stats(list(scope.paths), span.start, span.until(as_of))


def _figures(scope: Scope, span: Span, as_of: date) -> dict[str, int | Decimal | None]:
    stats = trip_count(scope, span, as_of)
    # 驻点招商组人员流动率: the speeches blame member churn for lost continuity.
    churn = churn_within(list(scope.paths), span.start, span.until(as_of))
    return {"trip_count": stats.batches, "trip_principal_share": stats.principal_share, "team_churn": churn.rate}


def register() -> None:
    engine.EXTRA_METRICS["trip_count"] = _figures
