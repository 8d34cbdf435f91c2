"""Signings (count, size bands, signing rate) and the cohort rates: start, production, arrival."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from zhaoshang.projects.models import (
    EventKind,
    FundEntry,
    ProjectCredit,
    Stage,
    StageEvent,
    events_as_of,
    verified_by,
)
from zhaoshang.projects.money import Money

from ..periods import Buckets, Scope, Span
from .common import BANDS, COUNTED, CREDITS, TOTAL, Figure, Ratio, SignedCount, Where, _count, _dated, _dated_any, _distinct, _groups_of, _one, _reached, _scoped, _share, _stage_events, _tally, in_subtrees, ratio, yoy
from .money import _contracts, _signing_sums


def _signed_count(counts: dict, span: Span, bucket: str = TOTAL) -> SignedCount:
    return SignedCount(
        counts.get(("all", span), {}).get(bucket, Decimal(0)),
        {name: counts.get((name, span), {}).get(bucket, Decimal(0)) for name in BANDS},
    )


def signings(scope: Scope, span: Span, as_of: date) -> tuple[Money, SignedCount]:
    """合同引资额 and 签约项目数 with its size bands, from one query."""
    money, counts = _signing_sums(scope, [span], as_of)
    return _one(money[span], Money(0)), _signed_count(counts, span)


def signed_count(scope: Scope, span: Span, as_of: date) -> SignedCount:
    """签约项目数 and by size band (总投资 ≥1亿/5亿/10亿元)."""
    return signings(scope, span, as_of)[1]


def signed_projects(scope: Scope, span: Span, as_of: date) -> dict[str, Figure]:
    """签约项目数 and its size bands in whole projects, for a unit's own pages: a
    project counts once for each credited unit in the scope whatever its share
    (the shares apply to money), so the figure is the number of rows of the
    unit's list of signed projects. Keyed like the summary's figures
    (signed_count, signed_count_1yi…), with 同比 and 环比 on the same windows."""
    counts = _signing_sums(scope, [span, span.last_year(), span.previous()], as_of, weighted=False)[1]
    return _whole_figures(counts, span)


def _whole_figures(counts: dict, span: Span, bucket: str = TOTAL) -> dict[str, Figure]:
    """signed_projects' figures from whole counts of the span and its comparisons."""
    now, then, before = (_signed_count(counts, s, bucket) for s in (span, span.last_year(), span.previous()))

    def figure(pick: Callable[[SignedCount], Decimal]) -> Figure:
        return Figure(pick(now), pick(then), pick(before), yoy(pick(now), pick(then)), yoy(pick(now), pick(before)))

    figures = {"signed_count": figure(lambda c: c.total)}
    for band in BANDS:
        figures[f"signed_count_{band}"] = figure(lambda c, band=band: c.bands[band])
    return figures


def signing_rate(scope: Scope, span: Span, as_of: date) -> Ratio:
    """签约率: of the projects that entered 洽谈 in the span, the share signed by its end."""
    return _pipeline_rates(scope, [span], [], as_of)["signing", span]


def _ratio(row: dict[str, Decimal], name: str, base: str = "all") -> Ratio:
    numerator, denominator = row.get(name, Decimal(0)), row.get(base, Decimal(0))
    return Ratio(numerator, denominator, ratio(numerator, denominator))


# ---------------------------------------------------------------- cohort rates


COHORT_STAGES = {"started": Stage.STARTED, "producing": Stage.PRODUCING}


