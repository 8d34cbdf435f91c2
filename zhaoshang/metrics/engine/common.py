"""The engine's result types and plumbing: dated filters, credit shares, the one money tally, many units at once."""

from __future__ import annotations

import functools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, ExtractYear, Substr
from django.db.models.lookups import In

from zhaoshang.organisation.models import Unit, subtree_q
from zhaoshang.projects.models import (
    SIZE_BANDS,
    Currency,
    EventKind,
    ExchangeRate,
    Stage,
    StageEvent,
    investing_at_least,
    reached,
)
from zhaoshang.projects.money import FULL, TOTAL, Money, convert

from ..periods import Buckets, Groups, Scope, Span

RATE_PLACES = Decimal("0.0001")
BANDS = SIZE_BANDS

Where = Scope | Buckets | Groups


# ---------------------------------------------------------------- result types


@dataclass(frozen=True)
class Ratio:
    numerator: Decimal
    denominator: Decimal
    value: Decimal | None


@dataclass(frozen=True)
class SignedCount:
    total: Decimal
    bands: dict[str, Decimal]  # "1yi", "5yi", "10yi" → projects with total investment ≥ 1/5/10亿元


@dataclass(frozen=True)
class StageDays:
    stage: str
    label: str
    entered: Decimal  # share-weighted projects that entered the stage in the span
    advanced: Decimal  # … of which reached the next stage by as_of
    drop_off: Decimal | None  # 1 − advanced / entered
    median_days: int | None
    p90_days: int | None


@dataclass(frozen=True)
class Figure:
    """One headline figure with its comparisons."""

    value: Any
    last_year: Any
    previous: Any
    yoy: Decimal | None
    mom: Decimal | None


@dataclass(frozen=True)
class Summary:
    scope: Scope
    span: Span
    as_of: date
    cohort: Span
    figures: dict[str, Figure]
    stage_days: list[StageDays]
    time_progress: Decimal
    missing_rates: tuple[int, ...] = field(default=())
    # A unit's own pages count projects whole (signing.signed_projects and
    # stage_days(weighted=False)): for a unit scope, read from the summary's own
    # queries rather than two more; None for other scopes.
    whole_counts: dict[str, Figure] | None = None
    whole_stage_days: list[StageDays] | None = None
    # 到位资金 per month (keyed by its first day) of the span's year and the year
    # before, as funds_by_month gives it: the dashboard's trend, from the summary's
    # own query of the funds rather than another scan of them.
    funds_by_month: dict[date, Money] = field(default_factory=dict)


# ---------------------------------------------------------------- plumbing


def ratio(numerator: Decimal | int | None, denominator: Decimal | int | None) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def yoy(this: Decimal | int | None, base: Decimal | int | None) -> Decimal | None:
    """同比增长 (or 环比 with the previous figure): (this − base) ÷ base; None when
    the base is zero or unknown (shown as —)."""
    if this is None or base is None or not base:
        return None
    return ratio(Decimal(this) - Decimal(base), base)


def _count(bp: int | None) -> Decimal:
    return Decimal(bp or 0) / FULL


def _dated(span: Span, as_of: date, day: str = "date") -> Q:
    """The row's date lies in the span, up to as_of."""
    return Q(**{f"{day}__gte": span.start, f"{day}__lte": span.until(as_of)})


def _dated_any(spans: Iterable[Span], as_of: date, day: str = "date") -> Q:
    """The row's date lies in one of the spans, up to as_of."""
    return _dated_within(((span, as_of) for span in spans), day)


def _dated_within(windows: Iterable[tuple[Span, date]], day: str = "date") -> Q:
    """The row's date lies in one of the windows (a span up to its as-of date), as
    few date ranges as give the same days: a summary's span, 同比 and 环比 usually
    join into one. A single range is what the database can search its (project,
    date) indexes with; an OR of overlapping ones it applies row by row, and the
    larger estimate once turned PostgreSQL to a parallel scan of every credit."""
    ranges = sorted((span.start, span.until(as_of)) for span, as_of in windows)
    joined: list[tuple[date, date]] = []
    for start, end in ranges:
        if start > end:
            continue  # the window has no days (as_of before its start)
        if joined and start <= joined[-1][1] + timedelta(days=1):
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    if not joined:
        # No window has a day: keep the first one's (empty) range, which matches no row.
        joined = ranges[:1]
    return functools.reduce(operator.or_, (Q(**{f"{day}__gte": start, f"{day}__lte": end}) for start, end in joined), Q())


# Above every character a tree path can hold: [p, p + TOP) is the range of paths
# starting with p.
TOP = "\U0010ffff"


