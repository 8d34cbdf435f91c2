"""Case figures as of a date, for a unit, a division or the county (docs/domain.md §8):

- 响应率: cases signed off (accepted or refused) within the limit to accept, of the
  cases whose limit to accept has passed or that were signed off;
- 按时办结率: cases finished within the limit to finish, of those finished or past it;
- 解决率: closed cases whose problem was actually solved, of the closed cases;
- 满意率: (非常满意 + 满意) of the ratings the investors gave; default ratings (the
  investor could not be reached) are counted apart and never in either term;
- 回访率: cases visited (default ratings not included) of the closed or visited ones;
- score: 响应率 × 30 % + 解决率 × 35 % + 满意率 × 35 % (the weights are a parameter).

The latest clock of each kind and the latest visit by the date count: a case
transferred or reopened is judged on where it stands. Computed in Python over one
query per table: a county has hundreds of cases, not millions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Prefetch
from django.utils import timezone

from .periods import Scope
from zhaoshang.organisation.models import Division, Unit
from zhaoshang.timelimits.models import Clock, PolicyKind

from zhaoshang.cases.models import Case, ReturnVisit, Satisfaction

ACCEPT_KINDS = (PolicyKind.SIGN_OFF, PolicyKind.FOREIGN_ACCEPT)
# The bureau's return-visit limit runs after closing; it is not the handling's.
NOT_FINISH_KINDS = (*ACCEPT_KINDS, PolicyKind.RETURN_VISIT)
WEIGHTS = {"response": 30, "resolution": 35, "satisfaction": 35}


def _rate(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


@dataclass(frozen=True)
class CaseFigures:
    due_for_response: int = 0
    responded_in_time: int = 0
    due_for_finish: int = 0
    finished_in_time: int = 0
    closed: int = 0
    resolved: int = 0
    rated: int = 0
    satisfied: int = 0
    default_ratings: int = 0
    visited: int = 0
    to_visit: int = 0

    @property
    def response_rate(self) -> float | None:
        return _rate(self.responded_in_time, self.due_for_response)

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.finished_in_time, self.due_for_finish)

    @property
    def resolution_rate(self) -> float | None:
        return _rate(self.resolved, self.closed)

    @property
    def satisfaction_rate(self) -> float | None:
        return _rate(self.satisfied, self.rated)

    @property
    def visit_rate(self) -> float | None:
        return _rate(self.visited, self.to_visit)

    def score(self, weights: dict[str, int] = WEIGHTS) -> float | None:
        """The combined score out of 100; None while one of its rates has nothing to count."""
        response, resolution, satisfaction = self.response_rate, self.resolution_rate, self.satisfaction_rate
        if response is None or resolution is None or satisfaction is None:
            return None
        weighted = weights["response"] * response + weights["resolution"] * resolution + weights["satisfaction"] * satisfaction
        return weighted / sum(weights.values())


def _end_of(as_of: date) -> datetime:
    return timezone.make_aware(datetime.combine(as_of, time.max))


def _judge(clock: Clock | None, end: datetime) -> tuple[bool, bool]:
    """(counted, in time) for the latest clock of one kind as of `end`."""
    if clock is None:
        return False, False
    closed_at = clock.closed_at
    if closed_at is not None and closed_at <= end:
        return True, closed_at <= clock.due_at
    return clock.due_at <= end, False


def counts_by_unit(paths: tuple[str, ...], as_of: date, received_from: date | None = None) -> dict[str, CaseFigures]:
    """The figures of each handling unit (by its tree path) under `paths`, for the cases
    received by `as_of` (and from `received_from`); they add up for any scope, which is
    how the 营商环境 registry (service/figures.py) ranks units from one pass."""
    end = _end_of(as_of)
    cases = Case.objects.handled_within(paths).filter(received_at__lte=end)
    if received_from is not None:
        cases = cases.filter(received_at__gte=timezone.make_aware(datetime.combine(received_from, time.min)))
    cases = cases.select_related("unit").prefetch_related(
        Prefetch("clocks", queryset=Clock.objects.filter(started_at__lte=end).order_by("started_at", "id")),
        Prefetch("visits", queryset=ReturnVisit.objects.filter(visited_at__lte=end).order_by("visited_at", "id")),
    )
    by_unit: dict[str, dict[str, int]] = {}
    for case in cases:
        counts = by_unit.setdefault(case.unit.path, dict.fromkeys(CaseFigures.__dataclass_fields__, 0))
        accept = [c for c in case.clocks.all() if c.kind in ACCEPT_KINDS]
        finish = [c for c in case.clocks.all() if c.kind not in NOT_FINISH_KINDS]
        for (counted_key, in_time_key), clocks in (
            (("due_for_response", "responded_in_time"), accept),
            (("due_for_finish", "finished_in_time"), finish),
        ):
            counted, in_time = _judge(clocks[-1] if clocks else None, end)
            counts[counted_key] += counted
            counts[in_time_key] += in_time
        closed = case.closed_at is not None and case.closed_at <= end
        counts["closed"] += closed
        counts["resolved"] += closed and case.resolved
        visits = list(case.visits.all())
        if closed or visits:
            counts["to_visit"] += 1
        if visits:
            latest = visits[-1]
            if latest.is_default:
                counts["default_ratings"] += 1
            else:
                counts["visited"] += 1
                counts["rated"] += 1
                counts["satisfied"] += Satisfaction(latest.satisfaction).is_satisfied
    return {path: CaseFigures(**counts) for path, counts in by_unit.items()}


def case_figures(scope: Scope, as_of: date, received_from: date | None = None) -> CaseFigures:
    return total(counts_by_unit(scope.paths, as_of, received_from).values())


def total(parts: Iterable[CaseFigures]) -> CaseFigures:
    """The figures of several units together: every count adds up."""
    parts = list(parts)
    return CaseFigures(**{name: sum(getattr(part, name) for part in parts) for name in CaseFigures.__dataclass_fields__})


def for_unit(unit: Unit, as_of: date) -> CaseFigures:
    return case_figures(Scope.for_unit(unit), as_of)


def for_division(division: Division, as_of: date) -> CaseFigures:
    return case_figures(Scope.for_division(division), as_of)


def for_county(county: Unit, as_of: date) -> CaseFigures:
    return case_figures(Scope.for_jurisdiction(county), as_of)
