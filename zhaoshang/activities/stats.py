"""Figures about activities for the metric engine (metrics/engine/ calls these).
Each is a database aggregation returning a plain dataclass; 同比 is the same call
over last year's dates.

Definitions (docs/domain.md §6 `trip_count`, §4 stationed teams):

- **Trips (外出招商批次)**: trips of units under `paths` whose start date falls in
  [start, end]; one trip is one batch. The share led by principal leaders counts
  trips whose `is_principal_led` flag (recorded when the leaders were set) is true.
- **Team churn**: members who left in [start, end] ÷ average membership, where the
  average is (members at the start + members at the end) ÷ 2. A member counts at the
  start if they had joined by `start` and had not left before it (a person leaving
  on `start` itself was still there that morning); at the end if they had joined by
  `end` and not left by it. Membership is the interval [joined_on, left_on).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, CharField, Count, Q, Value, When
from django.db.models.functions import Substr

from zhaoshang.organisation.models import Unit, subtree_q

from .models import TeamMembership, Trip

RATIO_PLACES = Decimal("0.0001")


def _ratio(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TripStats:
    batches: int
    principal_led: int
    # principal_led ÷ batches, 4 decimal places (0.4370 = 43.7%); None without trips.
    principal_share: Decimal | None


TRIP_COUNTS = {"batches": Count("id"), "principal_led": Count("id", filter=Q(is_principal_led=True))}


def _trip_stats(counts: dict[str, int]) -> TripStats:
    return TripStats(counts["batches"], counts["principal_led"], _ratio(counts["principal_led"], counts["batches"]))


def _trips(paths: list[str], start: date, end: date):
    return Trip.objects.filter(subtree_q(paths, "unit__path"), start_date__gte=start, start_date__lte=end)


def trip_stats(paths: list[str], start: date, end: date) -> TripStats:
    return _trip_stats(_trips(paths, start, end).aggregate(**TRIP_COUNTS))


def trip_stats_each(paths: list[str], start: date, end: date) -> dict[str, TripStats]:
    """trip_stats of each of `paths` (all of one length: units of one depth) on its
    own, from one grouped query."""
    return {path: _trip_stats(counts) for path, counts in _each(_trips(paths, start, end), "unit__path", paths, TRIP_COUNTS).items()}


def _each(records, field: str, paths: list[str], counts: dict[str, Count]) -> dict[str, dict[str, int]]:
    """`counts` of the records under each of `paths` (of one length), grouped by the
    prefix of their unit's path; zero for a path without records."""
    length = len(paths[0]) if paths else 0
    rows = records.annotate(prefix=Substr(field, 1, length)).values("prefix").annotate(**counts).order_by()
    found = {row["prefix"]: row for row in rows}
    return {path: found.get(path, dict.fromkeys(counts, 0)) for path in paths}


def trip_stats_grouped(groups: dict[str, list[str]], start: date, end: date) -> dict[str, TripStats]:
    """trip_stats of each group of paths (a division's units) on its own, from one
    grouped query; no path of a group lies under another group's."""
    paths = [path for group in groups.values() for path in group]
    return {key: _trip_stats(counts) for key, counts in _grouped(_trips(paths, start, end), "unit__path", groups, TRIP_COUNTS).items()}


def _grouped(records, field: str, groups: dict[str, list[str]], counts: dict[str, Count]) -> dict[str, dict[str, int]]:
    """`counts` of the records under each group of paths, grouped by the group
    holding their unit; zero for a group without records."""
    whens = [When(subtree_q(paths, field), then=Value(key)) for key, paths in groups.items() if paths]
    found = {}
    if whens:
        rows = records.annotate(group=Case(*whens, output_field=CharField())).values("group").annotate(**counts).order_by()
        found = {row["group"]: row for row in rows}
    return {key: found.get(key, dict.fromkeys(counts, 0)) for key in groups}


@dataclass(frozen=True)
class TeamChurn:
    left: int
    members_at_start: int
    members_at_end: int
    # (members_at_start + members_at_end) ÷ 2
    average_members: Decimal
    # left ÷ average_members, 4 decimal places; None when the team had nobody.
    rate: Decimal | None


def _churn_counts(start: date, end: date) -> dict[str, Count]:
    at_start = Q(joined_on__lte=start) & (Q(left_on__isnull=True) | Q(left_on__gte=start))
    at_end = Q(joined_on__lte=end) & (Q(left_on__isnull=True) | Q(left_on__gt=end))
    return {
        "left": Count("id", filter=Q(left_on__gte=start, left_on__lte=end)),
        "at_start": Count("id", filter=at_start),
        "at_end": Count("id", filter=at_end),
    }


def _team_churn(counts: dict[str, int]) -> TeamChurn:
    average = Decimal(counts["at_start"] + counts["at_end"]) / 2
    return TeamChurn(counts["left"], counts["at_start"], counts["at_end"], average, _ratio(counts["left"], average))


def team_churn(team: Unit, start: date, end: date) -> TeamChurn:
    return _team_churn(TeamMembership.objects.filter(team=team).aggregate(**_churn_counts(start, end)))


def churn_within(paths: list[str], start: date, end: date) -> TeamChurn:
    """Churn of all stationed teams under `paths` taken together (the metric
    engine's scope): members who left ÷ average members of those teams."""
    return _team_churn(TeamMembership.objects.filter(subtree_q(paths, "team__path")).aggregate(**_churn_counts(start, end)))


def churn_within_each(paths: list[str], start: date, end: date) -> dict[str, TeamChurn]:
    """churn_within of each of `paths` (all of one length) on its own, from one grouped query."""
    memberships = TeamMembership.objects.filter(subtree_q(paths, "team__path"))
    return {path: _team_churn(counts) for path, counts in _each(memberships, "team__path", paths, _churn_counts(start, end)).items()}


def churn_within_grouped(groups: dict[str, list[str]], start: date, end: date) -> dict[str, TeamChurn]:
    """churn_within of each group of paths on its own, from one grouped query."""
    paths = [path for group in groups.values() for path in group]
    memberships = TeamMembership.objects.filter(subtree_q(paths, "team__path"))
    return {key: _team_churn(counts) for key, counts in _grouped(memberships, "team__path", groups, _churn_counts(start, end)).items()}
