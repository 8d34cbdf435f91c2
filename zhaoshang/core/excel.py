"""Excel in and out, the same way for every list.

Export writes exactly the rows it is given. Import reads a sheet whose first row
holds the template's Chinese headers, validates every row with a Django form,
and reports errors per row and column; the caller writes nothing unless every
row is valid, inside one transaction.

This is the only module that touches openpyxl, so every cell written goes through
`_cell` (stored text can neither break the file nor turn into a formula) and every
upload through `check_workbook` before it is parsed."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.http import HttpResponse
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .text import printable

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
# A text starting with one of these is what a spreadsheet would run as a formula
# (OWASP "CSV injection"): it is written as text, with Excel's quote prefix.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
UNREADABLE = "无法读取该文件，请使用系统提供的模板（.xlsx 格式）"
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    width: int = 16


def new_workbook() -> Workbook:
    """An empty workbook, without openpyxl's default sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, workbook: Workbook) -> HttpResponse:
    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def add_sheet(workbook: Workbook, title: str, columns: list[Column], rows: Iterable[Any]) -> None:
    sheet = _create_sheet(workbook, title)
    write_row(sheet, [c.header for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row in rows:
        write_row(sheet, [column.value(row) for column in columns])
    sheet.freeze_panes = "A2"


def export(filename: str, title: str, columns: list[Column], rows: Iterable[Any]) -> HttpResponse:
    workbook = new_workbook()
    add_sheet(workbook, title, columns, rows)
    return xlsx_response(filename, workbook)


def template(filename: str, headers: list[str], example: list[Any], notes: list[str]) -> HttpResponse:
    """An empty import template: headers, one example row, and a sheet of notes."""
    workbook = new_workbook()
    add_sheet(workbook, "数据", [Column(h, lambda r, i=i: r[i], 18) for i, h in enumerate(headers)], [example])
    notes_sheet = _create_sheet(workbook, "填写说明")
    for line in ["请在“数据”表中从第2行起填写（示例行请删除或覆盖），表头不可修改。", *notes]:
        write_row(notes_sheet, [line])
    notes_sheet.column_dimensions["A"].width = 100
    return xlsx_response(filename, workbook)


def write_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    sheet.append([_cell(sheet, value) for value in values])


def _create_sheet(workbook: Workbook, title: str) -> Worksheet:
    """Titles come from stored names (a division's, a campaign group's): Excel
    refuses \\ / * ? : [ ] and more than 31 characters, so those are dropped."""
    title = SHEET_TITLE_FORBIDDEN.sub("", printable(title)).strip("'")[:31] or "Sheet"
    return workbook.create_sheet(title)


def _cell(sheet: Worksheet, value: Any) -> Cell:
    if isinstance(value, bool):
        value = "是" if value else "否"
    elif isinstance(value, datetime):
        value = value.replace(tzinfo=None)
    elif isinstance(value, str):
        value = printable(value)
    cell = Cell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # openpyxl would store "=…" as a formula; text it stays, also when the
        # user edits the cell in Excel (quotePrefix).
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


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


def check_upload(upload) -> None:
    """What can be told without opening the file: its type and size."""
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise ImportFileError("请上传 Excel 文件（.xlsx 格式）")
    if getattr(upload, "size", 0) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(f"文件超过 {_size(settings.IMPORT_MAX_BYTES)}，请拆分后导入")


def read_rows(upload, headers: list[str], required: Iterable[str] = ()) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (sheet row number, {header: value}) for every non-blank row.
    Raises ImportFileError when the file is not a usable workbook or is larger
    than the limits in settings. (Control characters cannot reach a row: XML 1.0
    cannot carry them, so a sheet holding one, even as &#1;, is unreadable.)"""
    check_upload(upload)
    check_workbook(upload)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise ImportFileError(UNREADABLE) from None
    sheet = workbook["数据"] if "数据" in workbook.sheetnames else workbook.worksheets[0]
    # The <dimension> the file declares may lie; the rows were counted above, so
    # read every row there is, and only as many columns as the headers use (one
    # cell in column XFD would otherwise widen every row to 16,384 values).
    sheet.reset_dimensions()
    first = next(_parsed(sheet.iter_rows(max_row=1, values_only=True)), None)
    if first is None:
        raise ImportFileError("文件是空的")
    found = [str(h).strip() if h is not None else "" for h in first]
    missing = [h for h in required if h not in found]
    if missing:
        raise ImportFileError("缺少表头：" + "、".join(missing) + "。请使用系统提供的模板")
    positions = {h: found.index(h) for h in headers if h in found}
    width = max(positions.values(), default=0) + 1
    count = 0
    for number, values in enumerate(_parsed(sheet.iter_rows(min_row=2, max_col=width, values_only=True)), start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        count += 1
        if count > settings.IMPORT_MAX_ROWS:
            raise ImportFileError(f"一次最多导入 {settings.IMPORT_MAX_ROWS} 行")
        yield number, {h: _clean(values[i]) if i < len(values) else None for h, i in positions.items()}


def _parsed(rows: Iterator[tuple]) -> Iterator[tuple]:
    """openpyxl parses a sheet as it is read, so a damaged one fails half-way."""
    try:
        yield from rows
    except Exception:
        raise ImportFileError(UNREADABLE) from None


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


# ---------------------------------------------------------------- upload bounds

# Each pattern starts with a literal word, which lets the regular expression
# engine skip ahead at memory speed instead of stopping at every "<"; what comes
# before the word (a "<", maybe a namespace prefix) is checked afterwards.
_ROW = re.compile(rb"row(?=[\s/>])")
_DIMENSION = re.compile(rb"dimension(?=[\s/>])")
_PREFIX = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?$")
_ATTRIBUTES = re.compile(rb"""((?:\s+[^\s=/>"'<]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*/?>""")
_ATTRIBUTE = re.compile(rb"""(?:^|\s)(r|ref)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_LAST_ROW = re.compile(rb"(\d+)\s*$")
# A sheet within the limits holds 40,002 (<row>, </row>); a part with far more
# is built to keep this loop busy.
_MOST_WORDS = 200_000


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def check_workbook(upload) -> None:
    """Refuse an .xlsx that would take the reader too long or too much memory,
    before it is parsed: the unpacked size of the whole file and of each part
    (from the zip's directory; zipfile never unpacks more than it declares), each
    text in the XML (a cell's string), and the rows of every sheet, numbered
    the way openpyxl numbers them, so neither a lying <dimension> nor a jump to
    <row r="25000000"> gets past. Each part is read as bytes, one at a time and
    never as a tree, so the check needs at most about twice the part limit.
    Limits are in settings; messages name them."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
            if sum(part.file_size for part in parts) > settings.XLSX_MAX_UNCOMPRESSED_BYTES:
                raise ImportFileError(f"文件解压后超过 {_size(settings.XLSX_MAX_UNCOMPRESSED_BYTES)}，请删除多余的内容或拆分后导入")
            for part in parts:
                if part.file_size > settings.XLSX_MAX_PART_BYTES:
                    raise ImportFileError(f"文件中的「{part.filename}」解压后超过 {_size(settings.XLSX_MAX_PART_BYTES)}，请拆分后导入")
            for part in parts:
                _check_part(archive.read(part))
    except ImportFileError:
        raise
    except Exception:  # not a zip, a damaged or encrypted one: zipfile has many ways to say so
        raise ImportFileError(UNREADABLE) from None
    finally:
        upload.seek(0)


def _too_many_rows() -> ImportFileError:
    return ImportFileError(f"工作表超过 {settings.XLSX_MAX_ROWS} 行（表头和空行也计算在内），请删除多余的空行或拆分后导入")


def _check_part(xml: bytes) -> None:
    if _longest_text(xml) > settings.XLSX_MAX_STRING_BYTES:
        raise ImportFileError(f"有单元格的文本超过 {_size(settings.XLSX_MAX_STRING_BYTES)}，请删减后导入")
    for tag in _start_tags(xml, _DIMENSION):
        last = _LAST_ROW.search(_attribute(tag, b"ref") or b"")
        if last and int(last.group(1)) > settings.XLSX_MAX_ROWS:
            raise _too_many_rows()
        break
    row = 0
    for tag in _start_tags(xml, _ROW):
        row = _row_number(tag, row)
        if row > settings.XLSX_MAX_ROWS:
            raise _too_many_rows()


def _longest_text(xml: bytes) -> int:
    """The length of the longest text between two tags (a shared or inline
    string's <t>, a cell's <v>), counting only texts over half the limit. A text
    over the limit covers a whole aligned stretch of half the limit without a
    "<", so only such stretches are measured: a few hundred memchr calls a sheet."""
    limit = settings.XLSX_MAX_STRING_BYTES
    step = max(limit // 2, 1)
    longest = 0
    for start in range(0, len(xml), step):
        if xml.find(b"<", start, start + step) == -1:
            after = xml.find(b"<", start + step)
            longest = max(longest, (len(xml) if after == -1 else after) - xml.rfind(b"<", 0, start) - 1)
    return longest


def _start_tags(xml: bytes, name: re.Pattern) -> Iterator[bytes]:
    """The attributes of every start tag with that name, whatever its prefix
    (b"" for a malformed one, where any XML parser stops)."""
    for seen, match in enumerate(name.finditer(xml)):
        if seen > _MOST_WORDS:
            raise ImportFileError(UNREADABLE)
        start = match.start()
        before = xml[start - 1 : start]
        if before == b"<" or (before == b":" and _PREFIX.match(xml, xml.rfind(b"<", max(start - 256, 0), start), start)):
            attributes = _ATTRIBUTES.match(xml, match.end())
            yield attributes.group(1) if attributes else b""
        # Otherwise a closing tag, another tag's name or the word in a text.


def _attribute(attributes: bytes, wanted: bytes) -> bytes | None:
    for match in _ATTRIBUTE.finditer(attributes):
        if match.group(1) == wanted:
            return match.group(2) if match.group(2) is not None else match.group(3)
    return None


def _row_number(attributes: bytes, previous: int) -> int:
    """As openpyxl's WorkSheetParser.parse_row numbers it."""
    r = _attribute(attributes, b"r")
    if r is None:
        return previous + 1
    try:
        return int(float(r))
    except (ValueError, OverflowError):
        raise ImportFileError(UNREADABLE) from None


def form_errors(row: int, form: forms.Form, labels: dict[str, str]) -> list[RowError]:
    """A row form's errors, each named by the Excel column it came from."""
    errors: list[RowError] = []
    for field_name, messages in form.errors.items():
        column = labels.get(field_name, "")
        errors.extend(RowError(row, column, str(m)) for m in messages)
    return errors


def as_date(value: Any) -> date | Any:
    return value.date() if isinstance(value, datetime) else value
