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
every other field converts its value as Django would (get_db_prep_save), once per
distinct value of a column. PostgreSQL is written with COPY (see _copy), SQLite
with multi-row INSERTs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from operator import attrgetter
from typing import Any

from django.contrib.auth.models import User
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.dispatch import Signal

# sender: the model; records: the created or changed records (saved, with their pk).
records_written = Signal()

# Fields whose Python value is already what the driver wants.
_AS_IS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)
# Values per statement: far below what both databases accept (SQLite ≥ 3.32: 32,766).
_MOST_VALUES = 20_000


def _converter(field: models.Field, db: BaseDatabaseWrapper) -> Callable[[Any], Any] | None:
    """How a value of `field` becomes what the driver takes: None when as it is.
    A column holds few distinct values (a date, a currency, the import's time), so
    each is converted once."""
    if isinstance(field, models.ForeignKey):
        as_is = isinstance(field.target_field, models.IntegerField)  # an integer key
    else:
        as_is = isinstance(field, _AS_IS) and type(field).get_db_prep_save is models.Field.get_db_prep_save
    if as_is:
        return None
    done: dict[tuple[type, Any], Any] = {}

    def convert(value: Any) -> Any:
        try:
            key = (type(value), value)
            if key not in done:
                done[key] = field.get_db_prep_save(value, db)
            return done[key]
        except TypeError:  # unhashable (a JSON value)
            return field.get_db_prep_save(value, db)

    return convert


def _columns(rows: list[list[Any]], columns: list[models.Field], db: BaseDatabaseWrapper) -> list[list[Any]]:
    """The rows (lists made for the INSERT) with every value converted for the
    driver, in place."""
    for i, field in enumerate(columns):
        if (convert := _converter(field, db)) is not None:
            for row in rows:
                row[i] = convert(row[i])
    return rows


def _values(records: Sequence[models.Model], names: list[str]) -> list[list[Any]]:
    """Each record's attributes `names`, read by attrgetter in C rather than by a
    getattr per value (half a million of them for a 10,000-row project import)."""
    if len(names) == 1:
        return [[getattr(record, names[0])] for record in records]
    get = attrgetter(*names)
    return [list(get(record)) for record in records]


def _insert(model: type[models.Model], columns: list[models.Field], rows: list[list[Any]], returning: bool) -> list[Any]:
    """INSERT `rows` (values in `columns` order, unconverted) in a few statements;
    the new primary keys in order when `returning`."""
    # The connection itself: `django.db.connection` is a proxy that looks the
    # connection up again at every attribute, hundreds of thousands of times here.
    db = connections[DEFAULT_DB_ALIAS]
    rows = _columns(rows, columns, db)
    if db.vendor == "postgresql":
        return _copy(db, model, columns, rows, returning)
    quote = db.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(field.column) for field in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    pk = quote(model._meta.pk.column)
    per_statement = max(1, _MOST_VALUES // len(columns))
    keys: list[Any] = []
    with db.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            part = rows[start : start + per_statement]
            sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(part))}"
            params = [value for row in part for value in row]
            if returning:
                cursor.execute(f"{sql} RETURNING {pk}", params)
                keys.extend(key for (key,) in cursor.fetchall())
            else:
                cursor.execute(sql, params)
    return keys


def _copy(db: BaseDatabaseWrapper, model: type[models.Model], columns: list[models.Field], rows: list[list[Any]], returning: bool) -> list[Any]:
    """PostgreSQL: COPY, which psycopg writes row by row in C, where an INSERT of
    arrays had every value quoted in Python. The new keys, when wanted, are taken
    from the table's sequence first and written with the rows."""
    quote = db.ops.quote_name
    table = model._meta.db_table
    names = [quote(field.column) for field in columns]
    keys: list[Any] = []
    with db.cursor() as cursor:
        if returning:
            if not isinstance(model._meta.pk, models.AutoField):
                raise TypeError(f"{model.__name__}: bulk_create needs an automatic integer key")
            pk = model._meta.pk.column
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [quote(table), pk, len(rows)])
            keys = [key for (key,) in cursor.fetchall()]
            names.insert(0, quote(pk))
            rows = [[key, *row] for key, row in zip(keys, rows, strict=True)]
        with cursor.cursor.copy(f"COPY {quote(table)} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    return keys


def _history(model: type[models.Model], records: Sequence[models.Model], user: User | None, when: datetime, kind: str, reason: str) -> None:
    history = model.history.model
    own = {"history_date": when, "history_type": kind, "history_user_id": user.pk if user else None}
    fields = [field for field in history._meta.concrete_fields if not field.primary_key]
    # The record's own columns first, then the history's (the INSERT names them).
    copied = [f for f in fields if f.attname not in own and f.attname != "history_change_reason"]
    added = [f for f in fields if f.attname in own]
    reasons = [f for f in fields if f.attname == "history_change_reason"]
    rows = _values(records, [f.attname for f in copied])
    after = [own[f.attname] for f in added]
    for row, record in zip(rows, records, strict=True):
        row += after
        if reasons:
            row.append(getattr(record, "_change_reason", "") or reason)
    _insert(history, [*copied, *added, *reasons], rows, returning=False)


def bulk_create(
    model: type[models.Model], records: Sequence[models.Model], user: User | None, when: datetime, reason: str = ""
) -> list[models.Model]:
    """Insert new records (their pk set afterwards) and their "+" history rows."""
    if not records:
        return []
    columns = [field for field in model._meta.concrete_fields if not field.primary_key]
    keys = _insert(model, columns, _values(records, [f.attname for f in columns]), returning=True)
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