def in_subtrees(paths: Iterable[str], field: str, vendor: str | None = None) -> Q:
    """Rows whose unit (`field`, a path) lies under one of `paths`: subtree_q, and on
    SQLite also the same condition as a range of paths. SQLite cannot search an
    index with LIKE (it is case-insensitive there), so without the range its
    planner starts from every project or event of the province and filters the
    units last; with it, it starts from the scope's units and their credits, as
    the hand-written SQL would (issue 13). The range only restates the prefix,
    so the rows are the same (paths hold digits and capitals only). PostgreSQL
    searches the varchar_pattern_ops index Django adds to the path with the LIKE
    prefix itself, and gets the plain condition."""
    paths = list(paths)
    q = subtree_q(paths, field)
    if (vendor or connection.vendor) == "sqlite" and paths:
        q &= functools.reduce(operator.or_, (Q(**{f"{field}__gte": p, f"{field}__lt": p + TOP}) for p in paths))
    return q


def _scoped(qs: QuerySet, credit: str, where: Where) -> QuerySet:
    """Join `qs` to the project's counted credits inside `where` and add `bucket`,
    the group key (the ranked unit's path, or TOTAL). `credit` is the path from
    the row to its project's credits (CREDITS), or "" for a row of a unit's own
    (an export figure). Everything after this reuses the same credit join: one
    row per (row, credit). The credit carries its unit's path and whether its
    project counts (counted_q), so neither the unit nor the project is read."""
    if credit:
        path = f"{credit}__unit_path"
        qs = qs.filter(**{f"{credit}__counted__in": COUNTED})
    else:
        path = "unit__path"
    if isinstance(where, Buckets):
        # The shared prefix (the county) lets the database start from the path index
        # instead of grouping every row of the province. Filtered first, so the
        # credit join is an inner join the planner may start from (an annotation's
        # join is a LEFT JOIN, which SQLite never reorders), and the bucket below
        # reuses it (a second .filter() on the relation would join the credits
        # again and count each row once per credit).
        if where.prefix:
            qs = qs.filter(in_subtrees([where.prefix], path))
        qs = qs.annotate(bucket=Substr(path, 1, where.length))
        # A group of everything under the prefix (by_unit) needs the other units' rows too.
        return qs if where.everything else qs.filter(bucket__in=where.paths)
    if isinstance(where, Groups) and where.paths:
        # The scopes' own filter, then the key of the scope holding the row's unit:
        # a CASE over the scopes' paths (by their length, as Buckets does).
        return qs.filter(in_subtrees(where.paths, path)).annotate(bucket=_group_of(where, path))
    return qs.filter(in_subtrees(where.paths, path)).annotate(bucket=Value(TOTAL))


def _group_of(where: Groups, path: str) -> Case:
    """The key of the group of `where` whose paths hold the unit at `path`."""
    whens = []
    for key, paths in where.groups:
        by_length: dict[int, list[str]] = defaultdict(list)
        for p in paths:
            by_length[len(p)].append(p)
        whens += [When(In(Substr(path, 1, length), same), then=Value(key)) for length, same in sorted(by_length.items())]
    return Case(*whens, output_field=CharField())


# The path from a fund entry or a stage event to its project's credits
# (projects.models.credits.SameProject).
CREDITS = "credits"

# The counted credits as `counted__in=COUNTED`: Django writes `counted=True` as the
# bare column, which SQLite cannot search its index (counted, unit_path, …) with.
COUNTED = [True]


def _share(credit: str) -> F:
    return F(f"{credit}__share_bp" if credit else "share_bp")


def _rates(years: Iterable[int]) -> dict[tuple[int, str], Decimal]:
    return ExchangeRate.objects.rates(years)


def _year(day: str) -> Cast | ExtractYear:
    """The year of a date column. SQLite extracts it in a Python function called
    once per row; its dates are ISO text, so there the year is the first 4
    characters, read by SQLite itself."""
    if connection.vendor == "sqlite":
        return Cast(Substr(day, 1, 4), IntegerField())
    return ExtractYear(day)


# The key of a count taken whole beside its share-weighted one (_tally's whole_too).
WHOLE = "whole"


