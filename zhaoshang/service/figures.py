"""营商环境 figures, as of any date, for a unit, a division or a jurisdiction
(a `metrics.periods.Scope`), over a period that starts on `start`:

- 办件按时办结率: items finished in the period on or before their committed day,
  over all items finished in the period;
- 比法定时限节省工作日: Σ (statutory − used working days) of those items;
- 承诺兑现率: commitments due in the period (兑现期限 ≤ as_of) and fulfilled by
  as_of, over those due — 依法不能兑现 and 未到条件 are left out of both.

Each figure is one `Figure` in `FIGURES`: one grouped query gives its counts per
unit, which add up for any scope (a unit counts for every scope above it). The
dashboard card, the ranking page, the circular and the portal list whatever is
registered; the case figures (响应率…, the 30/35/35 score) join from
`case_lines.py`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum
from django.urls import reverse

from zhaoshang.metrics.periods import Scope
from zhaoshang.organisation.models import subtree_q

from .models import Commitment, CommitmentStatus, ServiceItem

# (unit path, numerator, denominator) per unit that has records; a figure with its
# own `combine` may carry other parts after the path (the case figures' counts).
Rows = list[tuple[str, *tuple[int, ...]]]


@dataclass(frozen=True)
class Value:
    numerator: int
    denominator: int
    kind: str  # "rate": numerator / denominator; "days": the numerator itself; "score": points
    points: Decimal | None = None  # a score, from the summed parts of its rates

    @property
    def rate(self) -> Decimal | None:
        """Percent with one decimal (95.3), None without a denominator."""
        if self.kind != "rate" or not self.denominator:
            return None
        return (Decimal(100 * self.numerator) / self.denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def number(self) -> Decimal | int | None:
        """What a ranking sorts by and an annex cell holds."""
        if self.kind == "score":
            return self.points
        return self.rate if self.kind == "rate" else self.numerator

    @property
    def display(self) -> str:
        if self.kind == "days":
            if abs(self.numerator) >= 10_000:
                return f"{Decimal(self.numerator) / 10_000:.2f}万个工作日"
            return f"{self.numerator}个工作日"
        if self.kind == "score":
            return "—" if self.points is None else f"{self.points}分"
        if self.rate is None:
            return "—"
        return f"{self.rate}%"

    @property
    def detail(self) -> str:
        if self.kind == "days":
            return f"办结{self.denominator}件"
        if self.kind == "score":
            return ""
        return f"{self.numerator}/{self.denominator}"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    kind: str
    rows: Callable[[date, date], Rows]
    # The list page behind the figure (drill-down), given the scope and period.
    link: Callable[[Scope, date, date], str]
    # Aggregates only: may the public disclosure show it?
    public: bool = True
    # How the parts of its rows, summed over a scope, make its value (by default they
    # are numerator and denominator). Figures that share one `rows` function are
    # counted in one pass: the case figures each take their rate, or the score, from
    # the same counts.
    combine: Callable[[tuple[int, ...]], Value] | None = None


def _scope_query(scope: Scope) -> str:
    return f"scope={scope.kind}:{scope.id}" if scope.kind != "jurisdiction" else ""


def _item_link(scope: Scope, start: date, as_of: date) -> str:
    query = [f"finished_from={start:%Y-%m-%d}", f"finished_to={as_of:%Y-%m-%d}", _scope_query(scope)]
    return reverse("service:item_list") + "?" + "&".join(q for q in query if q)


def _commitment_link(scope: Scope, start: date, as_of: date) -> str:
    query = [f"due_from={start:%Y-%m-%d}", f"due_to={as_of:%Y-%m-%d}", _scope_query(scope)]
    return reverse("service:commitment_list") + "?" + "&".join(q for q in query if q)


def _finished(start: date, as_of: date):
    return ServiceItem.objects.filter(finished_on__gte=start, finished_on__lte=as_of).values("unit__path")


def on_time_rows(start: date, as_of: date) -> Rows:
    rows = _finished(start, as_of).annotate(on_time=Count("id", filter=Q(finished_on__lte=F("due_on"))), total=Count("id"))
    return [(r["unit__path"], r["on_time"], r["total"]) for r in rows]


def days_saved_rows(start: date, as_of: date) -> Rows:
    rows = _finished(start, as_of).annotate(saved=Sum(F("statutory_days") - F("used_days")), total=Count("id"))
    return [(r["unit__path"], r["saved"] or 0, r["total"]) for r in rows]


def fulfilment_rows(start: date, as_of: date) -> Rows:
    counted = Commitment.objects.filter(due_on__gte=start, due_on__lte=as_of).exclude(
        status__in=[CommitmentStatus.IMPOSSIBLE, CommitmentStatus.NOT_YET]
    )
    rows = counted.values("unit__path").annotate(fulfilled=Count("id", filter=Q(fulfilled_on__lte=as_of)), total=Count("id"))
    return [(r["unit__path"], r["fulfilled"], r["total"]) for r in rows]


FIGURES: list[Figure] = [
    Figure("item_on_time", "办件按时办结率", "rate", on_time_rows, _item_link),
    Figure("item_days_saved", "比法定时限节省", "days", days_saved_rows, _item_link),
    Figure("commitment_fulfilment", "承诺兑现率", "rate", fulfilment_rows, _commitment_link),
]


def register(figure: Figure) -> Figure:
    """Add a figure (the case figures of case_lines.py) to every 营商环境 card, ranking and section."""
    if any(existing.key == figure.key for existing in FIGURES):
        raise ValueError(f"营商环境 figure {figure.key!r} is registered twice")
    FIGURES.append(figure)
    return figure


def total(rows: Rows, scope: Scope, figure: Figure) -> Value:
    """The figure for a scope: its units' parts summed, then the rate (or score) of the sums."""
    sums: list[int] = []
    for path, *parts in rows:
        if any(path.startswith(prefix) for prefix in scope.paths):
            sums = [a + b for a, b in zip(sums, parts, strict=True)] if sums else list(parts)
    if not sums:
        return Value(0, 0, figure.kind)
    if figure.combine is not None:
        return figure.combine(tuple(sums))
    return Value(sums[0], sums[1], figure.kind)


