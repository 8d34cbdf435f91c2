"""The metric engine: the ONE module that owns every metric definition of docs/domain.md
§6. The dashboard, the API, exports, rankings and (later) circulars call it.

How to call it
--------------
    scope = Scope.for_unit(unit)          # or Scope.for_division / for_jurisdiction
    span = Span.parse("ytd:2026-10")      # month / quarter / ytd / range
    engine.funds_arrived(scope, span, as_of=date(2026, 10, 31))  -> int 元
    engine.summary(scope, span, as_of)    -> Summary, every §6 key with 同比/环比
    engine.funds_by_unit(units, span, as_of) -> {unit_id: 元}  (one query per tree depth)

Rules every figure follows
--------------------------
- **As of a date.** Figures read dated events only: stage events as the record
  stood at the end of `as_of` (`StageEvent.objects.as_of`), fund entries verified
  by the end of `as_of` in Asia/Shanghai. `Project.stage`, `signed_on` and
  `contract_amount` are caches and are never read. Only events dated up to
  `min(span.end, as_of)` count.
- **Counted projects** only (`Project.objects.counted()`): merged and suspected
  duplicates never count twice.
- **Credit shares.** Each row is joined to the project's `ProjectCredit` rows inside
  the scope and weighted by `share_bp`. A jurisdiction contains every credited unit,
  whose shares sum to 10000, so each project counts exactly once there.
- **Money and rounding.** SQL computes Σ(amount × share_bp) per (currency, year);
  each group is converted exactly with `Decimal` at that year's `ExchangeRate`
  (US cents × rate / 100), everything is divided by 10000 once, and the result is
  rounded half up to an integer 元 once. The Python step sees one row per currency
  and year, never one per record. A foreign amount whose year has no rate is left
  out and reported in `missing_rates`.
- **Counts** are share-weighted `Decimal`s (a 60/40 project is 0.6 and 0.4).
- **Rates** are `Decimal` fractions rounded half up to 4 places (0.2534 = 25.34%),
  or None when the base is zero (shown as —).
- **同比** compares with the same span last year, **环比** with the previous span of
  the same length (see `Span.previous`); both are computed as of the same `as_of`,
  so a late-verified entry of last year counts in last year's figure.
"""

from __future__ import annotations

import functools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractYear, Substr, TruncMonth

from zhaoshang.core.money import round_yuan
from zhaoshang.organisation.models import Unit
from zhaoshang.projects.models import (
    PIPELINE,
    SIZE_BANDS,
    Currency,
    EventKind,
    ExchangeRate,
    FundEntry,
    Stage,
    StageEvent,
    events_as_of,
    counted_q,
    investing_at_least,
    reached,
    pending_on,
    verified_by,
)

# Money and the conversion of sums live next to the exchange rates (projects.money),
# so a fund list's 合计 converts as the figures do; re-exported for the engine's readers.
from zhaoshang.projects.money import FULL as FULL
from zhaoshang.projects.money import TOTAL, convert
from zhaoshang.projects.money import Money as Money
from zhaoshang.projects.money import in_yuan as in_yuan

from .freshness import cached, scope_roots
from .periods import Buckets, Scope, Span, end_of_day

RATE_PLACES = Decimal("0.0001")
BANDS = SIZE_BANDS

Where = Scope | Buckets


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
    q = Q()
    for span in spans:
        q |= _dated(span, as_of, day)
    return q


def _scoped(qs: QuerySet, credit: str, where: Where) -> QuerySet:
    """Join `qs` to the project's credits inside `where` and add `bucket`, the
    group key (the ranked unit's path, or TOTAL). `credit` is the path from the
    row to ProjectCredit ("project__credits", or "" for ProjectCredit itself).
    Everything after this reuses the same credit join: one row per (row, credit)."""
    path = f"{credit}__unit__path" if credit else "unit__path"
    if isinstance(where, Buckets):
        qs = qs.annotate(bucket=Substr(path, 1, where.length)).filter(bucket__in=where.paths)
        # The shared prefix (the county) lets the database start from the path index
        # instead of grouping every row of the province. Through an alias, so the
        # filter reuses the credit join (a second .filter() on the relation would join
        # the credits again and count each row once per credit).
        return qs.alias(credit_path=F(path)).filter(credit_path__startswith=where.prefix) if where.prefix else qs
    return qs.filter(where.q(path)).annotate(bucket=Value(TOTAL))


