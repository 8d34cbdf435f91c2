"""招商活跃指数 (docs/domain.md §4): a weekly score per unit from weighted sub-indices.

The rule, for a jurisdiction and an ISO week (Monday to Sunday):

1. **Scored units** are the jurisdiction's active direct children except the
   leadership (县委/县政府), which leads rather than competes. A record of a
   sub-unit (a stationed team, a section) counts for the scored unit above it.
2. **Raw counts** in the week, per scored unit:
   - signings / starts: active (not voided) `signed` / `started` stage events dated
     in the week, of projects that count (not merged, not a suspected duplicate),
     each credited to units by its `ProjectCredit` share (25% → 0.25);
   - trips by start date and organising unit; visits by start date and host unit;
     events by date and organiser; publicity by date and unit.
3. **Normalised** sub-index = raw ÷ the largest raw count among the scored units
   × 100 (0 for everybody when nobody has any), so the week's leader scores 100.
4. **Score** = Σ weight × sub-index ÷ Σ weights (0–100), rounded to 2 places.
5. **Rank** by score, highest first; equal scores share a rank (1, 2, 2, 4).

All raw counts for any number of weeks come from six grouped queries (one per
sub-index), never a query per unit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Substr, TruncWeek

from zhaoshang.organisation.models import Unit, UnitKind
from zhaoshang.projects.models import EventKind, Stage, StageEvent, counted_q

from .models import SUB_INDICES, ActivityWeights, Event, Publicity, Trip, Visit

HUNDRED = Decimal(100)
SCORE_PLACES = Decimal("0.01")


def week_of(day: date) -> date:
    """The Monday of the ISO week containing `day`."""
    return day - timedelta(days=day.weekday())


@dataclass
class UnitScore:
    unit: Unit
    raw: dict[str, Decimal]
    normalised: dict[str, Decimal]
    score: Decimal
    rank: int = 0


@dataclass
class WeekIndex:
    week_start: date
    weights: dict[str, int]
    rows: list[UnitScore] = field(default_factory=list)

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)


def scored_units(jurisdiction: Unit) -> list[Unit]:
    return list(
        Unit.objects.filter(path__startswith=jurisdiction.path, depth=jurisdiction.depth + 1, is_active=True)
        .exclude(kind=UnitKind.LEADERSHIP)
        .order_by("sort_order", "path")
    )


def _grouped(qs, date_field: str, path_field: str, prefix_len: int, value) -> list[dict]:
    return list(
        qs.values(week=TruncWeek(date_field), top=Substr(path_field, 1, prefix_len)).annotate(value=value).values_list("week", "top", "value")
    )


def _raw_counts(jurisdiction: Unit, first: date, last_end: date) -> dict[tuple[date, str], dict[str, Decimal]]:
    """{(week Monday, scored unit path): {sub-index: raw count}} for [first, last_end]."""
    prefix = len(jurisdiction.path) + Unit.steplen
    inside = jurisdiction.path
    raw: dict[tuple[date, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))

    def stage_events(stage: str):
        return StageEvent.objects.active().filter(
            counted_q(),
            kind=EventKind.STAGE,
            stage=stage,
            date__gte=first,
            date__lte=last_end,
            project__credits__unit__path__startswith=inside,
        )

    # One row per (event, credit): the credit's share of that event.
    for key, stage in (("signings", Stage.SIGNED), ("starts", Stage.STARTED)):
        for week, top, bp in _grouped(stage_events(stage), "date", "project__credits__unit__path", prefix, Sum("project__credits__share_bp")):
            raw[(_as_date(week), top)][key] += Decimal(bp) / 10_000

    def dated(qs, date_field: str, path_field: str):
        return qs.filter(**{f"{path_field}__startswith": inside, f"{date_field}__gte": first, f"{date_field}__lte": last_end})

    sources = [
        ("trips", Trip.objects.all(), "start_date", "unit__path"),
        ("visits", Visit.objects.all(), "start_date", "host_unit__path"),
        ("events", Event.objects.all(), "date", "organiser__path"),
        ("publicity", Publicity.objects.all(), "date", "unit__path"),
    ]
    for key, qs, date_field, path_field in sources:
        for week, top, count in _grouped(dated(qs, date_field, path_field), date_field, path_field, prefix, Count("id")):
            raw[(_as_date(week), top)][key] += Decimal(count)
    return raw


def _as_date(value) -> date:
    # TruncWeek gives a date on PostgreSQL and SQLite for date columns; be lenient.
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _score_week(week_start: date, units: list[Unit], raw, weights: dict[str, int]) -> WeekIndex:
    keys = [key for key, _ in SUB_INDICES]
    table = {unit.pk: {key: raw.get((week_start, unit.path), {}).get(key, Decimal(0)) for key in keys} for unit in units}
    peaks = {key: max((row[key] for row in table.values()), default=Decimal(0)) for key in keys}
    total_weight = sum(weights.values())
    index = WeekIndex(week_start, weights)
    for unit in units:
        counts = table[unit.pk]
        normalised = {key: counts[key] / peaks[key] * HUNDRED if peaks[key] else Decimal(0) for key in keys}
        weighted = sum((weights[key] * normalised[key] for key in keys), Decimal(0))
        score = (weighted / total_weight).quantize(SCORE_PLACES, rounding=ROUND_HALF_UP) if total_weight else Decimal(0)
        index.rows.append(UnitScore(unit, counts, normalised, score))
    index.rows.sort(key=lambda row: -row.score)  # stable: ties keep the unit order
    for position, row in enumerate(index.rows, start=1):
        previous = index.rows[position - 2] if position > 1 else None
        row.rank = previous.rank if previous is not None and previous.score == row.score else position
    return index


def activity_indices(jurisdiction: Unit, first_week: date, weeks: int) -> list[WeekIndex]:
    """The index of `weeks` consecutive weeks from the week of `first_week`."""
    first = week_of(first_week)
    last_end = first + timedelta(weeks=weeks) - timedelta(days=1)
    units = scored_units(jurisdiction)
    weights = ActivityWeights.for_jurisdiction(jurisdiction).as_dict()
    raw = _raw_counts(jurisdiction, first, last_end)
    return [_score_week(first + timedelta(weeks=n), units, raw, weights) for n in range(weeks)]


def activity_index(jurisdiction: Unit, week_start: date) -> WeekIndex:
    """The ranking of one ISO week (any day of it may be given)."""
    return activity_indices(jurisdiction, week_start, 1)[0]


@dataclass(frozen=True)
class TrendPoint:
    week_start: date
    score: Decimal
    rank: int
    of: int


def unit_trend(jurisdiction: Unit, unit: Unit, last_week: date, weeks: int = 12) -> list[TrendPoint]:
    """A scored unit's score and rank over the `weeks` weeks ending with `last_week`."""
    first = week_of(last_week) - timedelta(weeks=weeks - 1)
    points = []
    for index in activity_indices(jurisdiction, first, weeks):
        row = next((r for r in index.rows if r.unit.pk == unit.pk), None)
        if row is not None:
            points.append(TrendPoint(index.week_start, row.score, row.rank, len(index.rows)))
    return points
