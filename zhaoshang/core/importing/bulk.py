"""Writing many records at once, with their history.

`bulk_create` inserts the records, then one history row each with the same who,
when and reason a save would record (django-simple-history's columns), without
per-record signals. Instead it sends `records_written` once per model, so whoever
keeps something derived from the records (metrics/freshness.py: the figure cache)
hears of the whole batch at once, e.g. bumps each county's version once.

The INSERTs are written here rather than by QuerySet.bulk_create: Django compiles
every value of every row through the field (a 10,000-row project import spends
most of its time there, twice with the history rows). Values that the database
driver takes as they are (text, numbers, booleans, keys) are passed as they are;
every other field converts its value as Django would (get_db_prep_save)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, models
from django.dispatch import Signal

# sender: the model; records: the created or changed records (saved, with their pk).
records_written = Signal()

# Fields whose Python value is already what the driver wants.
_AS_IS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)
# Values per statement: far below what both databases accept (SQLite ≥ 3.32: 32,766).
_MOST_VALUES = 20_000


def _converter(field: models.Field) -> Callable[[Any], Any]:
    if isinstance(field, models.ForeignKey):
        as_is = isinstance(field.target_field, models.IntegerField)  # an integer key
    else:
        as_is = isinstance(field, _AS_IS) and type(field).get_db_prep_save is models.Field.get_db_prep_save
    if as_is:
        return lambda value: value
    return lambda value, field=field: field.get_db_prep_save(value, connection)


def _insert(model: type[models.Model], columns: list[models.Field], rows: list[list[Any]], returning: bool) -> list[Any]:
    """INSERT `rows` (values in `columns` order, unconverted) in a few statements;
    the new primary keys in order when `returning`."""
    convert = [_converter(field) for field in columns]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(field.column) for field in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    pk = quote(model._meta.pk.column)
    per_statement = max(1, _MOST_VALUES // len(columns))
    keys: list[Any] = []
    # PostgreSQL takes one array per column (as Django's own bulk_create does):
    # psycopg rewrites every placeholder of a statement, which for 20,000 of them
    # costs more than the insert itself.
    arrays = connection.vendor == "postgresql"
    if arrays:
        unnest = ", ".join(f"%s::{field.db_type(connection)}[]" for field in columns)
        per_statement = 5_000
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            part = rows[start : start + per_statement]
            if arrays:
                sql = f"INSERT INTO {table} ({names}) SELECT * FROM UNNEST({unnest})"
                params = [[f(row[i]) for row in part] for i, f in enumerate(convert)]
            else:
                sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(part))}"
                params = [f(value) for row in part for f, value in zip(convert, row, strict=True)]
            if returning:
                cursor.execute(f"{sql} RETURNING {pk}", params)
                keys.extend(key for (key,) in cursor.fetchall())
            else:
                cursor.execute(sql, params)
    return keys


def _history(model: type[models.Model], records: Sequence[models.Model], user: User | None, when: datetime, kind: str, reason: str) -> None:
    history = model.history.model
    columns = [field for field in history._meta.concrete_fields if not field.primary_key]
    own = {"history_date": when, "history_type": kind, "history_user_id": user.pk if user else None}
    rows = []
    for record in records:
        own["history_change_reason"] = getattr(record, "_change_reason", "") or reason
        rows.append([own[f.attname] if f.attname in own else getattr(record, f.attname) for f in columns])
    _insert(history, columns, rows, returning=False)


def bulk_create(
    model: type[models.Model], records: Sequence[models.Model], user: User | None, when: datetime, reason: str = ""
) -> list[models.Model]:
    """Insert new records (their pk set afterwards) and their "+" history rows."""
    if not records:
        return []
    columns = [field for field in model._meta.concrete_fields if not field.primary_key]
    keys = _insert(model, columns, [[getattr(r, f.attname) for f in columns] for r in records], returning=True)
    for record, key in zip(records, keys, strict=True):
        record.pk = key
        record._state.adding = False
    _history(model, records, user, when, "+", reason)
    records_written.send(sender=model, records=list(records))
    return list(records)


def bulk_update(
    model: type[models.Model], records: Sequence[models.Model], fields: list[str], user: User | None, when: datetime, reason: str = ""
) -> None:
    """Change `fields` of saved records, with a "~" history row each."""
    if not records:
        return
    model._default_manager.bulk_update(records, fields, batch_size=1000)
    _history(model, records, user, when, "~", reason)
    records_written.send(sender=model, records=list(records))
