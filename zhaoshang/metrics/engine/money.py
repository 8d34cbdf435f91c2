"""Money metrics (docs/domain.md §6): funds arrived (also by month) and pending, contract amounts, foreign capital, exports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Substr, TruncMonth

from zhaoshang.core.money import round_yuan
from zhaoshang.organisation.models import Unit
from zhaoshang.projects.models import (
    Currency,
    FundEntry,
    Stage,
    pending_on,
    verified_by,
)
from zhaoshang.projects.money import FULL, Money

from ..periods import Scope, Span, end_of_day
from .common import BANDS, CREDITS, TOTAL, Where, _at_least, _dated, _dated_any, _dated_within, _distinct, _one, _scoped, _share, _stage_events, _tally, by_unit

# ---------------------------------------------------------------- money metrics


SpanAsOf = tuple[Span, date]  # a span, counted as of a date


MONTHS = "months"  # _fund_sums' key of 到位资金 per month


def _fund_sums(where: Where, windows: Iterable[SpanAsOf], *, pending: bool = True, months: SpanAsOf | None = None) -> dict[Any, dict[Any, Any]]:
    """到位资金 ("arrived") and, with `pending`, 待核实资金 ("pending") of the entries
    dated in each span as of its date, keyed by (figure, span, as_of): one query
    for every window — the span, 同比 and 环比 of a summary, or a ranking now and
    at the end of last month. With `months`, the same query also gives 到位资金
    per calendar month of that span as of its date, keyed MONTHS, {bucket: {first
    day of the month: Money}}: the dashboard's trend beside the summary's figures,
    whose entries it reads anyway (the windows' figures add the months up before
    the one rounding, so they do not change)."""
    windows = _distinct(windows)
    dated = [*windows, *([months] if months else [])]
    entries = FundEntry.objects.filter(_dated_within(dated))
    if not pending:
        entries = entries.filter(verified_by(max(day for _, day in dated)))
    conditions: dict[Any, Q] = {}
    for span, day in windows:
        conditions["arrived", span, day] = _dated(span, day) & verified_by(day)
        if pending:
            conditions["pending", span, day] = _dated(span, day) & pending_on(day)
    scoped = _scoped(entries, CREDITS, where)
    if months is None:
        return _tally(scoped, CREDITS, amount="amount", currency="currency", day="date", money=conditions, where=where)[0]
    conditions[MONTHS] = _dated(*months) & verified_by(months[1])
    sums: dict[Any, dict[Any, Any]] = _tally(
        scoped.annotate(month=_month("date")), CREDITS, amount="amount", currency="currency", day="date",
        money=conditions, by="month", across=[name for name in conditions if name != MONTHS], where=where,
    )[0]
    by_month: dict[str, dict[date, Money]] = defaultdict(dict)
    # In calendar order, whatever order the database (or a group's folded units) gave.
    for (bucket, month), money in sorted(sums[MONTHS].items(), key=lambda item: (item[0][0], str(item[0][1]))):
        by_month[bucket][month if isinstance(month, date) else date.fromisoformat(f"{month}-01")] = money
    sums[MONTHS] = by_month
    return sums


def _month(day: str) -> Substr | TruncMonth:
    """The calendar month of a date column. SQLite truncates dates in a Python
    function called once per row (most of a county page's time); its dates are ISO
    text, so there the month is the first 7 characters ("2026-03"), which
    _fund_sums reads back as the month's first day."""
    if connection.vendor == "sqlite":
        return Substr(day, 1, 7)
    return TruncMonth(day)


def _funds(where: Where, span: Span, as_of: date) -> dict[str, Money]:
    return _fund_sums(where, [(span, as_of)], pending=False)["arrived", span, as_of]


def funds_arrived(scope: Scope, span: Span, as_of: date) -> Money:
    """到位资金: verified arrivals dated in the span, verified by the end of as_of."""
    return _one(_funds(scope, span, as_of), Money(0))


def funds_by_unit(units: Iterable[Unit], span: Span, as_of: date) -> dict[int, Money]:
    return by_unit(units, lambda where: _funds(where, span, as_of), Money(0))


def funds_by_month(scope: Scope, span: Span, as_of: date) -> dict[date, Money]:
    """到位资金 per calendar month (keyed by its first day) of the span, up to
    as_of, in one grouped query. The dashboard's trend (this year and last year)
    comes from its summary's own query instead (Summary.funds_by_month)."""
    return _fund_sums(scope, [], pending=False, months=(span, as_of))[MONTHS].get(TOTAL, {})


def funds_pending(scope: Scope, span: Span, as_of: date) -> Money:
    """待核实资金: arrivals dated in the span, reported but not verified by as_of.
    (A working figure: an entry edited after as_of shows under its new report time.)"""
    return _one(_fund_sums(scope, [(span, as_of)])["pending", span, as_of], Money(0))


def _signing_sums(
    where: Where, spans: Iterable[Span], as_of: date, *, bands: bool = True, weighted: bool = True, whole_too: bool = False
) -> tuple[dict, dict]:
    """合同引资额 and 签约项目数 of the formal signings dated in each span, in one
    query: ({span: {bucket: Money}}, {(name, span): {bucket: count}}) where name
    is "all" or, with `bands`, a size band of BANDS; counts share-weighted unless
    `weighted` is False, and with `whole_too` both (see _tally)."""
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
        _scoped(events, CREDITS, where), CREDITS,
        amount="contract_amount", currency="contract_currency", day="date",
        money={span: _dated(span, as_of) for span in spans}, counts=counts, weighted=weighted, whole_too=whole_too, where=where,
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
    entries = FundEntry.objects.filter(
        _dated(span, as_of), verified_by(as_of), project__is_foreign_funded=True, currency=Currency.USD
    )
    # Summed per share like _tally, so the product cannot overflow in SQL.
    rows = _scoped(entries, CREDITS, where).annotate(share=_share(CREDITS)).values("bucket", "share").annotate(total=Sum("amount")).order_by()
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