@dataclass(frozen=True)
class Line:
    figure: Figure
    value: Value
    link: str


def figures_for(scopes: Sequence[Scope], start: date, as_of: date, figures: Iterable[Figure] | None = None) -> dict[str, list[Line]]:
    """scope.key → one Line per figure; one query (set) per rows function whatever the number of scopes."""
    figures = list(FIGURES if figures is None else figures)
    computed: dict[Callable[[date, date], Rows], Rows] = {}
    for figure in figures:
        if figure.rows not in computed:
            computed[figure.rows] = figure.rows(start, as_of)
    rows = {figure.key: computed[figure.rows] for figure in figures}
    return {scope.key: [Line(f, total(rows[f.key], scope, f), f.link(scope, start, as_of)) for f in figures] for scope in scopes}


def value(key: str, scope: Scope, start: date, as_of: date) -> Value:
    """One figure for one scope (tests, the API)."""
    figure = next(f for f in FIGURES if f.key == key)
    return total(figure.rows(start, as_of), scope, figure)


@dataclass(frozen=True)
class RankRow:
    rank: int | None
    scope: Scope
    lines: list[Line]


def ranking(scopes: Sequence[Scope], start: date, as_of: date, by: str = "") -> list[RankRow]:
    """Scopes ranked by one figure (the first registered by default), higher first;
    scopes without a value for it come last, unranked."""
    table = figures_for(scopes, start, as_of)
    keys = [f.key for f in FIGURES]
    position = keys.index(by) if by in keys else 0
    ordered = sorted(scopes, key=lambda s: (table[s.key][position].value.number is None, -(table[s.key][position].value.number or 0), s.name))
    result, rank, previous = [], 0, object()
    for index, scope in enumerate(ordered, start=1):
        number = table[scope.key][position].value.number
        if number != previous:
            rank, previous = index, number
        result.append(RankRow(rank if number is not None else None, scope, table[scope.key]))
    return result


def in_scope(queryset, scope: Scope):
    return queryset.filter(subtree_q(scope.paths, "unit__path"))
