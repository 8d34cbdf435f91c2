"""The dashboard summary: every §6 key for a span with 同比 and 环比, in as few queries as possible."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from zhaoshang.projects.money import Money

from ..freshness import cached, scope_roots
from ..periods import Scope, Span
from .common import WHOLE, Figure, Summary, _one, yoy
from .funnel import _stage_days, _stay_rows
from .money import _fund_sums, _signing_sums
from .signings import (
    _arrival_ratio,
    _whole_figures,
    _cohort_arrivals,
    _pipeline_rates,
    _signed_count,
)
from .targets import time_progress

# ---------------------------------------------------------------- summary

# Every key of docs/domain.md §6 that `summary` returns; trip_count arrives with activities.
METRIC_KEYS = (
    "funds_arrived",
    "funds_pending",
    "contract_amount",
    "signed_count",
    "signed_count_1yi",
    "signed_count_5yi",
    "signed_count_10yi",
    "signing_rate",
    "arrival_rate",
    "start_rate",
    "production_rate",
    "trip_count",
    "trip_principal_share",
    "team_churn",
)

# Extension point for activity metrics (trip_count, docs/domain.md §4): a function
# (scope, span, as_of) → a number for its key, or a dict {metric key: number}
# when one query yields several keys. metrics/activity.py registers trip_count
# (with trip_principal_share) when the app registry is ready.
EXTRA_METRICS: dict[str, Callable[[Scope, Span, date], Any]] = {}


def _figures(scope: Scope, pairs: dict[str, tuple[Span, Span]], as_of: date) -> tuple[dict[str, dict[str, Any]], dict]:
    """Every summary figure for several (span, cohort) pairs — the span, 同比 and
    环比 — with one query per family of figures rather than one per figure and span;
    and, for a unit, the signings counted whole ({(name, span): counts}, else {})."""
    spans = [span for span, _ in pairs.values()]
    cohorts = [cohort for _, cohort in pairs.values()]
    funds = _fund_sums(scope, [(span, as_of) for span in spans])
    contracts, signed = _signing_sums(scope, [*spans, *cohorts], as_of, whole_too=scope.kind == "unit")
    whole = {key: counts for (tag, key), counts in signed.items() if tag == WHOLE}
    rates = _pipeline_rates(scope, spans, cohorts, as_of)
    arrivals = _cohort_arrivals(scope, cohorts, as_of)
    result = {}
    for name, (span, cohort) in pairs.items():
        count = _signed_count(signed, span)
        arrived = _one(funds["arrived", span, as_of], Money(0))
        values: dict[str, Any] = {
            "funds_arrived": arrived.yuan,
            "funds_pending": _one(funds["pending", span, as_of], Money(0)).yuan,
            "contract_amount": _one(contracts[span], Money(0)).yuan,
            "signed_count": count.total,
            **{f"signed_count_{band}": value for band, value in count.bands.items()},
            "signing_rate": rates["signing", span].value,
            "arrival_rate": _arrival_ratio(arrivals[cohort], _one(contracts[cohort], Money(0))).value,
            "start_rate": rates["started", cohort].value,
            "production_rate": rates["producing", cohort].value,
            "trip_count": None,
            "trip_principal_share": None,
            "team_churn": None,
            # Not a metric: the years whose foreign arrivals had no exchange rate.
            "missing_rates": arrived.missing_rates,
        }
        for key, provider in EXTRA_METRICS.items():
            extra = provider(scope, span, as_of)
            values.update(extra if isinstance(extra, dict) else {key: extra})
        result[name] = values
    return result, whole


def _cohort_shift(cohort: Span, span: Span, compared: Span) -> Span:
    """The comparison's cohort: shifted like the span when the cohort is the span."""
    return compared if cohort == span else cohort


@cached(scope_roots)
def summary(scope: Scope, span: Span, as_of: date, cohort: Span | None = None) -> Summary:
    """Every §6 figure for the scope and span, with 同比 (same span last year) and
    环比 (previous span). The cohort for the cohort rates defaults to the span."""
    cohort = cohort or span
    last_year, previous = span.last_year(), span.previous()
    pairs = {
        "now": (span, cohort),
        "then": (last_year, _cohort_shift(cohort, span, last_year)),
        "before": (previous, _cohort_shift(cohort, span, previous)),
    }
    values, whole = _figures(scope, pairs, as_of)
    now, then, before = values["now"], values["then"], values["before"]
    figures = {
        key: Figure(now[key], then[key], before[key], yoy(now[key], then[key]), yoy(now[key], before[key]))
        for key in METRIC_KEYS
    }
    stays = _stay_rows(scope, span, as_of)
    unit = scope.kind == "unit"
    return Summary(
        scope=scope,
        span=span,
        as_of=as_of,
        cohort=cohort,
        figures=figures,
        stage_days=_stage_days(stays, weighted=True),
        time_progress=time_progress(span.start, span.end, as_of),
        missing_rates=now["missing_rates"],
        whole_counts=_whole_figures(whole, span) if unit else None,
        whole_stage_days=_stage_days(stays, weighted=False) if unit else None,
    )
