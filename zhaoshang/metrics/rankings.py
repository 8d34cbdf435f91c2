"""Rankings (排名): per competing division and overall, by the completion rate of the
period's primary target (docs/domain.md §6).

Order: completion rate (high first); ties by the absolute amount; then the unit's
sort order. Units with equal rate and amount share a rank (1, 1, 3). Units without
a target come last, unranked, marked 「未下达任务」. Every figure comes from the
engine as of a date, so a ranking is reproducible for any past day; movement is
the rank as of the end of the previous month minus the rank now (positive = up).
Queries: the targets (one), the actuals (one per tree depth), twice (now and a
month ago) — never one per unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from zhaoshang.organisation.models import Division, Unit
from zhaoshang.targets.models import Period, Target, TargetKind, effective_targets

from . import engine
from .freshness import cached, period_roots
from .periods import Span

NO_TARGET = "未下达任务"


@dataclass(frozen=True)
class RankingRow:
    unit: Unit
    target: int | None
    is_default: bool
    actual: int | Decimal | None
    rate: Decimal | None
    rank: int | None
    previous_rank: int | None
    behind: bool
    note: str = ""

    @property
    def movement(self) -> int | None:
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def done(self) -> bool:
        return self.rate is not None and self.rate >= 1


@dataclass(frozen=True)
class Ranking:
    period: Period
    kind: str
    division: Division | None
    as_of: date
    previous_as_of: date
    time_progress: Decimal
    rows: list[RankingRow]

    @property
    def title(self) -> str:
        return f"{self.period.name}{self.division.name if self.division else '总'}排名"

    @property
    def unit_label(self) -> str:
        """万元, 万美元 or 个: how targets and actuals of the primary kind are shown."""
        return TargetKind(self.kind).unit_label

    @property
    def units_done(self) -> int:
        return sum(1 for row in self.rows if row.done)

    @property
    def units_with_target(self) -> int:
        return sum(1 for row in self.rows if row.target is not None)

    @property
    def behind_count(self) -> int:
        return sum(1 for row in self.rows if row.behind)


def previous_month_end(day: date) -> date:
    return day.replace(day=1) - timedelta(days=1)


def _units(period: Period, divisions: list[Division] | None):
    """The units of the divisions, or (None) every ranked unit of the jurisdiction:
    division members and any unit given its own target."""
    units = Unit.objects.filter(path__startswith=period.jurisdiction.path, is_active=True).select_related("division")
    if divisions is not None:
        return units.filter(division__in=divisions)
    own = Target.objects.filter(period=period, kind=period.primary_kind, unit__isnull=False).values("unit")
    return units.filter(Q(division__jurisdiction=period.jurisdiction) | Q(pk__in=own)).exclude(pk=period.jurisdiction.pk)


def _targets(period: Period, units: list[Unit]) -> dict[int, tuple[int, bool]]:
    """{unit id: (target, is_default)} of the period's primary kind, for the units that have one."""
    rows = effective_targets(period, period.primary_kind, Unit.objects.filter(pk__in=[u.pk for u in units]))
    return {row["pk"]: (row["target_amount"], row["target_is_default"]) for row in rows.values("pk", "target_amount", "target_is_default")}


def _actuals(period: Period, units: list[Unit], targets: dict, as_of: date) -> tuple[dict, dict]:
    """The actuals of the targeted units as of the date and at the end of the
    previous month (empty before the period starts): one query for both when
    the kind allows."""
    targeted = [u for u in units if u.pk in targets]
    days = [as_of, previous_month_end(as_of)]
    if period.primary_kind == TargetKind.PROJECT_COUNT:
        # Each unit by its own target's filter, as its completion rate is measured.
        span = Span.range(period.start, period.end)
        now = engine.actual_by_own_target(targeted, period, period.primary_kind, span, as_of)
        before = engine.actual_by_own_target(targeted, period, period.primary_kind, span, days[1]) if days[1] >= period.start else {}
        return now, before
    if days[1] < period.start:
        return engine.actual_by_unit(targeted, period.primary_kind, Span.range(period.start, period.end), as_of), {}
    now, before = engine.actuals_by_unit(targeted, period.primary_kind, Span.range(period.start, period.end), days)
    return now, before


def _standings(units: list[Unit], targets: dict, actuals: dict) -> dict[int, tuple]:
    """{unit id: (target, is_default, actual, rate, rank)}: ranks within `units`."""
    result: dict[int, tuple] = {}
    scored = []
    for unit in units:
        if unit.pk not in targets:
            result[unit.pk] = (None, False, None, None, None)
            continue
        target, is_default = targets[unit.pk]
        actual = actuals.get(unit.pk)
        rate = engine.ratio(actual, target)
        scored.append((unit, target, is_default, actual, rate))
    # Rate high first (a zero target has no rate: after those with one), amount high first, then sort order.
    scored.sort(key=lambda s: (s[4] is None, -(s[4] or 0), -(s[3] or 0), s[0].sort_order, s[0].path))
    previous_key, rank = None, 0
    for position, (unit, target, is_default, actual, rate) in enumerate(scored, start=1):
        key = (rate, actual)
        if key != previous_key:
            rank, previous_key = position, key
        result[unit.pk] = (target, is_default, actual, rate, rank)
    return result


def _ranking(period: Period, as_of: date, division: Division | None, units: list[Unit], targets: dict, actuals: tuple[dict, dict]) -> Ranking:
    now = _standings(units, targets, actuals[0])
    before = _standings(units, targets, actuals[1]) if actuals[1] else {}
    progress = engine.time_progress(period.start, period.end, as_of)
    rows = []
    for unit in units:
        target, is_default, actual, rate, rank = now[unit.pk]
        rows.append(
            RankingRow(
                unit=unit,
                target=target,
                is_default=is_default,
                actual=actual,
                rate=rate,
                rank=rank,
                previous_rank=before.get(unit.pk, (None,) * 5)[4],
                behind=engine.is_behind(rate, progress),
                note="" if target is not None else NO_TARGET,
            )
        )
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.unit.sort_order, r.unit.path))
    return Ranking(period, period.primary_kind, division, as_of, previous_month_end(as_of), progress, rows)


@cached(period_roots)
def ranking(period: Period, as_of: date, division: Division | None = None) -> Ranking:
    """The ranking of a competing division's units, or of all units of the period's
    jurisdiction (division=None)."""
    if division is not None and not division.competes:
        raise ValueError(f"「{division.name}」不参加排名")
    units = list(_units(period, [division] if division else None))
    targets = _targets(period, units)
    return _ranking(period, as_of, division, units, targets, _actuals(period, units, targets, as_of))


@cached(period_roots)
def division_rankings(period: Period, as_of: date) -> list[Ranking]:
    """One ranking per competing division of the period's jurisdiction, empty ones
    included: the targets and actuals of all their units read at once."""
    divisions = list(Division.objects.filter(jurisdiction=period.jurisdiction, competes=True).order_by("sort_order", "name"))
    units = list(_units(period, divisions))
    targets = _targets(period, units)
    actuals = _actuals(period, units, targets, as_of)
    return [_ranking(period, as_of, d, [u for u in units if u.division_id == d.pk], targets, actuals) for d in divisions]