def _share(credit: str) -> F:
    return F(f"{credit}__share_bp" if credit else "share_bp")


def _rates(years: Iterable[int]) -> dict[tuple[int, str], Decimal]:
    return ExchangeRate.objects.rates(years)


def _tally(
    qs: QuerySet,
    credit: str,
    *,
    amount: str,
    currency: str,
    day: str,
    money: dict[Any, Q],
    counts: dict[Any, Q] | None = None,
    weighted: bool = True,
) -> tuple[dict[Any, dict[Any, Money]], dict[Any, dict[Any, Decimal]]]:
    """Several figures from one grouped query over `qs` (with `bucket` annotated):
    for each name in `money`, Σ(amount × share_bp) of the rows meeting its
    condition, converted to Money per bucket; for each name in `counts`, the
    share-weighted count of those rows per bucket (with `weighted=False`, each row
    counts whole: once per credited unit). Q() means every row. Folding the
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
    year = Case(When(Q(**{currency: Currency.CNY}) | Q(**{currency: ""}), then=Value(0)), default=ExtractYear(day), output_field=IntegerField())
    rows = list(
        qs.annotate(year=year, cur=F(currency), share=_share(credit)).values("bucket", "cur", "year", "share").annotate(**aggregates).order_by()
    )
    rates = _rates(r["year"] for r in rows if r["cur"] not in ("", Currency.CNY))
    sums = {
        name: convert(
            (
                {"bucket": r["bucket"], "currency": r["cur"], "year": r["year"], "total": r[f"m{i}"] * r["share"]}
                for r in rows
                if r[f"m{i}"] is not None
            ),
            rates,
        )
        for i, name in enumerate(money)
    }
    tallies: dict[Any, dict[Any, Decimal]] = {}
    for i, name in enumerate(counts):
        shares: dict[Any, int] = defaultdict(int)
        for r in rows:
            shares[r["bucket"]] += r[f"c{i}"] * (r["share"] if weighted else FULL)
        tallies[name] = {bucket: _count(bp) for bucket, bp in shares.items()}
    return sums, tallies


def _money_rows(qs: QuerySet, credit: str, *, amount: str, currency: str, day: str) -> dict[Any, Money]:
    """Σ(amount × share_bp) per `bucket` (already annotated on qs), in 元."""
    return _tally(qs, credit, amount=amount, currency=currency, day=day, money={TOTAL: Q()})[0][TOTAL]


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
    return StageEvent.objects.as_of(as_of).filter(counted_q(), kind=EventKind.STAGE)


def _signings(span: Span, as_of: date) -> QuerySet:
    """Formal signings (the `signed` event carries the contract) dated in the span."""
    return _stage_events(as_of).filter(_dated(span, as_of), stage=Stage.SIGNED)


def _reached(stage: str, by: date, as_of: date, project: str = "project") -> Exists:
    """projects.models.reached, from a row that points at its project."""
    return reached(stage, by, as_of, project=project)


def _distinct(items: Iterable) -> list:
    """Each span (or window) once, in order: the comparison spans may coincide."""
    return list(dict.fromkeys(items))


# ---------------------------------------------------------------- money metrics


SpanAsOf = tuple[Span, date]  # a span, counted as of a date


def _fund_sums(where: Where, windows: Iterable[SpanAsOf], *, pending: bool = True) -> dict[tuple[str, Span, date], dict[str, Money]]:
    """到位资金 ("arrived") and, with `pending`, 待核实资金 ("pending") of the entries
    dated in each span as of its date, keyed by (figure, span, as_of): one query
    for every window — the span, 同比 and 环比 of a summary, or a ranking now and
    at the end of last month."""
    windows = _distinct(windows)
    entries = FundEntry.objects.filter(counted_q(), functools.reduce(operator.or_, (_dated(s, day) for s, day in windows)))
    if not pending:
        entries = entries.filter(verified_by(max(day for _, day in windows)))
    conditions = {}
    for span, day in windows:
        conditions["arrived", span, day] = _dated(span, day) & verified_by(day)
        if pending:
            conditions["pending", span, day] = _dated(span, day) & pending_on(day)
    scoped = _scoped(entries, "project__credits", where)
    return _tally(scoped, "project__credits", amount="amount", currency="currency", day="date", money=conditions)[0]


def _funds(where: Where, span: Span, as_of: date) -> dict[str, Money]:
    return _fund_sums(where, [(span, as_of)], pending=False)["arrived", span, as_of]


def funds_arrived(scope: Scope, span: Span, as_of: date) -> Money:
    """到位资金: verified arrivals dated in the span, verified by the end of as_of."""
    return _one(_funds(scope, span, as_of), Money(0))


def funds_by_unit(units: Iterable[Unit], span: Span, as_of: date) -> dict[int, Money]:
    return by_unit(units, lambda where: _funds(where, span, as_of), Money(0))


def funds_pending(scope: Scope, span: Span, as_of: date) -> Money:
    """待核实资金: arrivals dated in the span, reported but not verified by as_of.
    (A working figure: an entry edited after as_of shows under its new report time.)"""
    return _one(_fund_sums(scope, [(span, as_of)])["pending", span, as_of], Money(0))


def _signing_sums(where: Where, spans: Iterable[Span], as_of: date, *, bands: bool = True, weighted: bool = True) -> tuple[dict, dict]:
    """合同引资额 and 签约项目数 of the formal signings dated in each span, in one
    query: ({span: {bucket: Money}}, {(name, span): {bucket: count}}) where name
    is "all" or, with `bands`, a size band of BANDS; counts share-weighted unless
    `weighted` is False (see _tally)."""
    spans = _distinct(spans)
    events = _stage_events(as_of).filter(_dated_any(spans, as_of), stage=Stage.SIGNED)
    counts: dict[tuple[str, Span], Q] = {}
    band_conditions = {}
    if bands:
        years = range(min(s.start.year for s in spans), max(s.end.year for s in spans) + 1)
        band_conditions = {name: _at_least(amount, years) for name, amount in BANDS.items()}
    for span in spans:
        counts["all", span] = _dated(span, as_of)
        for name, condition in band_conditions.items():
            counts[name, span] = _dated(span, as_of) & condition
    return _tally(
        _scoped(events, "project__credits", where),
        "project__credits",
        amount="contract_amount",
        currency="contract_currency",
        day="date",
        money={span: _dated(span, as_of) for span in spans},
        counts=counts,
        weighted=weighted,
    )


def _contracts(where: Where, span: Span, as_of: date) -> dict[str, Money]:
    return _signing_sums(where, [span], as_of, bands=False)[0][span]


def contract_amount(scope: Scope, span: Span, as_of: date) -> Money:
    """合同引资额: contract amounts of the projects formally signed in the span."""
    return _one(_contracts(scope, span, as_of), Money(0))


def contracts_by_unit(units: Iterable[Unit], span: Span, as_of: date) -> dict[int, Money]:
    return by_unit(units, lambda where: _contracts(where, span, as_of), Money(0))


def _foreign(where: Where, span: Span, as_of: date) -> dict[str, int]:
    """实际利用外资 in US cents: verified USD arrivals of foreign-funded projects."""
    entries = FundEntry.objects.filter(counted_q(), _dated(span, as_of), verified_by(as_of), project__is_foreign_funded=True, currency=Currency.USD)
    # Summed per share like _tally, so the product cannot overflow in SQL.
    rows = (
        _scoped(entries, "project__credits", where)
        .annotate(share=_share("project__credits"))
        .values("bucket", "share")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    totals: dict[str, int] = defaultdict(int)
    for r in rows:
        totals[r["bucket"]] += (r["total"] or 0) * r["share"]
    return {bucket: round_yuan(Decimal(total) / FULL) for bucket, total in totals.items()}


def foreign_actual(scope: Scope, span: Span, as_of: date) -> int:
    return _one(_foreign(scope, span, as_of), 0)


def _exports(where: Where, span: Span, as_of: date) -> dict[str, int]:
    """外贸出口 in US cents: the monthly figures the bureau copied from the commerce
    statistics (targets.ExportFigure) for the months beginning in the span, each
    as it stood at the end of as_of — the latest history row recorded by then,
    unless that row is a deletion. No credit shares: a figure belongs to its unit."""
    from zhaoshang.targets.models import ExportFigure

    recorded = ExportFigure.history.filter(month__gte=span.start, month__lte=span.until(as_of), history_date__lte=end_of_day(as_of))
    latest = recorded.filter(id=OuterRef("id")).order_by("-history_date", "-history_id").values("history_id")[:1]
    current = recorded.filter(history_id=Subquery(latest)).exclude(history_type="-")
    rows = _scoped(current, "", where).values("bucket").annotate(total=Sum("amount")).order_by()
    return {row["bucket"]: row["total"] or 0 for row in rows}


def export_total(scope: Scope, span: Span, as_of: date) -> int:
    return _one(_exports(scope, span, as_of), 0)


# ---------------------------------------------------------------- signings


def _at_least(threshold_yuan: int, years: Iterable[int]) -> Q:
    """Signing events of projects investing ≥ threshold 元, foreign currency at the
    rate of the event's (the signing's) year: projects.models.investing_at_least."""
    return investing_at_least(threshold_yuan, years, total="project__total_investment", currency="project__currency", day="date")


def _signed_count(counts: dict, span: Span) -> SignedCount:
    return SignedCount(
        _one(counts.get(("all", span), {}), Decimal(0)),
        {name: _one(counts.get((name, span), {}), Decimal(0)) for name in BANDS},
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
    last_year, previous = span.last_year(), span.previous()
    counts = _signing_sums(scope, [span, last_year, previous], as_of, weighted=False)[1]
    now, then, before = (_signed_count(counts, s) for s in (span, last_year, previous))

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


def _signed_in(cohorts: Iterable[Span], as_of: date) -> Exists:
    """The row's project was formally signed in one of the cohort spans."""
    signings = _stage_events(as_of).filter(_dated_any(cohorts, as_of), stage=Stage.SIGNED, project=OuterRef("project"))
    return Exists(signings)


