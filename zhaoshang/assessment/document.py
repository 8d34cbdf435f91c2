"""The final assessment result as a Word document in the official style of the
monthly circular (reports/document.py: 版头 in red with its rule, 仿宋 body, 黑体
headings, page numbers — 1 —), with the scores as an Excel annex (spreadsheets.py)."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zhaoshang.core.text import printable
from zhaoshang.reports.document import (
    BODY_SIZE,
    RED,
    SERIF,
    TITLE_SIZE,
    _bottom_rule,
    _heading,
    _page_number,
    _paragraph,
    _run,
    _table,
    day,
)

from zhaoshang.organisation.models import Unit, UnitKind

from .models import Grade, IndicatorKind, Snapshot


def _bureau_name(snapshot: Snapshot) -> str:
    bureau = Unit.objects.get_children(snapshot.scheme.jurisdiction).filter(kind=UnitKind.BUREAU).first()
    return bureau.name if bureau else snapshot.scheme.jurisdiction.name


def render(snapshot: Snapshot, scores) -> bytes:
    scheme = snapshot.scheme
    scores = list(scores)
    bureau = _bureau_name(snapshot)
    issued = snapshot.published_on or snapshot.run_at.date()
    title = f"关于{scheme.year}年度{scheme.name}结果的通报"
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = SERIF, BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), SERIF)
    doc.core_properties.title = printable(title)
    doc.core_properties.author = printable(bureau)
    _page_number(section)

    _paragraph(doc, f"{scheme.jurisdiction.name}招商引资工作通报", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, size=Pt(30), bold=True, color=RED)
    line = _paragraph(doc, "", indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    line.paragraph_format.tab_stops.add_tab_stop(Mm(156), alignment=2)
    _run(line, f"{bureau}\t{day(issued)}")
    _bottom_rule(line)
    _paragraph(doc, "", indent=False)
    _paragraph(doc, title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, size=TITLE_SIZE, bold=True)
    _paragraph(doc, "", indent=False)
    _paragraph(doc, "各乡镇（区）、县直各单位：", indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph(
        doc,
        f"根据《{scheme}》，按截至{day(snapshot.cut_off)}的数据（到位资金以核实为准），对{len(scores)}个单位进行了考核。现将考核结果通报如下：",
    )
    _heading(doc, 1, "考核指标")
    for row in snapshot.definition:
        _paragraph(doc, f"{row['name']}（{_kind_label(row['kind'])}，满分{row['weight']}分）。")
    _heading(doc, 2, "考核结果")
    rows = [
        [str(s.rank), s.unit.name, f"{s.total}", Grade(s.grade).label + ("（一票否决）" if s.vetoed else "（升档）" if s.promoted else "")]
        for s in scores
    ]
    _table(doc, ["名次", "单位", "总分", "等次"], rows, [20, 70, 30, 36])
    for grade in Grade:
        units = [s.unit.name for s in scores if s.grade == grade]
        if units:
            _paragraph(doc, f"{grade.label}等次：{'、'.join(units)}。")
    _heading(doc, 3, "公示与异议")
    if snapshot.publicity_ends:
        _paragraph(
            doc,
            f"考核结果自{day(snapshot.published_on)}起公示至{day(snapshot.publicity_ends)}（{scheme.publicity_days}个工作日）。"
            f"公示期内各单位对结果有异议的，可在系统中提出，由{bureau}按诉求办理程序受理答复。",
        )
    else:
        _paragraph(doc, "本结果尚未公示。")
    _paragraph(doc, f"附件：{scheme.year}年度{scheme.name}得分明细表（Excel）")
    _paragraph(doc, "", indent=False)
    for text in (bureau, day(issued)):
        signature = _paragraph(doc, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        signature.paragraph_format.right_indent = Pt(BODY_SIZE.pt * 2)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _kind_label(kind: str) -> str:
    return IndicatorKind(kind).label
