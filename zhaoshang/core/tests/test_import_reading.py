"""How an import reads its rows (core/excel.read_rows, core/importing): each cell
as openpyxl's own reader gives it, whatever way the file stores it; each distinct
cell text cleaned once per file, yet every row refused on its own; the validated
rows kept between preview and confirm and given back as they were."""

import io
import zipfile
from datetime import date, datetime

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from zhaoshang.core.excel import read_rows
from zhaoshang.core.importing import pipeline
from zhaoshang.core.importing.fields import RowForm, YesNoField

HEADERS = ["名称", "数量", "日期", "是否", "备注"]


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append(HEADERS)
    sheet.append(["甲", 3, date(2024, 5, 1), True, 1.5])
    sheet.append([" 乙 ", 2.0, datetime(2024, 5, 1, 13, 5), False, "=1+2"])
    sheet["A6"] = CellRichText(["丙", TextBlock(InlineFont(b=True), "丁")])  # rows 4 and 5 empty
    sheet["E6"] = "末列"
    sheet["G6"] = "表头以外的列"
    return _bytes(workbook)


def _shared_strings(data: bytes) -> bytes:
    """The same workbook with its texts in a shared-string table, as Excel and WPS
    save every file (openpyxl writes them inline)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    sheet = source.read("xl/worksheets/sheet1.xml").decode()
    strings: list[str] = []
    while (start := sheet.find('t="inlineStr"><is><t>')) != -1:
        end = sheet.index("</t></is>", start)
        strings.append(sheet[start + len('t="inlineStr"><is><t>') : end])
        sheet = sheet[:start] + f't="s"><v>{len(strings) - 1}</v>' + sheet[end + len("</t></is>") :]
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    table = f'<sst xmlns="{ns}" count="{len(strings)}">' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            part = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                part = sheet.encode()
            elif item.filename == "[Content_Types].xml":
                kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
                part = part.replace(b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/></Types>'.encode())
            elif item.filename == "xl/_rels/workbook.xml.rels":
                kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
                part = part.replace(b"</Relationships>", f'<Relationship Id="rIdStrings" Type="{kind}" Target="sharedStrings.xml"/></Relationships>'.encode())
            target.writestr(item, part)
        target.writestr("xl/sharedStrings.xml", table)
    return out.getvalue()


def _as_openpyxl_reads(data: bytes) -> dict[int, dict]:
    """What openpyxl's own read-only reader gives for the data rows (stripped,
    blank rows left out, as read_rows does)."""
    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True)["数据"]
    found = {}
    for number, values in enumerate(sheet.iter_rows(min_row=2, max_col=len(HEADERS), values_only=True), start=2):
        values = [v.strip() or None if isinstance(v, str) else v for v in values]
        values = [v.date() if isinstance(v, datetime) and v.time() == datetime.min.time() else v for v in values]
        if any(v is not None for v in values):
            found[number] = dict(zip(HEADERS, values, strict=True))
    return found


def test_rows_are_read_as_openpyxl_reads_them_with_inline_or_shared_strings():
    inline = _workbook()
    for data in (inline, _shared_strings(inline)):
        read = dict(read_rows(SimpleUploadedFile("a.xlsx", data), HEADERS))
        assert read == _as_openpyxl_reads(data)
        assert read[2] == {"名称": "甲", "数量": 3, "日期": date(2024, 5, 1), "是否": True, "备注": 1.5}
        assert read[3]["名称"] == "乙" and read[3]["日期"] == datetime(2024, 5, 1, 13, 5) and read[3]["是否"] is False
        assert read[6] == {"名称": "丙丁", "数量": None, "日期": None, "是否": None, "备注": "末列"}
        assert list(read) == [2, 3, 6]


class _Form(RowForm):
    name = forms.CharField(max_length=4)
    count = forms.IntegerField(required=False)
    day = forms.DateField(required=False)
    flag = YesNoField()


_SPEC = pipeline.Spec(
    "test",
    {"name": "名称", "count": "数量", "day": "日期", "flag": "是否"},
    ["名称"],
    _Form,
    check=lambda rows, user: None,
    write=lambda rows, user: 0,
)


def _file(rows: list[list]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append(list(_SPEC.headers.values()))
    for row in rows:
        sheet.append(row)
    return SimpleUploadedFile("a.xlsx", _bytes(workbook))


def test_a_text_refused_on_one_row_is_refused_on_every_row_it_is_on():
    rows = pipeline.parse(_SPEC, _file([["太长的名称", 1, None, "是"], ["好", "x", None, "否"], ["太长的名称", "x", None, "是"], ["好", 1, None, "是"]]))
    assert [sorted(e.column for e in row.errors) for row in rows] == [["名称"], ["数量"], ["名称", "数量"], []]
    assert rows[3].data == {"name": "好", "count": 1, "day": None, "flag": True}


def test_validated_rows_come_back_from_storage_as_they_were():
    rows = pipeline.parse(_SPEC, _file([["甲", 3, "2024-05-01", "是"], ["乙", None, None, None]]))
    stored = pipeline.encode(_SPEC, rows)
    assert [item["values"] for item in stored] == [["甲", 3, "2024-05-01", True], ["乙", None, None, False]]
    assert [(r.number, r.data) for r in pipeline.decode(_SPEC, stored)] == [(r.number, r.data) for r in rows]


def test_rows_stored_by_name_before_the_lists_still_come_back():
    stored = [{"row": 2, "data": {"name": "甲", "count": 3, "day": "2024-05-01", "flag": True}}]
    (row,) = pipeline.decode(_SPEC, stored)
    assert (row.number, row.data) == (2, {"name": "甲", "count": 3, "day": date(2024, 5, 1), "flag": True})