COHORT_STAGES = {"started": Stage.STARTED, "producing": Stage.PRODUCING}


def _credit_shares(scope: Scope, events: QuerySet, flags: dict[str, Q], groups: dict[str, tuple[str, ...]]) -> dict[str, Decimal]:
    """Share-weighted counts of the scope's credits by what their projects' events
    show. A credit has a flag when any event of its project meets the flag's
    condition; each group counts the credits having all of its flags. Two levels
    in one query — flags per credit, then sums of shares — so a project counts
    once per credit however many events it has, with no EXISTS per row."""
    per_credit = (
        _scoped(events, "project__credits", scope)
        # A credit is (project, unit): grouped by those, the credit index covers the query.
        .annotate(credited=F("project__credits__unit"), share=_share("project__credits"))
        .values("project", "credited", "share")
        .annotate(**{flag: Max(Case(When(q, then=Value(1)), default=Value(0))) for flag, q in flags.items()})
        .order_by()
    )
    # Named apart from the flags: an aggregate() name would shadow the flag it sums.
    sums = {f"sum_{name}": Sum(Case(When(Q(**dict.fromkeys(needed, 1)), then=F("share")), default=Value(0))) for name, needed in groups.items()}
    return {key.removeprefix("sum_"): _count(value) for key, value in per_credit.aggregate(**sums).items()}