def _credit_shares(where: Where, events: QuerySet, flags: dict[str, Q], groups: dict[str, tuple[str, ...]]) -> dict[str, dict[str, Decimal]]:
    """Share-weighted counts of the credits inside `where` by what their projects'
    events show, per bucket. A credit has a flag when any event of its project
    meets the flag's condition; each group counts the credits having all of its
    flags. Two levels in one query — flags per credit, then sums of shares per
    bucket — so a project counts once per credit however many events it has,
    with no EXISTS per row."""
    per_credit = (
        _scoped(events, CREDITS, where)
        # A credit is (project, unit), and a unit is its path: grouped by those, the
        # credit index (credit_scope_cover) covers the query.
        .annotate(credited=F("credits__unit_path"), share=_share(CREDITS))
        .values("bucket", "project", "credited", "share")
        .annotate(**{flag: Max(Case(When(q, then=Value(1)), default=Value(0))) for flag, q in flags.items()})
        .order_by()
    )
    # The ORM cannot group the rows of a grouped query again (aggregate() sums them
    # all into one row), so the outer level is written out; every name in it is ours.
    conditions = [" AND ".join(f'"{flag}" = 1' for flag in needed) for needed in groups.values()]
    sums = ", ".join(f'SUM(CASE WHEN {condition} THEN "share" ELSE 0 END)' for condition in conditions)
    try:
        inner, params = per_credit.query.sql_with_params()
    except EmptyResultSet:  # a scope of no units (an empty division): nothing to count
        return {}
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "bucket", {sums} FROM ({inner}) per_credit GROUP BY "bucket"', params)
        rows = cursor.fetchall()
    if isinstance(where, Buckets) and where.groups:
        # Sums of shares: a group's are its units' added up (common._folded).
        groups_of = _groups_of(where)
        sums_of: dict[str, list[int]] = {}
        for row in rows:
            for key in groups_of(row[0]):
                into = sums_of.setdefault(key, [0] * len(groups))
                for i, value in enumerate(row[1:]):
                    into[i] += value or 0
        rows = [*rows, *((key, *values) for key, values in sums_of.items())]
    return {row[0]: {name: _count(value) for name, value in zip(groups, row[1:], strict=True)} for row in rows}


def _pipeline_counts(where: Where, spans: Iterable[Span], cohorts: Iterable[Span], as_of: date) -> dict[str, dict[str, Decimal]]:
    """The counts behind 签约率 of each span and 开工率/投产率 of each signed cohort,
    per bucket, in one query over the projects' events as of as_of; read them
    with _pipeline_ratios and the same spans and cohorts."""
    spans, cohorts = _distinct(spans), _distinct(cohorts)
    flags: dict[str, Q] = {}
    groups: dict[str, tuple[str, ...]] = {}
    for i, span in enumerate(spans):
        flags[f"entered{i}"] = Q(_dated(span, as_of), stage=Stage.NEGOTIATING)
        flags[f"signed{i}"] = Q(stage__in=Stage.SIGNED.reached_stages(), date__lte=span.until(as_of))
        groups[f"entered{i}"] = (f"entered{i}",)
        groups[f"signing{i}"] = (f"entered{i}", f"signed{i}")
    for name, stage in COHORT_STAGES.items():
        flags[name] = Q(stage__in=Stage(stage).reached_stages())
    for j, cohort in enumerate(cohorts):
        flags[f"cohort{j}"] = Q(_dated(cohort, as_of), stage=Stage.SIGNED)
        groups[f"cohort{j}"] = (f"cohort{j}",)
        groups |= {f"{name}{j}": (f"cohort{j}", name) for name in COHORT_STAGES}
    stages = [Stage.NEGOTIATING] * bool(spans) + Stage.SIGNED.reached_stages()
    return _credit_shares(where, _stage_events(as_of).filter(stage__in=stages), flags, groups)


def _pipeline_ratios(counts: dict[str, Decimal], spans: Iterable[Span], cohorts: Iterable[Span]) -> dict[tuple[str, Span], Ratio]:
    """签约率 ("signing") of each span, and 开工率 ("started") and 投产率 ("producing")
    of each cohort, from one bucket's _pipeline_counts."""
    spans, cohorts = _distinct(spans), _distinct(cohorts)
    rates = {("signing", span): _ratio(counts, f"signing{i}", f"entered{i}") for i, span in enumerate(spans)}
    for j, cohort in enumerate(cohorts):
        rates |= {(name, cohort): _ratio(counts, f"{name}{j}", f"cohort{j}") for name in COHORT_STAGES}
    return rates


