"""The dashboard summary: every §6 key for a span with 同比 and 环比, in as few queries as possible."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from zhaoshang.organisation.models import Unit
from zhaoshang.projects.money import Money

from ..freshness import cached, scope_roots
from ..periods import Buckets, Scope, Span
from .common import TOTAL, WHOLE, Figure, Summary, Where, _distinct, by_unit, yoy
from .funnel import _stage_days, _stay_rows
from .money import MONTHS, _fund_sums, _signing_sums
from .signings import (
    _arrival_ratio,
    _cohort_arrivals,
    _pipeline_counts,
    _pipeline_ratios,
    _signed_count,
    _whole_figures,
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
# (where, span, as_of) → {bucket: {metric key: number}} for every bucket of
# `where` (a Scope's one bucket is TOTAL), as the engine's grouped queries answer.
# metrics/activity.py registers trip_count (with trip_principal_share and
# team_churn) when the app registry is ready.
EXTRA_METRICS: dict[str, Callable[[Where, Span, date], dict[str, dict[str, Any]]]] = {}


def _figures(
    where: Where, buckets: Iterable[str], pairs: dict[str, tuple[Span, Span]], as_of: date, months: Span, *, units: bool
) -> dict[str, tuple[dict[str, dict[str, Any]], dict, dict[date, Money]]]:
    """Every summary figure for several (span, cohort) pairs — the span, 同比 and
    环比 — of each of the buckets of `where`, with one query per family of figures
    rather than one per figure, span and scope; for `units` (their own pages),
    the signings counted whole ({(name, span): counts}, else {}); and 到位资金 per
    month of `months`, from the same query as the other funds."""
    spans = [span for span, _ in pairs.values()]
    cohorts = [cohort for _, cohort in pairs.values()]
    funds = _fund_sums(where, [(span, as_of) for span in spans], months=(months, as_of))
    contracts, signed = _signing_sums(where, [*spans, *cohorts], as_of, whole_too=units)
    whole = {key: counts for (tag, key), counts in signed.items() if tag == WHOLE}
    pipeline = _pipeline_counts(where, spans, cohorts, as_of)
    arrivals = _cohort_arrivals(where, cohorts, as_of)
    extras = {(key, span): provider(where, span, as_of) for key, provider in EXTRA_METRICS.items() for span in _distinct(spans)}
    result = {}
    for bucket in buckets:
        rates = _pipeline_ratios(pipeline.get(bucket, {}), spans, cohorts)
        by_pair = {}
        for name, (span, cohort) in pairs.items():
            count = _signed_count(signed, span, bucket)
            arrived = funds["arrived", span, as_of].get(bucket, Money(0))
            values: dict[str, Any] = {
                "funds_arrived": arrived.yuan,
                "funds_pending": funds["pending", span, as_of].get(bucket, Money(0)).yuan,
                "contract_amount": contracts[span].get(bucket, Money(0)).yuan,
                "signed_count": count.total,
                **{f"signed_count_{band}": value for band, value in count.bands.items()},
                "signing_rate": rates["signing", span].value,
                "arrival_rate": _arrival_ratio(arrivals[cohort].get(bucket, Money(0)), contracts[cohort].get(bucket, Money(0))).value,
                "start_rate": rates["started", cohort].value,
                "production_rate": rates["producing", cohort].value,
                "trip_count": None,
                "trip_principal_share": None,
                "team_churn": None,
                # Not a metric: the years whose foreign arrivals had no exchange rate.
                "missing_rates": arrived.missing_rates,
            }
            for key in EXTRA_METRICS:
                values.update(extras[key, span][bucket])
            by_pair[name] = values
        result[bucket] = (by_pair, whole, funds[MONTHS].get(bucket, {}))
    return result


def _cohort_shift(cohort: Span, span: Span, compared: Span) -> Span:
    """The comparison's cohort: shifted like the span when the cohort is the span."""
    return compared if cohort == span else cohort


