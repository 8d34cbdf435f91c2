"""The import pipeline: parse → validate rows → preview → confirm (see __init__)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhaoshang.core.excel import RowError, form_errors, read_rows

from .csvrows import is_csv, read_csv_rows
from .fields import RowForm, cell_text

# (percent, message): what a background import tells its progress bar.
Progress = Callable[[int, str], None]


def no_progress(percent: int, message: str) -> None:
    pass


@dataclass
class Row:
    """One non-blank row of the sheet: the cells as typed, the row form's cleaned
    values, then what `Spec.check` made of them."""

    number: int
    cells: list[str]
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    # The row as the preview shows it (labels, resolved names); the cells until checked.
    values: list[str] = field(default_factory=list)
    # Or what makes those values, called only when a preview is shown: confirm
    # checks every row again but shows none.
    describe: Callable[[], list[str]] | None = None
    warning: str = ""
    # What `check` resolved for `write` (units, investor, …); never stored.
    plan: Any = None

    def preview(self) -> dict:
        values = self.values or (self.describe() if self.describe else self.cells)
        return {"row": self.number, "values": values, "errors": [str(e) for e in self.errors], "warning": self.warning}


@dataclass(frozen=True)
class Spec:
    """One app's import. `check(rows, user)` looks up what the rows name once per
    file and records row errors, preview values and a plan on each valid row;
    `write(rows, user)` writes every row (in bulk) and returns how many records it
    created, raising RowRefused for a row the database refuses."""

    kind: str
    headers: dict[str, str]  # row-form field → column header
    required: list[str]
    form: type[RowForm]
    check: Callable[[list[Row], User], None]
    write: Callable[[list[Row], User], int]
    filename: str = ""
    example: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Also take a .csv file with the same headers (csvrows.py).
    csv: bool = False


class RowRefused(Exception):
    """A row refused while writing: everything written before it is undone."""

    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.error = error


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0


# ---------------------------------------------------------------- parse and validate


def parse(spec: Spec, upload, progress: Progress = no_progress, share: int = 50) -> list[Row]:
    """Every non-blank row through the row form. Raises ImportFileError for a file
    that cannot be read. Progress runs from 0 to `share` percent."""
    rows: list[Row] = []
    headers = list(spec.headers.values())
    read = read_csv_rows if spec.csv and is_csv(upload) else read_rows
    known: dict = {}  # each column's texts as its field cleaned them (RowForm)
    for number, cells in read(upload, headers, spec.required):
        texts = [cell_text(cells.get(header)) for header in headers]
        form = spec.form(dict(zip(spec.headers, texts, strict=True)), known)
        row = Row(number, [text or "" for text in texts])
        if form.is_valid():
            row.data = form.cleaned_data
        else:
            row.errors = form_errors(number, form, spec.headers)
        rows.append(row)
        if len(rows) % 1000 == 0:
            progress(min(share, 5 + len(rows) * share // 20_000), f"已读取 {len(rows)} 行")
    return rows


def check(spec: Spec, rows: list[Row], user: User) -> list[Row]:
    """The database checks of every row the row form passed."""
    spec.check([row for row in rows if not row.errors], user)
    return rows


def errors(rows: Iterable[Row]) -> list[RowError]:
    return [error for row in rows for error in row.errors]


# ---------------------------------------------------------------- confirm


def all_or_nothing(write: Callable[[], int]) -> ImportResult:
    """Run `write` in one transaction; a RowRefused undoes every row."""
    try:
        with transaction.atomic():
            return ImportResult(created=write())
    except RowRefused as refusal:
        return ImportResult(errors=[refusal.error])


def commit(spec: Spec, rows: list[Row], user: User) -> ImportResult:
    if found := errors(rows):
        return ImportResult(errors=found)
    return all_or_nothing(lambda: spec.write(rows, user))


def write_each(writes: Iterable[tuple[int, Callable[[], Any]]], refused: str = "无权导入该行", headers: dict[str, str] | None = None) -> int:
    """For imports that write row by row through an action (small sheets): the
    action's refusal, in Chinese, becomes the row's error, naming the column when
    the action names a field that `headers` (row-form field → header) knows."""
    count = 0
    for number, write in writes:
        try:
            write()
        except ValidationError as error:
            raise RowRefused(_refusal(number, error, headers or {})) from None
        except PermissionDenied as error:
            raise RowRefused(RowError(number, "", str(error) or refused)) from None
        count += 1
    return count


def _refusal(number: int, error: ValidationError, headers: dict[str, str]) -> RowError:
    if hasattr(error, "error_dict") and len(error.error_dict) == 1:
        ((name, messages),) = error.message_dict.items()
        return RowError(number, headers.get(name, ""), "；".join(messages))
    return RowError(number, "", "；".join(error.messages))


def run(spec: Spec, upload, user: User) -> ImportResult:
    """The whole pipeline inside the request, for sheets of a few hundred rows at
    most (units, persons, targets). Raises ImportFileError."""
    return commit(spec, check(spec, parse(spec, upload), user), user)


# ---------------------------------------------------------------- between preview and confirm


def encode(spec: Spec, rows: list[Row]) -> list[dict]:
    """The validated rows as JSON, kept between preview and confirm: the file
    cannot change, so the row forms need not run again; `check` runs again on
    confirm, since the database may have changed. Not the cells as typed: confirm
    shows no preview, and they would be a third of what a large file stores.
    Each row's values as a list in the form's field order (a value the form's
    clean() added under another name in "data"): the field names repeated in
    every row were more than half of what a large file stored, and PostgreSQL
    parses every byte of a jsonb value (7.6 MB, 0.5–1 s for 10,000 project rows;
    as lists 3.3 MB, 0.1 s)."""
    names = list(spec.form.base_fields)
    known = set(names)
    stored = []
    for r in rows:
        item: dict[str, Any] = {"row": r.number, "values": [_json(r.data.get(name)) for name in names]}
        if extra := {k: _json(v) for k, v in r.data.items() if k not in known}:
            item["data"] = extra
        stored.append(item)
    return stored


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def decode(spec: Spec, stored: list[dict]) -> list[Row]:
    """encode's rows back; also those stored before encode kept lists (by name
    only, in "data")."""
    names = list(spec.form.base_fields)
    dates = {name for name, f in spec.form.base_fields.items() if isinstance(f, forms.DateField)}
    days: dict[str, date] = {}  # a file holds few distinct dates
    decoded = []
    for item in stored:
        data = dict(zip(names, item.get("values", ()), strict=False))
        data.update(item.get("data", {}))
        for name in dates:
            if text := data.get(name):
                data[name] = days[text] if text in days else days.setdefault(text, date.fromisoformat(text))
        decoded.append(Row(item["row"], [], data))
    return decoded
