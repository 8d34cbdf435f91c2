"""The figures in the monthly circular (a section and an annex sheet) and, as
aggregates only, in the public disclosure."""

import io
from datetime import date

from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from zhaoshang.portal.factories import DisclosureFactory
from zhaoshang.reports import circular
from zhaoshang.targets.factories import PeriodFactory


def test_the_circular_has_a_service_section_and_an_annex_sheet(ledger, county):
    files = circular.build(county.root, 2024, 10, issued_on=date(2024, 11, 5))
    text = "\n".join(p.text for p in Document(io.BytesIO(files.docx)).paragraphs)
    assert "六、营商环境" in text and "七、表扬与批评" in text
    assert "办件按时办结率66.7%（2/3），比法定时限节省24个工作日，承诺兑现率33.3%（1/3）" in text
    sheet = load_workbook(io.BytesIO(files.xlsx))["营商环境"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][:3] == (1, "示范县", 66.7)
    township = next(r for r in rows if r[1] == "城关镇")
    assert township[2:5] == (50.0, "1/2", 21)


def test_the_public_disclosure_shows_county_aggregates_only(ledger, county, client_for):
    period = PeriodFactory(jurisdiction=county.root, start=date(2024, 1, 1), end=date(2024, 12, 31))
    disclosure = DisclosureFactory(period=period, jurisdiction=county.root, as_of=date(2024, 10, 31), is_published=True)
    page = client_for(None).get(reverse("portal:progress_detail", args=[disclosure.pk])).content.decode()
    assert "营商环境（全辖区）" in page and "66.7%" in page and "24个工作日" in page
    assert "I1" not in page and "建设工程规划许可" not in page