def _pipeline_rates(scope: Scope, spans: Iterable[Span], cohorts: Iterable[Span], as_of: date) -> dict[tuple[str, Span], Ratio]:
    """签约率 ("signing") of each span, and 开工率 ("started") and 投产率 ("producing")
    of each signed cohort, in one query over the projects' events as of as_of."""
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
    counts = _credit_shares(scope, _stage_events(as_of).filter(stage__in=stages), flags, groups)
    rates = {("signing", span): _ratio(counts, f"signing{i}", f"entered{i}") for i, span in enumerate(spans)}
    for j, cohort in enumerate(cohorts):
        rates |= {(name, cohort): _ratio(counts, f"{name}{j}", f"cohort{j}") for name in COHORT_STAGES}
    return rates


def start_rate(scope: Scope, cohort: Span, as_of: date) -> Ratio:
    """开工率: share of the projects signed in the cohort span that have started by as_of."""
    return _pipeline_rates(scope, [], [cohort], as_of)["started", cohort]


def production_rate(scope: Scope, cohort: Span, as_of: date) -> Ratio:
    """投产率: share of the signed cohort that is producing by as_of."""
    return _pipeline_rates(scope, [], [cohort], as_of)["producing", cohort]


def _cohort_arrivals(scope: Scope, cohorts: Iterable[Span], as_of: date) -> dict[Span, Money]:
    """Verified arrivals to date (any date up to as_of) of the projects signed in
    each cohort span, in one query. Each entry is joined to its project's signing
    (one live `signed` event per project, as for 合同引资额, the rate's base) and
    summed by the signing's date, rather than tested with an EXISTS per entry."""
    cohorts = _distinct(cohorts)
    signing = "project__events__"
    entries = FundEntry.objects.filter(
        counted_q(),
        verified_by(as_of),
        events_as_of(as_of, signing),
        _dated_any(cohorts, as_of, f"{signing}date"),
        date__lte=as_of,
        **{f"{signing}kind": EventKind.STAGE, f"{signing}stage": Stage.SIGNED},
    )
    money = {cohort: _dated(cohort, as_of, f"{signing}date") for cohort in cohorts}
    sums = _tally(_scoped(entries, "project__credits", scope), "project__credits", amount="amount", currency="currency", day="date", money=money)[0]
    return {cohort: _one(sums[cohort], Money(0)) for cohort in cohorts}


