"""The funnel (days between stages), breakdowns by industry, region and investor type."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    Sum,
    Value,
    When,
)

from zhaoshang.organisation.models import Unit
from zhaoshang.projects.models import (
    PIPELINE,
    Currency,
    EventKind,
    StageEvent,
)
from zhaoshang.projects.money import FULL, Money, convert

from ..periods import Buckets, Groups, Scope, Span
from .common import CREDITS, RATE_PLACES, TOTAL, StageDays, Where, _count, _folded, _rates, _scoped, _share, _signings, _stage_events, _year, by_unit

# ---------------------------------------------------------------- funnel


def _next_stage() -> Case:
    pairs = zip(PIPELINE[:-1], PIPELINE[1:], strict=True)
    return Case(*(When(stage=current, then=Value(nxt.value)) for current, nxt in pairs), default=Value(""))


def stage_days(scope: Scope, span: Span, as_of: date, *, weighted: bool = True) -> list[StageDays]:
    """阶段停留天数 and the funnel: for each pipeline stage, the projects that entered
    it in the span, how many reached the next stage by as_of (drop-off = the
    rest), and the median and 90th percentile of the days between the two events.
    The last stage (达产见效) has its entries only: nothing follows it.

    Percentiles use the nearest-rank method (the value at rank ⌈p·n⌉ of the sorted
    durations; the median of 4 values is the 2nd). Durations are per project (a
    project spends its days once, whatever its credit split); projects still in
    the stage have no duration yet and are left out of the percentiles. Counts are
    share-weighted like every other count; with `weighted=False` (a unit's own
    pages) each project counts whole, once, like the durations.

    One grouped query: per stage and number of days, the shares and the number of
    distinct events (one per project's stay). Python reads the percentiles off
    that histogram, which has a row per distinct duration, never one per project."""
    return _stage_days(_stay_rows(scope, span, as_of).get(TOTAL, []), weighted)


class DaysBetween(Func):
    """Whole days from the second date to the first, NULL when either is. PostgreSQL
    subtracts dates to days itself; SQLite counts them with julianday (its dates
    are ISO text, so the difference is whole), in SQLite rather than in Django's
    Python function for a date difference called once per row."""

    arity = 2
    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)", arg_joiner=") - julianday(", **extra)


def _stay_rows(where: Where, span: Span, as_of: date) -> dict[str, list[dict]]:
    """stage_days' one grouped query: per bucket, stage and number of days, the
    shares and the number of distinct events. Both the weighted and the whole
    funnel read it."""
    entered = _stage_events(as_of).filter(stage__in=PIPELINE, date__gte=span.start, date__lte=span.until(as_of))
    entered = entered.annotate(next_stage=_next_stage())
    following = StageEvent.objects.as_of(as_of).filter(
        project=OuterRef("project"), kind=EventKind.STAGE, stage=OuterRef("next_stage")
    )
    entered = entered.annotate(next_date=Subquery(following.order_by("date").values("date")[:1]))
    rows = (
        _scoped(entered, CREDITS, where)
        .annotate(days=DaysBetween("next_date", "date"))
        .values("bucket", "stage", "days")
        # A row per credit in the scope: the shares add up to the weighted count,
        # and each event counts once among the durations.
        .annotate(shares=Sum(_share(CREDITS)), events=Count("pk", distinct=True))
        .order_by()
    )
    by_bucket: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_bucket[row["bucket"]].append(row)
    if isinstance(where, Buckets) and where.groups:
        # A project's stay counts once among a group's durations however many of
        # its units share it: not a sum of the units' rows, so grouped by the group.
        for groups in Groups.passes(where.groups):
            by_bucket.update(_stay_rows(groups, span, as_of))
    return by_bucket


def _stage_days(rows: list[dict], weighted: bool) -> list[StageDays]:
    entries: dict[str, int] = defaultdict(int)  # Σshare_bp
    advances: dict[str, int] = defaultdict(int)
    durations: dict[str, list[tuple[int, int]]] = defaultdict(list)  # (days, events)
    for row in rows:
        amount = row["shares"] if weighted else row["events"] * FULL
        entries[row["stage"]] += amount
        if row["days"] is not None:
            advances[row["stage"]] += amount
            durations[row["stage"]].append((row["days"], row["events"]))

    result = []
    for stage in PIPELINE:
        all_, done = _count(entries.get(stage.value)), _count(advances.get(stage.value))
        last = stage == PIPELINE[-1]  # nothing follows: no drop-off, no days
        drop = None if not all_ or last else (1 - done / all_).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
        histogram = sorted(durations[stage.value])
        n = sum(events for _, events in histogram)
        median, p90 = _nearest_rank(histogram, (n + 1) // 2), _nearest_rank(histogram, (n * 9 + 9) // 10)
        result.append(StageDays(stage.value, stage.label, all_, done, drop, median, p90))
    return result


def _nearest_rank(histogram: list[tuple[int, int]], rank: int) -> int | None:
    """The value at `rank` (from 1) of sorted values given as (value, how many times)."""
    seen = 0
    for value, times in histogram:
        seen += times
        if seen >= rank:
            return value
    return None


# ---------------------------------------------------------------- breakdowns and trend

# Project fields the dashboard breaks signings down by (docs/domain.md §3).
BREAKDOWN_FIELDS = {
    "industry": "project__industry",
    "region": "project__source_region",
    "investor_kind": "project__investor__kind",
    "category": "project__category",
}


@dataclass(frozen=True)
class Breakdown:
    key: str  # the field's stored value ("" when not recorded)
    count: Decimal  # share-weighted signed projects
    contract: Money


def signing_breakdowns(scope: Scope, span: Span, as_of: date) -> dict[str, list[Breakdown]]:
    """签约项目数 and 合同引资额 of the span grouped by each project field of
    BREAKDOWN_FIELDS (industry, region, investor_kind, category), largest contract
    first. One grouped query: rows per combination of the fields (at most one per
    signing), which Python adds up field by field."""
    return _signing_breakdowns(scope, span, as_of).get(TOTAL, _no_breakdowns())


def signing_breakdowns_each(units: Iterable[Unit], span: Span, as_of: date, groups: Iterable[Scope] = ()) -> dict[Any, dict[str, list[Breakdown]]]:
    """signing_breakdowns of each unit's own scope, keyed by the unit's id, from one
    grouped query per tree depth; and of each scope of `groups`, keyed by
    Scope.key, folded from its units' rows (common.by_unit)."""
    return by_unit(units, lambda where: _signing_breakdowns(where, span, as_of), _no_breakdowns(), groups)


def _no_breakdowns() -> dict[str, list[Breakdown]]:
    return {name: [] for name in BREAKDOWN_FIELDS}


def _signing_breakdowns(where: Where, span: Span, as_of: date) -> dict[str, dict[str, list[Breakdown]]]:
    signings = _scoped(_signings(span, as_of), CREDITS, where)
    year = Case(When(contract_currency__in=(Currency.CNY, ""), then=Value(0)), default=_year("date"), output_field=IntegerField())
    rows = list(
        signings.annotate(**{f"by_{name}": F(path) for name, path in BREAKDOWN_FIELDS.items()}, year=year, share=_share(CREDITS))
        .values("bucket", *(f"by_{name}" for name in BREAKDOWN_FIELDS), "contract_currency", "year", "share")
        .annotate(total=Sum("contract_amount"), n=Count("pk"))
        .order_by()
    )
    rows = _folded(rows, where)
    rates = _rates(r["year"] for r in rows if r["contract_currency"] not in ("", Currency.CNY))
    by_bucket: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_bucket[r["bucket"]].append(r)
    result: dict[str, dict[str, list[Breakdown]]] = {}
    for bucket, bucket_rows in by_bucket.items():
        result[bucket] = {}
        for name in BREAKDOWN_FIELDS:
            shares: dict[str, int] = defaultdict(int)
            for r in bucket_rows:
                shares[r[f"by_{name}"] or ""] += r["n"] * r["share"]
            money = convert(
                ({"bucket": r[f"by_{name}"] or "", "currency": r["contract_currency"], "year": r["year"], "total": (r["total"] or 0) * r["share"]} for r in bucket_rows),
                rates,
            )
            breakdown = [Breakdown(key, _count(bp), money.get(key, Money(0))) for key, bp in shares.items()]
            result[bucket][name] = sorted(breakdown, key=lambda r: (-r.contract.yuan, -r.count, r.key))
    return result
