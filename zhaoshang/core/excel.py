"""Excel in and out, the same way for every list.

Export writes exactly the rows it is given. Import reads a sheet whose first row
holds the template's Chinese headers, validates every row with a Django form,
and reports errors per row and column; the caller writes nothing unless every
row is valid, inside one transaction."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django import forms
from django.http import HttpResponse
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    width: int = 16


def xlsx_response(filename: str, workbook: Workbook) -> HttpResponse:
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def add_sheet(workbook: Workbook, title: str, columns: list[Column], rows: Iterable[Any]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row in rows:
        sheet.append([_cell(column.value(row)) for column in columns])
    sheet.freeze_panes = "A2"


def export(filename: str, title: str, columns: list[Column], rows: Iterable[Any]) -> HttpResponse:
    workbook = Workbook()
    workbook.remove(workbook.active)
    add_sheet(workbook, title, columns, rows)
    return xlsx_response(filename, workbook)


def template(filename: str, headers: list[str], example: list[Any], notes: list[str]) -> HttpResponse:
    """An empty import template: headers, one example row, and a sheet of notes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    add_sheet(workbook, "数据", [Column(h, lambda r, i=i: r[i], 18) for i, h in enumerate(headers)], [example])
    notes_sheet = workbook.create_sheet("填写说明")
    for line in ["请在“数据”表中从第2行起填写（示例行请删除或覆盖），表头不可修改。", *notes]:
        notes_sheet.append([line])
    notes_sheet.column_dimensions["A"].width = 100
    return xlsx_response(filename, workbook)


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行"
        return f"{where}「{self.column}」：{self.message}" if self.column else f"{where}：{self.message}"


def read_rows(upload, headers: list[str], required: Iterable[str] = ()) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (sheet row number, {header: value}) for every non-blank row.
    Raises ImportFileError when the file is not a usable workbook."""
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise ImportFileError("请上传 Excel 文件（.xlsx 格式）")
    if getattr(upload, "size", 0) > MAX_IMPORT_BYTES:
        raise ImportFileError("文件超过 10MB，请拆分后导入")
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise ImportFileError("无法读取该文件，请使用系统提供的模板（.xlsx 格式）") from None
    sheet = workbook["数据"] if "数据" in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None:
        raise ImportFileError("文件是空的")
    found = [str(h).strip() if h is not None else "" for h in first]
    missing = [h for h in required if h not in found]
    if missing:
        raise ImportFileError("缺少表头：" + "、".join(missing) + "。请使用系统提供的模板")
    positions = {h: found.index(h) for h in headers if h in found}
    count = 0
    for number, values in enumerate(rows, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        count += 1
        if count > MAX_IMPORT_ROWS:
            raise ImportFileError(f"一次最多导入 {MAX_IMPORT_ROWS} 行")
        yield number, {h: _clean(values[i]) if i < len(values) else None for h, i in positions.items()}


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def form_errors(row: int, form: forms.Form, labels: dict[str, str]) -> list[RowError]:
    """A row form's errors, each named by the Excel column it came from."""
    errors = []
    for field_name, messages in form.errors.items():
        column = labels.get(field_name, "")
        errors.extend(RowError(row, column, str(m)) for m in messages)
    return errors


def as_date(value: Any) -> date | Any:
    return value.date() if isinstance(value, datetime) else value