def _arrival_ratio(arrived: Money, contracted: Money) -> Ratio:
    return Ratio(Decimal(arrived.yuan), Decimal(contracted.yuan), ratio(arrived.yuan, contracted.yuan))


def arrival_rate(scope: Scope, cohort: Span, as_of: date) -> Ratio:
    """资金到位率: for the projects signed in the cohort span, verified arrivals to
    date (any date up to as_of) ÷ their contract amounts, both in 元 and by share."""
    contracted = _one(_contracts(scope, cohort, as_of), Money(0))
    return _arrival_ratio(_cohort_arrivals(scope, [cohort], as_of)[cohort], contracted)


# ---------------------------------------------------------------- project counts (targets)


def _project_count(where: Where, span: Span, as_of: date, *, stage: str, category: str, min_investment: int | None) -> dict[str, Decimal]:
    """Projects whose event for `stage` is dated in the span (skipped stages get
    dated events too, so a jump past the stage still counts), matching the
    category and the minimum total investment (converted at the event's year)."""
    events = _stage_events(as_of).filter(stage=stage or Stage.SIGNED, date__gte=span.start, date__lte=span.until(as_of))
    if category:
        events = events.filter(project__category=category)
    if min_investment:
        events = events.filter(_at_least(min_investment, range(span.start.year, span.until(as_of).year + 1)))
    return {bucket: row["all"] for bucket, row in _share_sum(events, "project__credits", where).items()}


def project_count(
    scope: Scope, span: Span, as_of: date, *, stage: str = Stage.SIGNED, category: str = "", min_investment: int | None = None
) -> Decimal:
    return _one(_project_count(scope, span, as_of, stage=stage, category=category, min_investment=min_investment), Decimal(0))


# ---------------------------------------------------------------- targets


