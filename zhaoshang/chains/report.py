"""The quarterly chain report as a Word document (python-docx), in the circular's
official style kept simple: a title, 一、总体情况 with the §12 figures over every
chain of the county, then one section per chain with its people, its figures, its
links' states in a table and the quarter's timeline."""

from __future__ import annotations

import io
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from zhaoshang.core.text import printable
from zhaoshang.organisation.models import Unit

from . import figures
from .actions import local_above_size_count
from .models import Chain, LinkTier

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
NUMERALS = "一二三四五六七八九十"


def quarter_span(year: int, quarter: int) -> tuple[date, date]:
    first = 3 * (quarter - 1) + 1
    after = date(year + 1, 1, 1) if quarter == 4 else date(year, first + 3, 1)
    return date(year, first, 1), date.fromordinal(after.toordinal() - 1)


def _pct(ratio: figures.Ratio) -> str:
    value = ratio.value
    if value is None:
        return "—"
    return f"{(value * 100).quantize(Decimal('0.1'))}%（{ratio.numerator}/{ratio.denominator}）"


def _paragraph(document, text: str, *, size: int = 14, bold: bool = False, font: str = SERIF, centre: bool = False) -> None:
    paragraph = document.add_paragraph()
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(printable(text))
    run.font.name, run.font.size, run.font.bold = font, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _table(document, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = printable(str(value))


def render(county: Unit, year: int, quarter: int) -> bytes:
    start, end = quarter_span(year, quarter)
    chains = Chain.objects.filter(county=county).select_related("leader", "lead_unit").order_by("sort_order", "id")
    document = Document()
    title = f"{county.name}产业链招商工作季度报告（{year}年第{'一二三四'[quarter - 1]}季度）"
    _paragraph(document, title, size=22, bold=True, centre=True)
    _paragraph(document, f"统计期间：{start:%Y年%m月%d日}至{end:%Y年%m月%d日}", centre=True)

    _paragraph(document, "一、总体情况", size=16, bold=True, font=SANS)
    conversion = figures.target_conversion(chains, end)
    _paragraph(
        document,
        f"全县共有产业链{chains.count()}条。本季度新签约项目中产业链项目占比{_pct(figures.signed_share(county, start, end, chains))}；"
        f"薄弱环节目标企业覆盖率{_pct(figures.weak_link_coverage(chains))}；"
        f"目标企业{conversion.targets}家，转为线索{conversion.leads}个，其中签约{conversion.signed}个；"
        f"本季度补链（薄弱或缺失环节转为较强）{figures.weak_links_closed(chains, start, end)}个。",
    )
    begin = timezone.make_aware(datetime.combine(start, time.min))
    finish = timezone.make_aware(datetime.combine(end, time.max))
    for number, chain in enumerate(chains, start=1):
        one = Chain.objects.filter(pk=chain.pk)
        _paragraph(document, f"{NUMERALS[number % 10]}、{chain.name}", size=16, bold=True, font=SANS)
        deputies = "、".join(p.name for p in chain.deputies.all()) or "—"
        _paragraph(document, f"链长：{chain.leader.name if chain.leader else '—'}；副链长：{deputies}；牵头单位：{chain.lead_unit.name}。")
        activity = figures.leader_activity(chain, start, end)
        conversion = figures.target_conversion(one, end)
        _paragraph(
            document,
            f"本季度新签约项目中本链占比{_pct(figures.signed_share(county, start, end, one))}；"
            f"薄弱环节目标企业覆盖率{_pct(figures.weak_link_coverage(one))}；"
            f"目标企业{conversion.targets}家、转为线索{conversion.leads}个、签约{conversion.signed}个；"
            f"链长、副链长外出招商{activity.trips}次，会见客商{activity.meetings}次。",
        )
        rows = []
        for link in chain.links.filter(tier__in=(LinkTier.SEGMENT, LinkTier.PRODUCT)).order_by("stream", "order", "id"):
            rows.append([link.get_stream_display(), link.name, link.get_state_display(), local_above_size_count(link), link.targets.count()])
        if rows:
            _table(document, ["上中下游", "环节", "状态", "本地规上企业", "目标企业"], rows)
        events = chain.events.filter(at__gte=begin, at__lte=finish).order_by("at", "id")
        if events:
            _paragraph(document, "本季度动态：", bold=True)
            for event in events:
                _paragraph(document, f"{timezone.localtime(event.at):%m月%d日}，{event.text}", size=12)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
