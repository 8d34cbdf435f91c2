"""The circular is generated whatever text is stored: control characters saved
before they were refused are left out, formula-like names stay text."""

import io

from docx import Document
from openpyxl import load_workbook

from zhaoshang.organisation.models import Division, Unit
from zhaoshang.reports import circular

from .conftest import ISSUED_ON, MONTH, YEAR


def test_control_characters_in_stored_names_do_not_stop_the_circular(world, county):
    Unit.objects.filter(pk=county.township.pk).update(name="城关\x01镇\x0b")
    Division.objects.filter(name="一赛区").update(name="=一赛区/东[\x02]")

    files = circular.build(world.root, YEAR, MONTH, issued_on=ISSUED_ON)

    text = "\n".join(p.text for p in Document(io.BytesIO(files.docx)).paragraphs)
    tables = "\n".join(c.text for t in Document(io.BytesIO(files.docx)).tables for r in t.rows for c in r.cells)
    assert "城关镇" in text + tables
    assert "\x01" not in text + tables
    workbook = load_workbook(io.BytesIO(files.xlsx))
    assert "=一赛区东排名" in workbook.sheetnames
    cells = [c for row in workbook["=一赛区东排名"].iter_rows() for c in row if c.value == "城关镇"]
    assert cells and all(c.data_type == "s" for c in cells)