def is_behind(rate: Decimal | None, time_progress: Decimal) -> bool:
    """时间过半、任务过半: behind schedule when the completion rate is below the time
    progress (docs/domain.md §6). The one test of the completion card, the rankings
    and the campaign leaderboards; no rate (no target) is never behind."""
    return rate is not None and rate < time_progress


def time_progress(start: date, end: date, as_of: date) -> Decimal:
    """序时进度: the elapsed share of [start, end] at the end of as_of (both ends
    inclusive), between 0 and 1, 4 places."""
    total = (end - start).days + 1
    elapsed = min(max((as_of - start).days + 1, 0), total)
    return ratio(elapsed, total) or Decimal(0)


def actual_by_unit(units: Iterable[Unit], kind: str, span: Span, as_of: date, target=None) -> dict[int, Decimal | int | None]:
    """The figure a target of `kind` is measured against, for many units at once
    (in the target's unit: 元, US cents, or a count)."""
    units = list(units)
    if kind == "funds_arrived":
        return {pk: m.yuan for pk, m in funds_by_unit(units, span, as_of).items()}
    if kind == "contract_amount":
        return {pk: m.yuan for pk, m in contracts_by_unit(units, span, as_of).items()}
    if kind == "foreign_actual":
        return by_unit(units, lambda where: _foreign(where, span, as_of), 0)
    if kind == "project_count":
        options = {
            "stage": getattr(target, "stage_reached", "") or Stage.SIGNED,
            "category": getattr(target, "category", ""),
            "min_investment": getattr(target, "min_investment", None),
        }
        return by_unit(units, lambda where: _project_count(where, span, as_of, **options), Decimal(0))
    if kind == "export_total":
        return by_unit(units, lambda where: _exports(where, span, as_of), 0)
    return {unit.pk: None for unit in units}


def actual_by_own_target(units: Iterable[Unit], period, kind: str, span: Span, as_of: date) -> dict[int, Decimal | int | None]:
    """actual_by_unit for the units' targets of `kind` in a targets.Period: a
    project_count target is measured by its own filter (stage reached, category,
    total investment; the unit's first such target, as effective_targets shows),
    as completion_rate measures it. Units sharing a filter take one computation."""
    units = list(units)
    if kind != "project_count":
        return actual_by_unit(units, kind, span, as_of)
    from zhaoshang.targets.models import Target

    firsts: dict[int, Any] = {}
    for target in Target.objects.filter(period=period, kind=kind, unit__in=units).order_by("id"):
        firsts.setdefault(target.unit_id, target)
    groups: dict[Any, list[Unit]] = defaultdict(list)
    for unit in units:
        target = firsts.get(unit.pk)  # type: ignore[assignment]
        groups[(target.stage_reached, target.category, target.min_investment) if target else None].append(unit)
    result: dict[int, Decimal | int | None] = {}
    for members in groups.values():
        result.update(actual_by_unit(members, kind, span, as_of, firsts.get(members[0].pk)))
    return result


def actuals_by_unit(units: Iterable[Unit], kind: str, span: Span, as_ofs: list[date]) -> list[dict[int, Decimal | int | None]]:
    """actual_by_unit as of several dates (a ranking now and a month ago); 到位资金,
    the usual ranking figure, in one query for all of them."""
    units = list(units)
    if kind != "funds_arrived":
        return [actual_by_unit(units, kind, span, as_of) for as_of in as_ofs]

    def compute(where: Where) -> dict[str, dict[date, Money]]:
        sums = _fund_sums(where, [(span, as_of) for as_of in as_ofs], pending=False)
        by_bucket: dict[str, dict[date, Money]] = defaultdict(dict)
        for (_, _, as_of), buckets in sums.items():
            for bucket, money in buckets.items():
                by_bucket[bucket][as_of] = money
        return by_bucket

    found = by_unit(units, compute, {})
    return [{pk: found[pk].get(as_of, Money(0)).yuan for pk in found} for as_of in as_ofs]


