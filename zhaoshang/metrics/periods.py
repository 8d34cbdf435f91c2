"""Reporting spans (month, quarter, 1-N月累计, custom range) and scopes (a unit with
its subtree, a division, a whole jurisdiction), with the parsing the API and the
dashboard share."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from django.db.models import Q

# end_of_day lives in core (the apps below metrics need it too); re-exported here.
from zhaoshang.core.dates import end_of_day as end_of_day
from zhaoshang.organisation.models import Division, Unit, subtree_q

SpanKind = Literal["month", "quarter", "ytd", "range"]


def _month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Span:
    """An inclusive date range with the kind of period it is."""

    kind: SpanKind
    start: date
    end: date

    @classmethod
    def month(cls, year: int, month: int) -> Span:
        return cls("month", date(year, month, 1), _month_end(year, month))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Span:
        first = 3 * (quarter - 1) + 1
        return cls("quarter", date(year, first, 1), _month_end(year, first + 2))

    @classmethod
    def ytd(cls, year: int, month: int) -> Span:
        """1-N月累计."""
        return cls("ytd", date(year, 1, 1), _month_end(year, month))

    @classmethod
    def range(cls, start: date, end: date) -> Span:
        return cls("range", start, end)

    @classmethod
    def parse(cls, text: str) -> Span:
        """month:2026-10, quarter:2026Q3, ytd:2026-10, range:2026-01-01..2026-03-31.
        Raises ValueError with a Chinese message."""
        kind, _, value = (text or "").partition(":")
        try:
            if kind == "month":
                year, month = (int(p) for p in value.split("-"))
                return cls.month(year, month)
            if kind == "quarter":
                year, quarter = value.upper().split("Q")  # type: ignore[assignment]
                if not 1 <= int(quarter) <= 4:
                    raise ValueError
                return cls.quarter(int(year), int(quarter))
            if kind == "ytd":
                year, month = (int(p) for p in value.split("-"))
                return cls.ytd(year, month)
            if kind == "range":
                first, last = value.split("..")
                span = cls.range(date.fromisoformat(first), date.fromisoformat(last))
                if span.end < span.start:
                    raise ValueError
                return span
        except ValueError:
            pass
        raise ValueError("期间格式无效，应为 month:2026-10、quarter:2026Q3、ytd:2026-10 或 range:2026-01-01..2026-03-31")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        if self.kind == "ytd":
            return f"{self.start.year}年1-{self.end.month}月"
        return f"{self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}"

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"month:{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"quarter:{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "ytd":
            return f"ytd:{self.end:%Y-%m}"
        return f"range:{self.start}..{self.end}"

    def last_year(self) -> Span:
        """同比: the same period one year earlier."""
        if self.kind == "month":
            return Span.month(self.start.year - 1, self.start.month)
        if self.kind == "quarter":
            return Span.quarter(self.start.year - 1, (self.start.month - 1) // 3 + 1)
        if self.kind == "ytd":
            return Span.ytd(self.start.year - 1, self.end.month)
        return Span.range(_shift_year(self.start, -1), _shift_year(self.end, -1))

    def previous(self) -> Span:
        """环比: the previous period of the same length — the previous calendar month
        or quarter; for 1-N月累计 and custom ranges the same number of days just
        before the start."""
        if self.kind == "month":
            before = self.start - timedelta(days=1)
            return Span.month(before.year, before.month)
        if self.kind == "quarter":
            before = self.start - timedelta(days=1)
            return Span.quarter(before.year, (before.month - 1) // 3 + 1)
        end = self.start - timedelta(days=1)
        return Span.range(end - timedelta(days=self.days - 1), end)

    def up_to(self, as_of: date) -> Span:
        """The part of the span that has happened by `as_of`, so that its 同比 and 环比
        windows (`last_year`, `previous`) are as long as what is counted now: a span
        ending after as_of is cut to end on it (1-N月累计 stays 1-N月累计 when as_of is
        a month's last day). A span starting after as_of has nothing to cut and is
        returned as it is."""
        if self.end <= as_of or self.start > as_of:
            return self
        if self.kind == "ytd" and as_of == _month_end(as_of.year, as_of.month):
            return Span.ytd(as_of.year, as_of.month)
        return Span.range(self.start, as_of)

    def until(self, as_of: date) -> date:
        """The last day that counts: the span's end, or the as-of date if earlier."""
        return min(self.end, as_of)


ScopeKind = Literal["unit", "division", "jurisdiction"]


@dataclass(frozen=True)
class Scope:
    """Whose figures: a unit with its subtree, the member units (with subtrees) of a
    division, or a whole jurisdiction. `paths` are the tree prefixes covered."""

    kind: ScopeKind
    id: int
    name: str
    paths: tuple[str, ...]

    @classmethod
    def for_unit(cls, unit: Unit) -> Scope:
        return cls("unit", unit.pk, unit.name, (unit.path,))

    @classmethod
    def for_jurisdiction(cls, unit: Unit) -> Scope:
        return cls("jurisdiction", unit.pk, unit.name, (unit.path,))

    @classmethod
    def for_division(cls, division: Division) -> Scope:
        paths = tuple(division.units.order_by("path").values_list("path", flat=True))
        return cls("division", division.pk, division.name, paths)

    @classmethod
    def for_divisions(cls, divisions: list[Division]) -> list[Scope]:
        """for_division of each division, reading their units in one query."""
        paths: dict[int, list[str]] = {division.pk: [] for division in divisions}
        for division, path in Unit.objects.filter(division__in=divisions).order_by("path").values_list("division", "path"):
            paths[division].append(path)
        return [cls("division", division.pk, division.name, tuple(paths[division.pk])) for division in divisions]

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    def q(self, field: str) -> Q:
        return subtree_q(self.paths, field)


@dataclass(frozen=True)
class Buckets:
    """Several units at once (rankings): rows are grouped by the credited unit's
    path prefix of `length`, so all units of one depth take one query. `groups`
    pairs scopes made of some of those units (a county's divisions) with their
    paths: their figures are folded from their units' rows in the same query
    (engine.common._folded), each row counted again under its group's key."""

    paths: tuple[str, ...]
    length: int
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def everything(self) -> bool:
        """A group is the buckets' common ancestor (the county): it holds every
        row under `prefix`, those of units not among the buckets too."""
        return any(len(path) < self.length for _, paths in self.groups for path in paths)

    @property
    def prefix(self) -> str:
        """The tree path every bucket lies under ("" when they share none)."""
        common = os.path.commonprefix(self.paths) if self.paths else ""
        return common[: len(common) - len(common) % Unit.steplen]


@dataclass(frozen=True)
class Groups:
    """Several scopes at once, each a set of tree paths (a county's divisions, for
    the warm-up): rows are grouped by the scope whose paths hold their unit,
    `groups` pairing each scope's key with its paths. No path of one scope lies
    under (or is) a path of another, so a row falls in one group at most and each
    group holds exactly the rows the scope holds alone (engine.common.by_group
    splits scopes that overlap into several passes)."""

    groups: tuple[tuple[str, tuple[str, ...]], ...]

    @classmethod
    def of(cls, scopes: list[Scope]) -> Groups:
        return cls(tuple((scope.key, scope.paths) for scope in scopes))

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.groups)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(path for _, paths in self.groups for path in paths)

    @property
    def prefix(self) -> str:
        return Buckets(self.paths, 0).prefix

    @staticmethod
    def overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        """Whether a row could be in both sets of paths: a path of one under a path of the other."""
        return any(p.startswith(q) or q.startswith(p) for p in a for q in b)

    @classmethod
    def passes(cls, groups: tuple[tuple[str, tuple[str, ...]], ...]) -> list[Groups]:
        """`groups` split into as few Groups as keep each free of overlaps."""
        taken: list[list[tuple[str, tuple[str, ...]]]] = []
        for key, paths in groups:
            free = next((group for group in taken if not any(cls.overlap(paths, other) for _, other in group)), None)
            if free is None:
                taken.append([(key, paths)])
            else:
                free.append((key, paths))
        return [cls(tuple(group)) for group in taken]
