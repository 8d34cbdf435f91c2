"""History of a record in Chinese: who, when, which fields, old → new.

Every domain model carries django-simple-history's HistoricalRecords; this module
turns its rows into what a clerk reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models

HIDDEN_FIELDS = {"path", "depth", "numchild", "version"}
KIND_LABELS = {"+": "新建", "~": "修改", "-": "删除"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    who: str
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _display(model: type[models.Model], name: str, value) -> str:
    if value is None or value == "":
        return "（空）"
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.BooleanField):
        return "是" if value else "否"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        target = model_field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target else f"#{value}（已删除）"
    return str(value)


def entries(obj: models.Model) -> list[Entry]:
    model = type(obj)
    records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    result: list[Entry] = []
    previous = None
    for record in records:
        who = record.history_user.get_full_name() or record.history_user.username if record.history_user else "系统"
        entry = Entry(
            when=record.history_date,
            who=who,
            kind=KIND_LABELS.get(record.history_type, record.history_type),
            reason=record.history_change_reason or "",
        )
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                entry.changes.append(
                    Change(
                        field=str(model._meta.get_field(change.field).verbose_name),
                        old=_display(model, change.field, change.old),
                        new=_display(model, change.field, change.new),
                    )
                )
        result.append(entry)
        previous = record
    result.reverse()
    return result