def _pipeline_rates(scope: Scope, spans: Iterable[Span], cohorts: Iterable[Span], as_of: date) -> dict[tuple[str, Span], Ratio]:
    spans, cohorts = _distinct(spans), _distinct(cohorts)
    return _pipeline_ratios(_pipeline_counts(scope, spans, cohorts, as_of).get(TOTAL, {}), spans, cohorts)


def _cohort_rate(scope: Scope, cohort: Span, as_of: date, name: str) -> Ratio:
    """开工率 ("started") or 投产率 ("producing") of one cohort alone, the same counts
    as _pipeline_counts' (a test holds them together) in a query shaped for one
    figure: the scope's credits whose project signed in the cohort, each share
    counted when the project has reached the stage — two EXISTS per credit. The
    combined query's two levels over every event of the scope's projects cost a
    single figure twice as much on SQLite (issue 13); the board keeps them, as
    they give all its rates at once."""
    # One filter per query, aggregate() and a filtered Sum rather than a CASE: the
    # ORM's own work is near a third of this figure's time on SQLite (scale 0.1).
    signed = StageEvent.objects.filter(
        events_as_of(as_of), _dated(cohort, as_of), project=OuterRef("project"), kind=EventKind.STAGE, stage=Stage.SIGNED
    )
    share = _share("")
    sums = ProjectCredit.objects.filter(in_subtrees(scope.paths, "unit_path"), Exists(signed), counted__in=COUNTED).aggregate(
        all=Sum(share), reached=Sum(share, filter=_reached(COHORT_STAGES[name], as_of, as_of))
    )
    return _ratio({key: _count(value) for key, value in sums.items()}, "reached")


def start_rate(scope: Scope, cohort: Span, as_of: date) -> Ratio:
    """开工率: share of the projects signed in the cohort span that have started by as_of."""
    return _cohort_rate(scope, cohort, as_of, "started")


def production_rate(scope: Scope, cohort: Span, as_of: date) -> Ratio:
    """投产率: share of the signed cohort that is producing by as_of."""
    return _cohort_rate(scope, cohort, as_of, "producing")


def _cohort_arrivals(where: Where, cohorts: Iterable[Span], as_of: date) -> dict[Span, dict[str, Money]]:
    """Verified arrivals to date (any date up to as_of) of the projects signed in
    each cohort span, per bucket, in one query. Each entry is joined to its project's signing
    (one live `signed` event per project, as for 合同引资额, the rate's base) and
    summed by the signing's date, rather than tested with an EXISTS per entry."""
    cohorts = _distinct(cohorts)
    signing = "events__"  # the project's events (FundEntry.events), not through the project row
    entries = FundEntry.objects.filter(
        verified_by(as_of),
        events_as_of(as_of, signing),
        _dated_any(cohorts, as_of, f"{signing}date"),
        date__lte=as_of,
        **{f"{signing}kind": EventKind.STAGE, f"{signing}stage": Stage.SIGNED},
    )
    money = {cohort: _dated(cohort, as_of, f"{signing}date") for cohort in cohorts}
    return _tally(_scoped(entries, CREDITS, where), CREDITS, amount="amount", currency="currency", day="date", money=money, where=where)[0]


def _arrival_ratio(arrived: Money, contracted: Money) -> Ratio:
    return Ratio(Decimal(arrived.yuan), Decimal(contracted.yuan), ratio(arrived.yuan, contracted.yuan))


def arrival_rate(scope: Scope, cohort: Span, as_of: date) -> Ratio:
    """资金到位率: for the projects signed in the cohort span, verified arrivals to
    date (any date up to as_of) ÷ their contract amounts, both in 元 and by share."""
    contracted = _one(_contracts(scope, cohort, as_of), Money(0))
    return _arrival_ratio(_one(_cohort_arrivals(scope, [cohort], as_of)[cohort], Money(0)), contracted)