def actual(kind: str, scope: Scope, span: Span, as_of: date, target=None) -> Decimal | int | None:
    if kind == "funds_arrived":
        return funds_arrived(scope, span, as_of).yuan
    if kind == "contract_amount":
        return contract_amount(scope, span, as_of).yuan
    if kind == "foreign_actual":
        return foreign_actual(scope, span, as_of)
    if kind == "project_count":
        return project_count(
            scope,
            span,
            as_of,
            stage=getattr(target, "stage_reached", "") or Stage.SIGNED,
            category=getattr(target, "category", ""),
            min_investment=getattr(target, "min_investment", None),
        )
    if kind == "export_total":
        return export_total(scope, span, as_of)
    return None


@dataclass(frozen=True)
class Completion:
    kind: str
    target: int | None
    actual: Decimal | int | None
    rate: Decimal | None  # 任务完成率
    time_progress: Decimal
    is_default: bool = False

    @property
    def behind(self) -> bool:
        return is_behind(self.rate, self.time_progress)

    @property
    def done(self) -> bool:
        return self.rate is not None and self.rate >= 1


def completion_rate(unit: Unit, period, kind: str, as_of: date) -> Completion:
    """任务完成率 of a unit's target of `kind` in a targets.Period: actual ÷ target,
    the actual measured over the period up to as_of."""
    from zhaoshang.targets.models import effective_targets

    span = Span.range(period.start, period.end)
    progress = time_progress(period.start, period.end, as_of)
    row = effective_targets(period, kind, Unit.objects.filter(pk=unit.pk)).values("target_amount", "target_is_default").first()
    target = None
    if kind == "project_count":
        target = period.targets.filter(kind=kind, unit=unit).order_by("id").first()
    value = actual(kind, Scope.for_unit(unit), span, as_of, target)
    if row is None:
        return Completion(kind, None, value, None, progress)
    return Completion(kind, row["target_amount"], value, ratio(value, row["target_amount"]), progress, row["target_is_default"])


@dataclass(frozen=True)
class UnitsDone:
    done: int
    total: int  # units with a target


def units_done(period, as_of: date, kind: str | None = None, scope: Scope | None = None) -> UnitsDone:
    """完成任务单位数: units (of the scope, default the period's jurisdiction) whose
    completion rate of `kind` (default the period's primary kind) is ≥ 100%."""
    from zhaoshang.targets.models import effective_targets

    kind = kind or period.primary_kind
    units = Unit.objects.filter(path__startswith=period.jurisdiction.path)
    if scope is not None:
        units = units.filter(scope.q("path"))
    targeted = list(effective_targets(period, kind, units.exclude(pk=period.jurisdiction.pk)))
    actuals = actual_by_own_target(targeted, period, kind, Span.range(period.start, period.end), as_of)
    done = sum(1 for u in targeted if (r := ratio(actuals.get(u.pk), u.target_amount)) is not None and r >= 1)
    return UnitsDone(done, len(targeted))


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
    entered = _stage_events(as_of).filter(stage__in=PIPELINE, date__gte=span.start, date__lte=span.until(as_of))
    entered = entered.annotate(next_stage=_next_stage())
    following = StageEvent.objects.as_of(as_of).filter(project=OuterRef("project"), kind=EventKind.STAGE, stage=OuterRef("next_stage"))
    entered = entered.annotate(next_date=Subquery(following.order_by("date").values("date")[:1]))
    rows = (
        _scoped(entered, "project__credits", scope)
        .annotate(days=ExpressionWrapper(F("next_date") - F("date"), output_field=DurationField()))
        .values("stage", "days")
        # A row per credit in the scope: the shares add up to the weighted count,
        # and each event counts once among the durations.
        .annotate(shares=Sum(_share("project__credits")), events=Count("pk", distinct=True))
        .order_by()
    )
    entries: dict[str, int] = defaultdict(int)  # Σshare_bp
    advances: dict[str, int] = defaultdict(int)
    durations: dict[str, list[tuple[int, int]]] = defaultdict(list)  # (days, events)
    for row in rows:
        amount = row["shares"] if weighted else row["events"] * FULL
        entries[row["stage"]] += amount
        if row["days"] is not None:
            advances[row["stage"]] += amount
            durations[row["stage"]].append((_days(row["days"]), row["events"]))

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


