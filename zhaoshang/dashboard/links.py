"""Drill-down links: every figure of the dashboard leads to the list of records
behind it, with the list's own filter parameters (projects/filters.py,
projects/fund_forms.py, activities/forms.py), so the same rows are counted and
listed."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from zhaoshang.metrics.periods import Scope, Span


def scope_params(scope: Scope) -> dict[str, str]:
    """The list filter for a scope: a unit (or the jurisdiction's root unit) with its
    subtree, or a division."""
    if scope.kind == "division":
        return {"division": str(scope.id)}
    return {"unit": str(scope.id)}


def _url(name: str, params: dict[str, str | int | date]) -> str:
    return f"{reverse(name)}?{urlencode({k: str(v) for k, v in params.items() if v not in (None, '')})}"


def projects(scope: Scope, **params) -> str:
    # Only counted projects, as in the engine: suspected duplicates wait for the bureau.
    return _url("projects:project_list", {**params, **scope_params(scope), "counted": "1"})


def signed(scope: Scope, span: Span, as_of: date, **params) -> str:
    """Projects formally signed in the span (up to as_of)."""
    return projects(scope, signed_from=span.start, signed_to=span.until(as_of), **params)


def entered(scope: Scope, stage: str, span: Span, as_of: date) -> str:
    """Projects that entered `stage` in the span (a funnel stage)."""
    return projects(scope, reached=stage, reached_from=span.start, reached_to=span.until(as_of), as_of=as_of)


def cohort_reached(scope: Scope, stage: str, cohort: Span, as_of: date) -> str:
    """Of the projects signed in the cohort span, those that reached `stage` by as_of."""
    return projects(scope, signed_from=cohort.start, signed_to=cohort.until(as_of), reached=stage, as_of=as_of)


def funds(scope: Scope, start: date, end: date, status: str, as_of: date | None = None) -> str:
    """Fund entries of counted projects dated in [start, end] with a status
    (verified / pending) as it stood at the end of as_of."""
    params = {"status": status, "date_from": start, "date_to": end, "as_of": as_of, **scope_params(scope), "counted": "1"}
    return _url("projects:fund_list", params)


def trips(scope: Scope, span: Span, as_of: date, **params) -> str:
    return _url("activities:trip_list", {"start": span.start, "end": span.until(as_of), **scope_params(scope), **params})


def ranking(period_id: int | None, as_of: date, division_id: int | None = None) -> str | None:
    if period_id is None:
        return None
    return _url("metrics:rankings", {"period": period_id, "as_of": as_of, "division": division_id or ""})


def unit_projects(unit_id: int, span: Span, as_of: date) -> str:
    """A ranking row: the projects credited to the unit signed in the period."""
    return _url(
        "projects:project_list",
        {"unit": unit_id, "signed_from": span.start, "signed_to": span.until(as_of), "counted": "1"},
    )
