"""Which scopes the 营商环境 ranking compares, and which of them a user may open:
the units directly under the jurisdiction, its divisions, and the jurisdiction as
a whole. Unit names and their figures are aggregates, published within the
county (as campaign leaderboards are); the records behind a row open only for
the units the user reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhaoshang.accounts import access
from zhaoshang.metrics.periods import Scope
from zhaoshang.metrics.scopes import home_unit
from zhaoshang.organisation.models import Division, Unit

from . import figures


@dataclass(frozen=True)
class Board:
    jurisdiction: Unit | None
    total: figures.RankRow | None
    units: list[figures.RankRow]
    divisions: list[figures.RankRow]


def jurisdiction_for(user) -> Unit | None:
    home = home_unit(user)
    if home is None or home.depth == 1:
        return home
    return Unit.objects.filter(path=home.path[: Unit.steplen]).first()


def board(user, start: date, as_of: date, by: str = "") -> Board:
    jurisdiction = jurisdiction_for(user)
    if jurisdiction is None:
        return Board(None, None, [], [])
    return board_for(jurisdiction, start, as_of, by)


def board_for(jurisdiction: Unit, start: date, as_of: date, by: str = "") -> Board:
    """The ranking of a jurisdiction's units and divisions (also the circular's 营商环境 section)."""
    units = Unit.objects.get_children(jurisdiction).filter(is_active=True).order_by("sort_order", "path")
    divisions = Division.objects.filter(jurisdiction=jurisdiction).prefetch_related("units").order_by("sort_order", "name")
    division_scopes = [Scope("division", d.pk, d.name, tuple(sorted(u.path for u in d.units.all()))) for d in divisions]
    whole = figures.ranking([Scope.for_jurisdiction(jurisdiction)], start, as_of, by)
    return Board(
        jurisdiction,
        whole[0],
        figures.ranking([Scope.for_unit(u) for u in units], start, as_of, by),
        figures.ranking(division_scopes, start, as_of, by),
    )


def opens(user, scope: Scope) -> bool:
    """Whether the drill-down behind a row opens for the user (else the row shows figures only)."""
    paths = access.read_paths(user)
    return bool(scope.paths) and all(access.covers(paths, p) for p in scope.paths)
