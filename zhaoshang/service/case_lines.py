"""The case figures (metrics/case_figures.py: 响应率, 按时办结率, 解决率, 满意率, 回访率
and the 30/35/35 score) as 营商环境 figures: on the dashboard card, the ranking, the
circular and the public disclosure. One pass over the cases of the period gives the
counts of every handling unit; each figure takes its rate from their sums for a
scope, and the score is weighed from the summed counts (never from averaged rates).
The definitions stay in case_figures; this module only routes them."""

from __future__ import annotations

from dataclasses import astuple
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse

from zhaoshang.metrics import case_figures
from zhaoshang.metrics.periods import Scope

from .figures import Figure, Rows, Value, register


def case_rows(start: date, as_of: date) -> Rows:
    """(unit path, every count of CaseFigures) for the cases received in the period."""
    by_unit = case_figures.counts_by_unit(("",), as_of, received_from=start)  # "" covers every unit
    return [(path, *astuple(counts)) for path, counts in by_unit.items()]


def _case_link(scope: Scope, start: date, as_of: date) -> str:
    query = [f"received_from={start:%Y-%m-%d}", f"received_to={as_of:%Y-%m-%d}"]
    if scope.kind != "jurisdiction":
        query.append(f"scope={scope.kind}:{scope.id}")
    return reverse("cases:case_list") + "?" + "&".join(query)


def _rate(numerator: str, denominator: str):
    def combine(parts: tuple[int, ...]) -> Value:
        counts = case_figures.CaseFigures(*parts)
        return Value(getattr(counts, numerator), getattr(counts, denominator), "rate")

    return combine


def _score(parts: tuple[int, ...]) -> Value:
    score = case_figures.CaseFigures(*parts).score()
    points = None if score is None else Decimal(score).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return Value(0, 0, "score", points)


for key, label, numerator, denominator in (
    ("case_response", "诉求响应率", "responded_in_time", "due_for_response"),
    ("case_on_time", "诉求按时办结率", "finished_in_time", "due_for_finish"),
    ("case_resolution", "诉求解决率", "resolved", "closed"),
    # Default ratings are in neither term (counted apart in CaseFigures).
    ("case_satisfaction", "诉求满意率", "satisfied", "rated"),
    ("case_visit", "回访率", "visited", "to_visit"),
):
    register(Figure(key, label, "rate", case_rows, _case_link, combine=_rate(numerator, denominator)))
register(Figure("case_score", "诉求办理综合得分", "score", case_rows, _case_link, combine=_score))