def _tally(
    qs: QuerySet, credit: str, *, amount: str, currency: str, day: str, money: dict[Any, Q], counts: dict[Any, Q] | None = None,
    weighted: bool = True, whole_too: bool = False, by: str | None = None, across: Iterable[Any] = (), where: Where | None = None,
) -> tuple[dict[Any, dict[Any, Money]], dict[Any, dict[Any, Decimal]]]:
    """Several figures from one grouped query over `qs` (with `bucket` annotated):
    for each name in `money`, Σ(amount × share_bp) of the rows meeting its
    condition, converted to Money per bucket; for each name in `counts`, the
    share-weighted count of those rows per bucket (with `weighted=False`, each row
    counts whole: once per credited unit; with `whole_too`, those whole counts
    come as well, keyed (WHOLE, name), from the same rows). Q() means every row.
    With `by` (another annotation of qs), the groups are (bucket, by) pairs, except
    for the names in `across`: their sums add the groups of a bucket up (per
    currency and year, so converted and rounded once, as if grouped by bucket
    alone), beside the per-`by` figures of the same query. With `where` holding
    groups (Buckets.groups), each group's figures come folded from its units' rows.
    Folding the
    figures of several spans into one query is what keeps the dashboard's cold path
    to a handful of scans.

    SQL sums the plain amounts per (bucket, currency, year, share_bp) and Python
    multiplies the few groups by their share: Σ(amount × share_bp) over millions
    of rows would pass 2^63 (SQLite raises "integer overflow", PostgreSQL "bigint
    out of range"), while Σamount stays far below it."""
    counts = counts or {}
    aggregates: dict[str, Any] = {}
    for i, condition in enumerate(money.values()):
        # No default: a group without a matching row sums to NULL and is skipped,
        # so it cannot report a missing exchange rate it does not need.
        aggregates[f"m{i}"] = Sum(Case(When(condition, then=F(amount)))) if condition else Sum(amount)
    for i, condition in enumerate(counts.values()):
        aggregates[f"c{i}"] = Count("pk", filter=condition) if condition else Count("pk")
    # Only foreign amounts need their year (for the rate): CNY rows get year 0, which
    # spares SQLite a Python date function call on nearly every row.
    year = Case(When(Q(**{currency: Currency.CNY}) | Q(**{currency: ""}), then=Value(0)), default=_year(day), output_field=IntegerField())
    rows = list(
        qs.annotate(year=year, cur=F(currency), share=_share(credit))
        .values("bucket", *[by] * bool(by), "cur", "year", "share")
        .annotate(**aggregates)
        .order_by()
    )
    rows = _folded(rows, where)
    rates = _rates(r["year"] for r in rows if r["cur"] not in ("", Currency.CNY))
    across = set(across)
    sums = {}
    for i, name in enumerate(money):
        totals: dict[tuple[Any, str, int], int] = defaultdict(int)
        for r in rows:
            if r[f"m{i}"] is not None:
                bucket = (r["bucket"], r[by]) if by and name not in across else r["bucket"]
                totals[bucket, r["cur"], r["year"]] += r[f"m{i}"] * r["share"]
        sums[name] = convert(({"bucket": bucket, "currency": cur, "year": year, "total": total} for (bucket, cur, year), total in totals.items()), rates)
    tallies: dict[Any, dict[Any, Decimal]] = {}
    if by:
        for r in rows:
            r["bucket"] = (r["bucket"], r[by])
    for i, name in enumerate(counts):
        tallies[name] = _counted(rows, f"c{i}", weighted)
        if whole_too:
            tallies[WHOLE, name] = _counted(rows, f"c{i}", False)
    return sums, tallies


def _folded(rows: list[dict], where: Where | None) -> list[dict]:
    """The rows of a query grouped by unit (Buckets) and, for each group of units
    in `where.groups`, a copy of its units' rows keyed by the group: Python adds
    them up as if the database had grouped the rows by the group, so sums stay
    exact (per currency and year) until the group's one rounding. Only for
    additive columns: counts of distinct records need a query of their own."""
    if not isinstance(where, Buckets) or not where.groups:
        return rows
    groups_of = _groups_of(where)
    return rows + [{**row, "bucket": key} for row in rows for key in groups_of(row["bucket"])]


def _groups_of(where: Buckets) -> Callable[[str], list[str]]:
    """The keys of the groups of `where` (Buckets.groups) holding a bucket's rows:
    those made of it, and one of its ancestors (the county)."""
    exact: dict[str, list[str]] = defaultdict(list)
    ancestors = []
    for key, paths in where.groups:
        for path in paths:
            if len(path) < where.length:
                ancestors.append((path, key))
            else:
                exact[path].append(key)
    return lambda bucket: exact.get(bucket, []) + [key for path, key in ancestors if bucket.startswith(path)]


def _counted(rows: list[dict], column: str, weighted: bool) -> dict[Any, Decimal]:
    shares: dict[Any, int] = defaultdict(int)
    for r in rows:
        shares[r["bucket"]] += r[column] * (r["share"] if weighted else FULL)
    return {bucket: _count(bp) for bucket, bp in shares.items()}


