"""Every Excel upload is checked before it is parsed (core/excel.py,
check_workbook): hostile workbooks are refused with a Chinese message naming the
limit, quickly, in little memory, and nothing is written. The files are built
here, streaming into the zip, as an attacker would."""

import io
import time
import tracemalloc
import zipfile
from collections.abc import Iterable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from zhaoshang.core.excel import ImportFileError, check_workbook, read_rows
from zhaoshang.organisation.models import Unit

HEADERS = ["单位名称", "单位类型", "上级单位"]


def hostile_xlsx(rows: Iterable[bytes] = (), *, dimension: bytes | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """A real template-like workbook (header and one unit row) whose sheet gets
    `rows` appended inside <sheetData>, streamed in; `extra` adds parts."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append(HEADERS)
    sheet.append(["招商一组", "科室/小组", "示范县"])
    plain = io.BytesIO()
    workbook.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name in source.namelist():
            data = source.read(name)
            if name != "xl/worksheets/sheet1.xml":
                target.writestr(name, data)
                continue
            if dimension is not None:
                data = data.replace(b'<dimension ref="A1:C2"/>', b'<dimension ref="' + dimension + b'"/>')
            head, tail = data.split(b"</sheetData>")
            with target.open(name, "w") as stream:
                stream.write(head)
                for chunk in rows:
                    stream.write(chunk)
                stream.write(b"</sheetData>" + tail)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def blank_rows(first: int, count: int, *, numbered: bool = True) -> Iterable[bytes]:
    batch = 100_000
    for start in range(first, first + count, batch):
        stop = min(start + batch, first + count)
        if numbered:
            yield b"".join(b'<row r="%d"/>' % n for n in range(start, stop))
        else:
            yield b"<row/>" * (stop - start)


def refusal(data: bytes) -> str:
    with pytest.raises(ImportFileError) as refused:
        check_workbook(io.BytesIO(data))
    return str(refused.value)


def test_the_hostile_builder_makes_a_workbook_that_imports(county, client_for, bureau_user):
    client_for(bureau_user).post(reverse("organisation:unit_import"), {"file": SimpleUploadedFile("u.xlsx", hostile_xlsx())})

    assert Unit.objects.filter(name="招商一组").exists()


def test_twenty_five_million_blank_rows_are_refused_fast_in_little_memory():
    data = hostile_xlsx(blank_rows(3, 25_000_000, numbered=False))
    assert len(data) < 3 * 1024 * 1024

    tracemalloc.start()
    started = time.monotonic()
    message = refusal(data)
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert message == "文件解压后超过 100 MB，请删除多余的内容或拆分后导入"
    assert elapsed < 2
    assert peak < 200 * 1024 * 1024


def test_a_screen_refuses_the_bomb_and_writes_nothing(county, client_for, bureau_user):
    before = Unit.objects.count()
    upload = SimpleUploadedFile("u.xlsx", hostile_xlsx(blank_rows(3, 25_000_000, numbered=False)))

    response = client_for(bureau_user).post(reverse("organisation:unit_import"), {"file": upload})

    assert "文件解压后超过 100 MB" in response.content.decode()
    assert Unit.objects.count() == before


def test_blank_rows_count_towards_the_row_limit():
    # 2 rows of the template + 19,999 blank ones = 20,001: the header and 20,000 rows.
    check_workbook(io.BytesIO(hostile_xlsx(blank_rows(3, 19_999))))

    message = refusal(hostile_xlsx(blank_rows(3, 20_000)))

    assert message == "工作表超过 20001 行（表头和空行也计算在内），请删除多余的空行或拆分后导入"


def test_rows_without_numbers_are_counted_too():
    assert "超过 20001 行" in refusal(hostile_xlsx(blank_rows(3, 20_000, numbered=False)))


def test_one_row_numbered_25_million_is_refused():
    """openpyxl would hand back every blank row before it."""
    assert "超过 20001 行" in refusal(hostile_xlsx([b'<row r="25000000"><c r="A25000000" t="n"><v>1</v></c></row>']))


def test_a_dimension_declaring_too_many_rows_is_refused():
    assert "超过 20001 行" in refusal(hostile_xlsx(dimension=b"A1:C25000000"))


def test_a_huge_shared_string_is_refused():
    strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>' + b"x" * 300_000 + b"</t></si></sst>"

    message = refusal(hostile_xlsx(extra={"xl/sharedStrings.xml": strings}))

    assert message == "有单元格的文本超过 256 KB，请删减后导入"


def test_a_huge_inline_string_is_refused():
    row = b'<row r="3"><c r="A3" t="inlineStr"><is><t>' + "招".encode() * 100_000 + b"</t></is></c></row>"

    assert refusal(hostile_xlsx([row])) == "有单元格的文本超过 256 KB，请删减后导入"


def test_a_long_string_under_the_limit_passes():
    row = b'<row r="3"><c r="A3" t="inlineStr"><is><t>' + "招".encode() * 30_000 + b"</t></is></c></row>"

    check_workbook(io.BytesIO(hostile_xlsx([row])))


def test_one_part_too_large_is_refused_naming_it(settings):
    settings.XLSX_MAX_PART_BYTES = 64 * 1024

    message = refusal(hostile_xlsx(blank_rows(3, 10_000)))

    assert message == "文件中的「xl/worksheets/sheet1.xml」解压后超过 64 KB，请拆分后导入"


def test_a_file_that_is_not_a_workbook_is_refused():
    assert refusal(b"PK\x03\x04 not really a zip") == "无法读取该文件，请使用系统提供的模板（.xlsx 格式）"


def test_a_cell_far_to_the_right_does_not_widen_every_row():
    rows = [b'<row r="%d"><c r="XFD%d" t="n"><v>1</v></c></row>' % (n, n) for n in range(3, 2003)]
    upload = SimpleUploadedFile("u.xlsx", hostile_xlsx(rows))

    found = list(read_rows(upload, HEADERS))

    assert found == [(2, {"单位名称": "招商一组", "单位类型": "科室/小组", "上级单位": "示范县"})]


def test_rows_under_a_namespace_prefix_are_counted_too():
    rows = [b'<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="25000000"/>']

    assert "超过 20001 行" in refusal(hostile_xlsx(rows))


def test_a_part_stuffed_with_the_word_row_is_refused_quickly():
    data = hostile_xlsx(extra={"xl/notes.xml": b"<t>arrow </t>" * 250_000})
    started = time.monotonic()

    message = refusal(data)

    assert message == "无法读取该文件，请使用系统提供的模板（.xlsx 格式）"
    assert time.monotonic() - started < 2
