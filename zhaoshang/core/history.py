"""History of a record in Chinese: who, when, which fields, old → new.

Every domain model carries django-simple-history's HistoricalRecords; this module
turns its rows into what a clerk reads: field labels, choice labels, related
records by name, dates in ISO form, files by name, lists as lists. Related
records are looked up once per model for a whole page of history, so the number
of queries does not grow with the number of changes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from django.db import models
from django.utils import timezone

from . import money

HIDDEN_FIELDS = {"path", "depth", "numchild", "version"}
KIND_LABELS = {"+": "新建", "~": "修改", "-": "删除"}
EMPTY = "（空）"
GONE = "（已删除）"

# How one field's raw value reads, given the historical row it belongs to (an
# amount needs the row's currency); fields without one use `display`.
Format = Callable[[Any, Any], str]


@dataclass
class Change:
    field: str
    # None: the value the record was created with (nothing came before it).
    old: str | None
    new: str


@dataclass
class Entry:
    when: datetime
    who: str
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    # Which record of a larger history the entry is about ("2026-03-01 500.00 万元").
    subject: str = ""


@dataclass
class Story:
    """How the rows of one model read in a history.

    `noun` names the record in the entry's kind ("修改到位资金"); empty for the
    record whose page it is. `subject` names one record from its historical row.
    `created` are the fields listed when a record is created; `hidden` are never
    listed. `formats` override how a field's value reads."""

    model: type[models.Model]
    noun: str = ""
    subject: Callable[[Any], str] | None = None
    created: Sequence[str] = ()
    hidden: frozenset[str] = frozenset()
    formats: Mapping[str, Format] = field(default_factory=dict)

    def kind(self, history_type: str) -> str:
        label = KIND_LABELS.get(history_type, history_type)
        if not self.noun:
            return label
        return f"{'新增' if history_type == '+' else label}{self.noun}"


def save_with_history(obj: models.Model, user, reason: str = "", **kwargs: Any) -> None:
    """Save `obj` so that its history row names who changed it (and why, when a
    reason is given): every action saves its records through this."""
    obj._history_user = user
    if reason:
        obj._change_reason = reason
    obj.save(**kwargs)


def who(record) -> str:
    user = record.history_user
    return (user.get_full_name() or user.username) if user else "系统"


def moment(value: datetime) -> str:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d %H:%M")


# A field labelled in 元 ("年度计划投资（元）") is money: its history reads in 万元,
# under the label without the unit.
YUAN_SUFFIXES = ("（元）", "(元)")


def label(model_field: models.Field) -> str:
    text = str(model_field.verbose_name)
    for suffix in YUAN_SUFFIXES:
        text = text.removesuffix(suffix)
    return text


def _is_yuan(model_field: models.Field) -> bool:
    return isinstance(model_field, models.IntegerField) and str(model_field.verbose_name).endswith(YUAN_SUFFIXES)


def display(model_field: models.Field, value, names: Mapping[tuple[type, Any], str]) -> str:
    """A raw stored value as a clerk reads it. `names` holds the related records
    looked up beforehand, by (model, pk)."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(model_field, models.BooleanField):
        return "是" if value else "否"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, value), GONE)
    if _is_yuan(model_field):
        return f"{money.format_wan(value)} 万元"
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(model_field, models.FileField):
        return PurePath(str(value)).name
    if isinstance(value, list):
        return "、".join(_item(v) for v in value)
    if isinstance(value, dict):
        return "、".join(f"{k}：{_item(v)}" for k, v in value.items())
    return str(value)


def _item(value) -> str:
    if isinstance(value, dict):
        return "，".join(f"{k}：{v}" for k, v in value.items())
    return str(value)


# How a related record is named when its model's str() is not for a clerk.
Namer = Callable[[Any], str]


def look_up(wanted: Mapping[type[models.Model], Iterable], namers: Mapping[type, Namer] | None = None) -> dict[tuple[type, Any], str]:
    """One query per related model: (model, pk) → its name."""
    names: dict[tuple[type, Any], str] = {}
    for model, pks in wanted.items():
        pks = {pk for pk in pks if pk is not None}
        if not pks:
            continue
        name = (namers or {}).get(model, _name)
        for pk, obj in model._default_manager.in_bulk(pks).items():
            names[(model, pk)] = name(obj)
    return names


def _name(obj: models.Model) -> str:
    get_full_name = getattr(obj, "get_full_name", None)  # a login: its person's name
    if callable(get_full_name):
        return get_full_name() or obj.get_username()
    return str(obj)


def _fields(story: Story) -> list[models.Field]:
    """The model's fields its history keeps (a login's password is not kept)."""
    hidden = HIDDEN_FIELDS | story.hidden
    kept = {f.name for f in story.model.history.model._meta.concrete_fields}
    return [f for f in story.model._meta.concrete_fields if not f.primary_key and f.name in kept - hidden]


@dataclass
class _Raw:
    """A historical row with its changed fields, before the values are named."""

    story: Story
    record: Any
    before: Any  # the record's previous row: an old amount reads in the old currency
    changes: list[tuple[models.Field, Any, Any, bool]]  # field, old, new, created


def _raw(story: Story, records: Iterable) -> list[_Raw]:
    fields = _fields(story)
    created = [f for f in fields if f.name in story.created]
    previous: dict[Any, Any] = {}
    result = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        changes = []
        if record.history_type == "+":
            changes = [(f, None, getattr(record, f.attname), True) for f in created]
            changes = [c for c in changes if c[2] not in (None, "")]
        elif record.history_type == "~" and before is not None:
            for f in fields:
                old, new = getattr(before, f.attname), getattr(record, f.attname)
                if old != new:
                    changes.append((f, old, new, False))
        result.append(_Raw(story, record, before, changes))
        previous[record.id] = record
    return result


def _needed(raws: Iterable[_Raw]) -> dict[type[models.Model], set]:
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for raw in raws:
        for model_field, old, new, _ in raw.changes:
            if isinstance(model_field, models.ForeignKey):
                wanted[model_field.related_model].update((old, new))
    return wanted


def _entry(raw: _Raw, names: Mapping[tuple[type, Any], str]) -> Entry:
    story, record = raw.story, raw.record

    def text(model_field: models.Field, value, row) -> str:
        if value is not None and value != "" and model_field.name in story.formats:
            return story.formats[model_field.name](row, value)
        return display(model_field, value, names)

    return Entry(
        when=record.history_date,
        who=who(record),
        kind=story.kind(record.history_type),
        reason=record.history_change_reason or "",
        subject=story.subject(record) if story.subject else "",
        changes=[Change(label(f), None if created else text(f, old, raw.before), text(f, new, record)) for f, old, new, created in raw.changes],
    )


def describe(rows: Sequence[tuple[Story, Iterable]], namers: Mapping[type, Namer] | None = None) -> list[Entry]:
    """The entries of several models' historical rows, newest first. Each row set
    is (story, historical rows); the rows of one model may span many records."""
    raws = [raw for story, records in rows for raw in _raw(story, records)]
    names = look_up(_needed(raws), namers)
    return newest_first([_entry(raw, names) for raw in raws])


def newest_first(result: list[Entry]) -> list[Entry]:
    """Newest first; of entries made at the same moment, the later one first."""
    order = {id(entry): n for n, entry in enumerate(result)}
    return sorted(result, key=lambda entry: (entry.when, order[id(entry)]), reverse=True)


def entries(obj: models.Model, formats: Mapping[str, Format] | None = None) -> list[Entry]:
    records = obj.history.select_related("history_user").order_by("history_date", "history_id")
    return describe([(Story(type(obj), formats=formats or {}), records)])
