"""What an import's rows name, looked up once per file and kept in dicts: the
units, the county leaders, investors and their projects. Nothing here queries per
row, so an import's queries do not grow with its rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet

from zhaoshang.core.excel import RowError
from zhaoshang.organisation.models import Unit

from ..models import Investor, Project
from ..validators import normalise_name

# Well below every database's limit of parameters in one statement.
CHUNK = 2_000


def chunked(query: Callable[[list[Any]], QuerySet], values: Iterable[Any]) -> list[Any]:
    """`query(part)` for each part of `values`, concatenated."""
    values = list(values)
    found: list[Any] = []
    for start in range(0, len(values), CHUNK):
        found.extend(query(values[start : start + CHUNK]))
    return found


class UnitIndex:
    """Units by name and by short name, as people type them in a cell."""

    def __init__(self, units: Iterable[Unit]):
        self.by_name: dict[str, list[Unit]] = defaultdict(list)
        for unit in units:
            self.by_name[unit.name].append(unit)
            if unit.short_name and unit.short_name != unit.name:
                self.by_name[unit.short_name].append(unit)

    def find(self, name: str, row: int, column: str, what: str) -> tuple[Unit | None, RowError | None]:
        found = self.by_name.get(name, [])
        if not found:
            return None, RowError(row, column, f"找不到{what}「{name}」")
        if len(found) > 1:
            return None, RowError(row, column, f"有多个名为「{name}」的单位，无法确定是哪一个")
        return found[0], None

    def __contains__(self, unit: Unit) -> bool:
        return unit in self.by_name.get(unit.name, [])


def investor_keys(investor: Investor | None, uscc: str = "", name: str = "") -> frozenset:
    """How two records are the same company (InvestorQuerySet.matching and
    actions.find_duplicates): the record itself, its USCC, its normalised name."""
    keys = set()
    if investor is not None:
        keys.add(("id", investor.pk))
        uscc, name = uscc or investor.uscc, investor.name
    if uscc:
        keys.add(("uscc", uscc.upper()))
    if key := normalise_name(name):
        keys.add(("name", key))
    return frozenset(keys)


class InvestorIndex:
    """客商库 entries matching any row of the file, by USCC and normalised name;
    investors an import creates are added as it goes, so later rows find them."""

    def __init__(self, usccs: Iterable[str], names: Iterable[str]):
        self.by_uscc: dict[str, Investor] = {}
        self.by_name: dict[str, list[Investor]] = defaultdict(list)
        keys = {normalise_name(n) for n in names} - {""}
        found = chunked(lambda part: Investor.objects.filter(uscc__in=part), {u.upper() for u in usccs if u})
        found += chunked(lambda part: Investor.objects.filter(normalised_name__in=part), keys)
        for investor in sorted(set(found), key=lambda i: (i.name, i.pk)):
            self.add(investor)

    def add(self, investor: Investor) -> None:
        if investor.uscc:
            self.by_uscc.setdefault(investor.uscc, investor)
        if investor.normalised_name:
            self.by_name[investor.normalised_name].append(investor)

    def all(self) -> list[Investor]:
        return list({i.pk: i for i in [*self.by_uscc.values(), *(i for found in self.by_name.values() for i in found)]}.values())

    def match(self, name: str, uscc: str) -> Investor | None:
        """As InvestorQuerySet.matching(name, uscc).first(): either key, first by name."""
        found = []
        if uscc and (by_uscc := self.by_uscc.get(uscc.upper())):
            found.append(by_uscc)
        if key := normalise_name(name):
            found += self.by_name.get(key, [])
        return min(found, key=lambda i: (i.name, i.pk or 0)) if found else None


class ProjectsByInvestor:
    """Active projects of the investors a file names, by investor key, oldest first,
    for the duplicate check (actions.find_duplicates, asked of every row at once)."""

    def __init__(self, investors: Iterable[Investor]):
        investors = list(investors)
        ids = {i.pk for i in investors}
        usccs = {i.uscc for i in investors if i.uscc}
        names = {i.normalised_name for i in investors if i.normalised_name}
        base = Project.objects.active().select_related("investor", "introducing_unit")
        found = chunked(lambda part: base.filter(investor_id__in=part), ids)
        found += chunked(lambda part: base.filter(investor__uscc__in=part), usccs)
        found += chunked(lambda part: base.filter(investor__normalised_name__in=part), names)
        self.by_key: dict[tuple, list[Project]] = defaultdict(list)
        for project in sorted({p.pk: p for p in found}.values(), key=lambda p: (p.created_at, p.pk)):
            for key in investor_keys(project.investor):
                self.by_key[key].append(project)

    def like(self, keys: frozenset) -> list[Project]:
        found = {p.pk: p for key in keys for p in self.by_key.get(key, [])}
        return sorted(found.values(), key=lambda p: (p.created_at, p.pk))
