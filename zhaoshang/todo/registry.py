"""待办: what each person has to do, gathered from sources that the modules
register. A source names the records behind its items (a queryset built from the
modules' own QuerySet methods and alert rules), whom it concerns, and where each
item is done. The navbar asks only for counts: one COUNT query per source that
concerns the user.

A later module adds its own to-do by registering a Source from its
AppConfig.ready():

    registry.register(Source(key="cases", label="待办服务事项", applies=..., records=..., item=...))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

# How many items of one source the 待办 page lists before linking to the full list.
SHOWN_PER_SOURCE = 20


@dataclass(frozen=True)
class Item:
    """record: what the section template may act on."""

    title: str
    detail: str
    link: str
    record: Any = None


@dataclass(frozen=True)
class Source:
    """key: unique, used in the page's anchors. applies(user): whether the source
    concerns this login at all (asked from the cached roles, no query).
    records(user, today): the queryset behind the items, ordered most urgent first.
    item(record): the line shown and the page where it is done. more(user): the
    full list, when the module has one. template: the section's template, for a
    source that is done on the 待办 page itself (bulk approval)."""

    key: str
    label: str
    applies: Callable[[Any], bool]
    records: Callable[[Any, date], QuerySet]
    item: Callable[[Any], Item]
    more: Callable[[Any], str | None] = lambda user: None
    template: str = "todo/section.html"


@dataclass(frozen=True)
class Section:
    source: Source
    count: int
    items: list[Item]
    more: str | None


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    if source.key in _SOURCES:
        raise ValueError(f"to-do source {source.key!r} is registered twice")
    _SOURCES[source.key] = source
    return source


def sources_for(user) -> list[Source]:
    if not user.is_authenticated:
        return []
    return [source for source in _SOURCES.values() if source.applies(user)]


def count(user, today: date) -> int:
    """The navbar's figure: one COUNT per source that concerns the user."""
    return sum(source.records(user, today).count() for source in sources_for(user))


def sections(user, today: date) -> list[Section]:
    """The 待办 page: each source with its count and its most urgent items."""
    result = []
    for source in sources_for(user):
        records = source.records(user, today)
        result.append(
            Section(
                source,
                records.count(),
                [source.item(record) for record in records[:SHOWN_PER_SOURCE]],
                source.more(user),
            )
        )
    return result
