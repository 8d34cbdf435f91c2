"""Metrics API: GET /api/v1/metrics and GET /api/v1/rankings. Figures come from
the engine only; this module parses parameters and checks scope.
(No `from __future__ import annotations` here: ninja reads the annotations at import.)"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from zhaoshang.core.api_errors import REFUSALS
from zhaoshang.core.api_input import InputSchema
from zhaoshang.core.ranges import Date, Id
from zhaoshang.organisation.access import get_division_for_user
from zhaoshang.targets.access import get_period_for_user

from . import engine, rankings
from .periods import Scope, Span
from .scopes import get_scope_for_user

router = Router(tags=["统计指标"])


def _number(value: Any) -> Any:
    """Decimals (rates, share-weighted counts) as JSON numbers; None stays null (—)."""
    return float(value) if isinstance(value, Decimal) else value


def resolve_scope(user, text: str) -> Scope:
    """The scope text checked for the user (metrics/scopes.py): 422 when malformed,
    404 for a unit the user cannot see, 403 for a division beyond their scope."""
    try:
        return get_scope_for_user(user, text)
    except ValueError as error:
        raise ValidationError({"scope": str(error)}) from None
    except PermissionDenied:
        raise PermissionDenied("无权查看该范围的统计") from None


def _span(text: str, field: str) -> Span:
    try:
        return Span.parse(text)
    except ValueError as error:
        raise ValidationError({field: str(error)}) from None


class MetricsQuery(InputSchema):
    scope: str
    period: str
    as_of: Date | None = None
    cohort: str | None = None


@router.get("/metrics", response={200: dict, **REFUSALS}, url_name="metrics")
def get_metrics(request: HttpRequest, query: Query[MetricsQuery]) -> dict:
    """Every metric key of docs/domain.md §6 with 同比 (yoy) and 环比 (mom). Money in 元,
    rates as fractions (0.25 = 25%), null where a figure has no base."""
    scope = resolve_scope(request.user, query.scope)
    span = _span(query.period, "period")
    cohort = _span(query.cohort, "cohort") if query.cohort else None
    as_of = query.as_of or timezone.localdate()
    summary = engine.summary(scope, span, as_of, cohort)
    return {
        "scope": {"key": scope.key, "name": scope.name},
        "period": {"key": span.key, "label": span.label, "start": span.start, "end": span.end},
        "cohort": {"key": summary.cohort.key, "label": summary.cohort.label},
        "as_of": as_of,
        "time_progress": _number(summary.time_progress),
        "metrics": {
            key: {
                "value": _number(f.value),
                "last_year": _number(f.last_year),
                "previous": _number(f.previous),
                "yoy": _number(f.yoy),
                "mom": _number(f.mom),
            }
            for key, f in summary.figures.items()
        },
        "stage_days": [
            {
                "stage": row.stage,
                "label": row.label,
                "entered": _number(row.entered),
                "advanced": _number(row.advanced),
                "drop_off": _number(row.drop_off),
                "median_days": row.median_days,
                "p90_days": row.p90_days,
            }
            for row in summary.stage_days
        ],
        "missing_rates": list(summary.missing_rates),
    }


class RankingsQuery(InputSchema):
    period: Id
    division: Id | None = None
    as_of: Date | None = None


@router.get("/rankings", response={200: dict, **REFUSALS}, url_name="rankings")
def get_rankings(request: HttpRequest, query: Query[RankingsQuery]) -> dict:
    """The ranking of a competing division (or of the whole jurisdiction) by the
    completion rate of the period's primary target."""
    period = get_period_for_user(request.user, query.period)
    division = None
    if query.division is not None:
        division = get_division_for_user(request.user, query.division)
        if division.jurisdiction_id != period.jurisdiction_id:
            raise ValidationError({"division": "该赛区不属于此考核期间的辖区"})
    as_of = query.as_of or timezone.localdate()
    try:
        result = rankings.ranking(period, as_of, division)
    except ValueError as error:
        raise ValidationError({"division": str(error)}) from None
    return {
        "title": result.title,
        "period": {"id": period.pk, "name": period.name, "primary_kind": result.kind},
        "division": {"id": division.pk, "name": division.name} if division else None,
        "as_of": as_of,
        "previous_as_of": result.previous_as_of,
        "time_progress": _number(result.time_progress),
        "units_done": result.units_done,
        "units_with_target": result.units_with_target,
        "rows": [
            {
                "unit": {"id": row.unit.pk, "name": row.unit.name},
                "rank": row.rank,
                "previous_rank": row.previous_rank,
                "movement": row.movement,
                "target": row.target,
                "target_is_default": row.is_default,
                "actual": _number(row.actual),
                "rate": _number(row.rate),
                "behind": row.behind,
                "note": row.note,
            }
            for row in result.rows
        ],
    }