@cached(scope_roots)
def summary(scope: Scope, span: Span, as_of: date, cohort: Span | None = None) -> Summary:
    """Every §6 figure for the scope and span, with 同比 (same span last year) and
    环比 (previous span). The cohort for the cohort rates defaults to the span."""
    return _summaries(scope, {TOTAL: scope}, span, as_of, cohort)[TOTAL]


def summaries(units: Iterable[Unit], span: Span, as_of: date, groups: Iterable[Scope] = ()) -> dict[Any, Summary]:
    """`summary` of each unit's own scope (Scope.for_unit) for the span, keyed by
    the unit's id: the same figures from the same queries grouped by unit (one set
    per tree depth, as for the rankings) instead of a set per unit. Each is stored
    in the figure cache where `summary(Scope.for_unit(unit), span, as_of)` looks,
    so the background warm-up (dashboard.tasks) serves a county's unit pages from
    one pass. With `groups` (a county's divisions, the county), each of those
    scopes' summary too, keyed by Scope.key, folded from the units' rows in the
    same queries (common.by_unit), and cached likewise."""
    units, groups = list(units), list(groups)
    scopes = [Scope.for_unit(unit) for unit in units] + groups
    by_key = {unit.path: scope for unit, scope in zip(units, scopes, strict=False)} | {scope.key: scope for scope in groups}

    def compute() -> list[Summary]:
        def each(where: Where) -> dict[str, Summary]:
            keys = [*where.paths, *(key for key, _ in where.groups)] if isinstance(where, Buckets) else list(where.keys)  # type: ignore[union-attr]
            return _summaries(where, {key: by_key[key] for key in keys}, span, as_of, None)

        found = by_unit(units, each, None, groups)
        return [found[unit.pk] for unit in units] + [found[scope.key] for scope in groups]

    computed = summary.store_many([(scope, span, as_of) for scope in scopes], compute)
    return {unit.pk: value for unit, value in zip(units, computed, strict=False)} | {
        scope.key: value for scope, value in zip(groups, computed[len(units) :], strict=True)
    }


def _summaries(where: Where, scopes: dict[str, Scope], span: Span, as_of: date, cohort: Span | None) -> dict[str, Summary]:
    """`summary` of each bucket of `where`, standing for the scope `scopes` names."""
    cohort = cohort or span
    last_year, previous = span.last_year(), span.previous()
    pairs = {
        "now": (span, cohort),
        "then": (last_year, _cohort_shift(cohort, span, last_year)),
        "before": (previous, _cohort_shift(cohort, span, previous)),
    }
    # The dashboard's trend: 到位资金 per month of the span's year and the year before.
    months = Span.range(date(span.end.year - 1, 1, 1), date(span.end.year, 12, 31))
    figured = _figures(where, scopes, pairs, as_of, months, units=any(scope.kind == "unit" for scope in scopes.values()))
    stays = _stay_rows(where, span, as_of)
    result = {}
    for bucket, scope in scopes.items():
        values, whole, by_month = figured[bucket]
        now, then, before = values["now"], values["then"], values["before"]
        figures = {
            key: Figure(now[key], then[key], before[key], yoy(now[key], then[key]), yoy(now[key], before[key]))
            for key in METRIC_KEYS
        }
        unit = scope.kind == "unit"
        rows = stays.get(bucket, [])
        result[bucket] = Summary(
            scope=scope,
            span=span,
            as_of=as_of,
            cohort=cohort,
            figures=figures,
            stage_days=_stage_days(rows, weighted=True),
            time_progress=time_progress(span.start, span.end, as_of),
            missing_rates=now["missing_rates"],
            whole_counts=_whole_figures(whole, span, bucket) if unit else None,
            whole_stage_days=_stage_days(rows, weighted=False) if unit else None,
            funds_by_month=by_month,
        )
    return result
