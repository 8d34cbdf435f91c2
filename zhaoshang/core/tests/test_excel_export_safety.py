"""Whatever text is stored, exports neither fail nor run it as a formula."""

import io
import pathlib
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

import zhaoshang
from zhaoshang.core import excel
from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.organisation.models import UnitKind

COLUMNS = [excel.Column("名称", lambda r: r[0]), excel.Column("金额", lambda r: r[1])]


def _cells(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize("text", ["=1+1", '=HYPERLINK("http://x","点我")', "+86 10 1234", "-2+3", "@SUM(A1)", "\tx", "\r=1"])
def test_text_that_looks_like_a_formula_is_written_as_text(text):
    [[name, amount]] = _cells(excel.export("x.xlsx", "数据", COLUMNS, [(text, -5)]))

    assert (name.value, name.data_type, name.quotePrefix) == (text, "s", True)
    assert (amount.value, amount.data_type) == (-5, "n")  # a negative number stays a number


def test_ordinary_text_has_no_quote_prefix():
    [[name, _]] = _cells(excel.export("x.xlsx", "数据", COLUMNS, [("城关镇", 1)]))

    assert (name.value, name.data_type, name.quotePrefix) == ("城关镇", "s", False)


def test_stored_control_characters_do_not_break_an_export_of_a_screen(county, client_for, bureau_user):
    # Written straight to the database, as text stored before the rule was.
    UnitFactory(parent=county.township, name="=城关\x01招商组\x1f", kind=UnitKind.SECTION)

    response = client_for(bureau_user).get(reverse("organisation:unit_export"))

    assert response.status_code == 200
    names = [row[0].value for row in _cells(response)]
    assert "=城关招商组" in names
    cell = next(row[0] for row in _cells(response) if row[0].value == "=城关招商组")
    assert cell.data_type == "s"


def test_sheet_titles_from_stored_names_are_made_acceptable_to_excel():
    workbook = excel.new_workbook()
    excel.add_sheet(workbook, "一赛区/东片[2026]：第一组\x01" + "很长" * 20, COLUMNS, [])

    [title] = load_workbook(io.BytesIO(excel.workbook_bytes(workbook))).sheetnames
    assert title == ("一赛区东片2026：第一组" + "很长" * 20)[:31]


def test_every_spreadsheet_is_written_through_core_excel():
    """So every cell passes the one guard above."""
    root = pathlib.Path(zhaoshang.__file__).parent
    importing_openpyxl = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts and re.search(r"^\s*(from|import) openpyxl", path.read_text(), re.M)
    )

    assert importing_openpyxl == ["core/excel.py"]