def _days(duration: Any) -> int:
    # PostgreSQL returns a timedelta; SQLite's temporal subtraction returns microseconds.
    if isinstance(duration, timedelta):
        return duration.days
    return int(duration) // 86_400_000_000


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
    signings = _signings(span, as_of).filter(scope.q("project__credits__unit__path"))
    year = Case(When(contract_currency__in=(Currency.CNY, ""), then=Value(0)), default=ExtractYear("date"), output_field=IntegerField())
    rows = list(
        signings.annotate(**{f"by_{name}": F(path) for name, path in BREAKDOWN_FIELDS.items()}, year=year, share=_share("project__credits"))
        .values(*(f"by_{name}" for name in BREAKDOWN_FIELDS), "contract_currency", "year", "share")
        .annotate(total=Sum("contract_amount"), n=Count("pk"))
        .order_by()
    )
    rates = _rates(r["year"] for r in rows if r["contract_currency"] not in ("", Currency.CNY))
    result = {}
    for name in BREAKDOWN_FIELDS:
        shares: dict[str, int] = defaultdict(int)
        for r in rows:
            shares[r[f"by_{name}"] or ""] += r["n"] * r["share"]
        money = convert(
            (
                {"bucket": r[f"by_{name}"] or "", "currency": r["contract_currency"], "year": r["year"], "total": (r["total"] or 0) * r["share"]}
                for r in rows
            ),
            rates,
        )
        breakdown = [Breakdown(key, _count(bp), money.get(key, Money(0))) for key, bp in shares.items()]
        result[name] = sorted(breakdown, key=lambda r: (-r.contract.yuan, -r.count, r.key))
    return result


def funds_by_month(scope: Scope, span: Span, as_of: date) -> dict[date, Money]:
    """到位资金 per calendar month (keyed by its first day) of the span, up to
    as_of: one grouped query, the monthly trend of the dashboard (this year and
    last year together)."""
    entries = FundEntry.objects.filter(counted_q(), _dated(span, as_of), verified_by(as_of))
    scoped = entries.filter(scope.q("project__credits__unit__path")).annotate(bucket=TruncMonth("date"))
    return _money_rows(scoped, "project__credits", amount="amount", currency="currency", day="date")


# ---------------------------------------------------------------- many units at once


def by_unit(units: Iterable[Unit], compute: Callable[[Where], dict[str, Any]], default: Any) -> dict[int, Any]:
    """Run a grouped computation for many units: one query per distinct tree depth
    (usually one), each unit's subtree credited to it."""
    units = list(units)
    result: dict[int, Any] = {unit.pk: default for unit in units}
    by_length: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for unit in units:
        by_length[len(unit.path)][unit.path].append(unit.pk)
    for length, paths in by_length.items():
        for bucket, value in compute(Buckets(tuple(paths), length)).items():
            for pk in paths.get(bucket, []):
                result[pk] = value
    return result


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


def _figures(scope: Scope, pairs: dict[str, tuple[Span, Span]], as_of: date) -> dict[str, dict[str, Any]]:
    """Every summary figure for several (span, cohort) pairs — the span, 同比 and
    环比 — with one query per family of figures rather than one per figure and span."""
    spans = [span for span, _ in pairs.values()]
    cohorts = [cohort for _, cohort in pairs.values()]
    funds = _fund_sums(scope, [(span, as_of) for span in spans])
    contracts, signed = _signing_sums(scope, [*spans, *cohorts], as_of)
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
    return result


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
    values = _figures(scope, pairs, as_of)
    now, then, before = values["now"], values["then"], values["before"]
    figures = {key: Figure(now[key], then[key], before[key], yoy(now[key], then[key]), yoy(now[key], before[key])) for key in METRIC_KEYS}
    return Summary(
        scope=scope,
        span=span,
        as_of=as_of,
        cohort=cohort,
        figures=figures,
        stage_days=stage_days(scope, span, as_of),
        time_progress=time_progress(span.start, span.end, as_of),
        missing_rates=now["missing_rates"],
    )