def _share_sum(qs: QuerySet, credit: str, where: Where, **conditions: Q) -> dict[str, dict[str, Decimal]]:
    """Share-weighted counts per bucket: {"all": Σshare, name: Σshare where condition}."""
    share = _share(credit)
    sums = {"all": Sum(share)}
    for name, condition in conditions.items():
        sums[name] = Sum(Case(When(condition, then=share), default=Value(0), output_field=IntegerField()))
    rows = _scoped(qs, credit, where).values("bucket").annotate(**sums).order_by()
    return {row["bucket"]: {k: _count(row[k]) for k in sums} for row in rows}


def _one(result: dict[str, Any], default: Any) -> Any:
    return result.get(TOTAL, default)


def _stage_events(as_of: date) -> QuerySet:
    """Stage events as of a date, for _scoped (which keeps those of counted projects)."""
    return StageEvent.objects.as_of(as_of).filter(kind=EventKind.STAGE)


def _signings(span: Span, as_of: date) -> QuerySet:
    """Formal signings (the `signed` event carries the contract) dated in the span."""
    return _stage_events(as_of).filter(_dated(span, as_of), stage=Stage.SIGNED)


def _reached(stage: str, by: date, as_of: date, project: str = "project") -> Exists:
    """projects.models.reached, from a row that points at its project."""
    return reached(stage, by, as_of, project=project)


def _distinct(items: Iterable) -> list:
    """Each span (or window) once, in order: the comparison spans may coincide."""
    return list(dict.fromkeys(items))


def _at_least(threshold_yuan: int, years: Iterable[int]) -> Q:
    """Signing events of projects investing ≥ threshold 元, foreign currency at the
    rate of the event's (the signing's) year: projects.models.investing_at_least."""
    return investing_at_least(threshold_yuan, years, total="project__total_investment", currency="project__currency", day="date")


# ---------------------------------------------------------------- many units at once


def by_unit(units: Iterable[Unit], compute: Callable[[Where], dict[str, Any]], default: Any, groups: Iterable[Scope] = ()) -> dict[Any, Any]:
    """Run a grouped computation for many units: one query per distinct tree depth
    (usually one), each unit's subtree credited to it; keyed by unit id. With
    `groups` (a county's divisions, the county), each of those scopes too, keyed
    by Scope.key: folded from the units' rows in the same queries (Buckets.groups)
    when its paths are some of the units' of one depth, or the units' common
    ancestor; else in passes of their own (by_group)."""
    units, groups = list(units), list(groups)
    result: dict[Any, Any] = {unit.pk: default for unit in units} | {scope.key: default for scope in groups}
    by_length: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for unit in units:
        by_length[len(unit.path)][unit.path].append(unit.pk)
    folded: dict[int, list[Scope]] = defaultdict(list)
    taken: set[str] = set()
    apart = []
    prefixes = {Buckets(tuple(paths), length).prefix: length for length, paths in by_length.items()}
    for scope in groups:
        lengths = {len(path) for path in scope.paths}
        if len(lengths) == 1 and all(path in by_length.get(len(path), {}) and path not in taken for path in scope.paths):
            folded[lengths.pop()].append(scope)
            taken.update(scope.paths)
        elif len(scope.paths) == 1 and len(by_length) == 1 and scope.paths[0] in prefixes and len(scope.paths[0]) < prefixes[scope.paths[0]]:
            # The units' common ancestor (the county): every row of their one query.
            folded[prefixes[scope.paths[0]]].append(scope)
        else:
            apart.append(scope)
    for length, paths in by_length.items():
        keys = {scope.key for scope in folded[length]}
        for bucket, value in compute(Buckets(tuple(paths), length, tuple((s.key, s.paths) for s in folded[length]))).items():
            for pk in paths.get(bucket, []):
                result[pk] = value
            if bucket in keys:
                result[bucket] = value
    if apart:
        result.update(by_group(apart, compute, default))
    return result


def by_group(scopes: Iterable[Scope], compute: Callable[[Where], dict[str, Any]], default: Any) -> dict[str, Any]:
    """Run a grouped computation for several scopes (a county's divisions), keyed by
    Scope.key: one query for all of them, each scope's rows grouped under its key
    (periods.Groups), or one per pass when scopes overlap — a pass never holds two
    scopes a row could belong to both of, so each stays exactly its rows alone."""
    scopes = list(scopes)
    result: dict[str, Any] = {scope.key: default for scope in scopes}
    for groups in Groups.passes(Groups.of(scopes).groups):
        result.update(compute(groups))
    return result
