"""The circular as an official-style Word document (公文格式, after GB/T 9704):
A4 with the standard margins, a red 版头 with the issue number and a red rule,
the title in a bold serif at 二号 (22pt) centred, the body at 三号 (16pt) with a
two-character first-line indent and a fixed 28pt line pitch, headings 一、二、三…
in a bold sans (黑体-like), tables in 四号/小四, and the 落款 at the end.

方正小标宋, 仿宋 and 黑体 are not free fonts; Noto Serif CJK SC and Noto Sans CJK
SC (Debian fonts-noto-cjk) stand in for them. Word and LibreOffice fall back to
any installed CJK font when they are missing, so the text never turns into boxes.
"""

from __future__ import annotations

import io
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from zhaoshang.core.money import format_amount, format_wan
from zhaoshang.core.text import printable
from zhaoshang.projects.models import Currency

from .circular import CircularContent, instruction
from .rules import percent

SERIF = "Noto Serif CJK SC"  # for 方正小标宋 (title) and 仿宋 (body)
SANS = "Noto Sans CJK SC"  # for 黑体 (headings)
RED = RGBColor(0xC0, 0x00, 0x00)
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
TABLE_SIZE = Pt(10.5)  # 五号: wide ranking tables must fit the A4 width
LINE_PITCH = Pt(28)
NUMERALS = "一二三四五六七八九十"


# ---------------------------------------------------------------- formatting helpers


def _font(run, name: str = SERIF, size: Pt = BODY_SIZE, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    # python-docx sets only the Latin font; Chinese text uses the East Asian slot.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _run(paragraph: Paragraph, text: str, **font) -> None:
    """Every text of the document goes in here: stored names may hold control
    characters from before they were refused, which lxml will not write."""
    _font(paragraph.add_run(printable(text)), **font)


def _paragraph(doc, text: str = "", *, indent: bool = True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, **font) -> Paragraph:
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(font.get("size", BODY_SIZE).pt * 2)  # 首行缩进2字符
    if text:
        _run(paragraph, text, **font)
    return paragraph


def _heading(doc, number: int, text: str) -> None:
    _paragraph(doc, f"{NUMERALS[number - 1]}、{text}", name=SANS, bold=True)


def _bottom_rule(paragraph: Paragraph, color: str = "C00000", size: int = 12) -> None:
    """The red rule under the 版头 (a paragraph border, as Word draws it)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", color)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _page_number(section) -> None:
    """— 1 — centred in the footer, as official documents number their pages."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", size=Pt(14))
    run = paragraph.add_run()
    _font(run, size=Pt(14))
    for tag, attrs in (("w:fldChar", {"w:fldCharType": "begin"}), ("w:instrText", None), ("w:fldChar", {"w:fldCharType": "end"})):
        element = OxmlElement(tag)
        if attrs:
            for key, value in attrs.items():
                element.set(qn(key), value)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = "PAGE"
        run._r.append(element)
    _run(paragraph, " —", size=Pt(14))


def _table(doc, headers: list[str], rows: list[list[str]], widths_mm: list[float]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Fixed widths: Word and LibreOffice otherwise split the page into equal columns.
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    header_row = table.rows[0]._tr.get_or_add_trPr()
    header_row.append(OxmlElement("w:tblHeader"))  # repeat the header on every page
    for row_values, cells in [(headers, table.rows[0].cells)] + [(values, table.add_row().cells) for values in rows]:
        for cell, value, width in zip(cells, row_values, widths_mm, strict=True):
            cell.width = Mm(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_before = Pt(1)
            paragraph.paragraph_format.space_after = Pt(1)
            _run(paragraph, str(value), size=TABLE_SIZE, bold=row_values is headers)
    # A little air between the table and the next paragraph.
    _paragraph(doc, "", indent=False, size=Pt(8))


# ---------------------------------------------------------------- wording helpers


def money(yuan: int | None) -> str:
    """An amount in a sentence, by the display rule (core/money.py): 亿元 from 1亿
    up, 万元 below. Table columns keep their header's unit (`amount`)."""
    return format_amount(yuan)


def change(rate: Decimal | None) -> str:
    """同比增长x% / 同比下降x% / 去年同期为零 (no base to compare with)."""
    if rate is None:
        return "去年同期无可比数据"
    if rate < 0:
        return f"同比下降{percent(-rate)}"
    return f"同比增长{percent(rate)}"


def count(value: Decimal | int | None) -> str:
    """Share-weighted counts: whole numbers without decimals (3, not 3.0000)."""
    if value is None:
        return "—"
    value = Decimal(value)
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value.normalize():f}"


def amount(value, kind) -> str:
    """A target or actual in its kind's unit: 万元, 万美元 (from US cents), or 个."""
    if value is None:
        return "—"
    if kind.is_count:
        return count(value)
    if kind.is_usd:
        return format_wan(round(Decimal(value) / 100))
    return format_wan(value)


def contract(yuan_or_cents: int, currency: str) -> str:
    if currency and currency != Currency.CNY:
        return f"{format_wan(round(Decimal(yuan_or_cents) / 100))}万美元"
    return f"{format_wan(yuan_or_cents)}万元"


def day(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def names(verdicts) -> str:
    return "、".join(f"{v.unit.name}（{v.reason}）" for v in verdicts)


# ---------------------------------------------------------------- sections


def _masthead(doc, c: CircularContent) -> None:
    _paragraph(doc, f"{c.jurisdiction.name}招商引资工作通报", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, size=Pt(30), bold=True, color=RED)
    _paragraph(doc, f"{c.year}年第{c.month}期", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    line = _paragraph(doc, "", indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    line.paragraph_format.tab_stops.add_tab_stop(Mm(156), alignment=2)  # right-aligned tab at the text edge
    _run(line, f"{c.bureau_name}\t{day(c.issued_on)}")
    _bottom_rule(line)
    _paragraph(doc, "", indent=False)


def _overview(doc, c: CircularContent) -> None:
    funds, pending, contracts = c.figure("funds_arrived"), c.figure("funds_pending"), c.figure("contract_amount")
    signed = c.figure("signed_count")
    _heading(doc, 1, "总体情况")
    _paragraph(
        doc,
        f"{c.period_label}，{c.area}实现到位资金{money(funds.value)}（经招商局核实），{change(funds.yoy)}；"
        f"另有已填报待核实资金{money(pending.value)}，核实后方计入到位资金。"
        f"合同引资额{money(contracts.value)}，{change(contracts.yoy)}。"
        f"新签约项目{count(signed.value)}个，{change(signed.yoy)}，其中总投资1亿元以上{count(c.figure('signed_count_1yi').value)}个、"
        f"5亿元以上{count(c.figure('signed_count_5yi').value)}个、10亿元以上{count(c.figure('signed_count_10yi').value)}个。",
    )
    _paragraph(
        doc,
        f"今年签约项目开工率{percent(c.figure('start_rate').value)}，投产率{percent(c.figure('production_rate').value)}，"
        f"资金到位率{percent(c.figure('arrival_rate').value)}。"
        f"{c.area}共组织外出招商{c.trips.batches}批次（去年同期{c.trips_last_year.batches}批次），"
        f"其中主要负责人带队{c.trips.principal_led}批次，占{percent(c.trips.principal_share)}。",
    )
    if c.overall:
        _paragraph(
            doc,
            f"截至{c.month}月{c.as_of.day}日，序时进度为{percent(c.time_progress)}，"
            f"{c.overall.units_with_target}个有{c.kind.label}任务的单位中，已有{c.overall.units_done}个完成或超额完成全年任务，"
            f"{len(c.behind)}个单位完成率低于序时进度。",
        )


def _ranking_rows(ranking, kind) -> list[list[str]]:
    return [
        [
            str(row.rank) if row.rank else "—",
            row.unit.name,
            amount(row.target, kind),
            amount(row.actual, kind),
            percent(row.rate),
            percent(ranking.time_progress),
            ("是" if row.behind else "否") if row.target is not None else row.note,
        ]
        for row in ranking.rows
    ]


def ranking_headers(kind) -> list[str]:
    unit = kind.unit_label
    return ["名次", "单位", f"任务\n（{unit}）", f"完成\n（{unit}）", "完成率", "序时进度", "滞后"]


def _rankings(doc, c: CircularContent) -> None:
    _heading(doc, 2, "各赛区排名情况")
    if not c.divisions:
        _paragraph(doc, f"{c.year}年度目标任务尚未下达或未设参赛赛区，本期暂不排名。")
        return
    _paragraph(doc, f"按{c.kind.label}任务完成率排名，完成率相同的按完成数排列。各赛区排名如下：")
    for index, ranking in enumerate(c.divisions, start=1):
        lead = _leader(ranking, c.kind)
        _paragraph(doc, f"（{NUMERALS[index - 1]}）{ranking.division.name}。{lead}")
        _table(doc, ranking_headers(c.kind), _ranking_rows(ranking, c.kind), [12, 40, 22, 24, 22, 21, 15])


def _leader(ranking, kind) -> str:
    """The sentence naming a division's leader. A leader at 0.00% has done nothing
    to be named for: the sentence then says nobody has progressed yet."""
    first = next((row for row in ranking.rows if row.rank == 1), None)
    if first is None:
        return "暂无单位下达任务。"
    if not first.rate:
        return f"各单位{kind.label}任务完成率均为{percent(Decimal(0))}，暂无单位取得进展。"
    return f"{first.unit.name}暂列第一，完成率{percent(first.rate)}。"


def _behind(doc, c: CircularContent) -> None:
    _heading(doc, 3, "进度滞后单位")
    if not c.behind:
        _paragraph(doc, "本期各单位任务完成率均达到序时进度。" if c.overall else "本期暂无任务数据。")
        return
    listed = "、".join(f"{row.unit.name}（{percent(row.rate)}）" for row in c.behind)
    _paragraph(
        doc,
        f"按序时进度{percent(c.time_progress)}衡量，以下{len(c.behind)}个单位{c.kind.label}任务完成率低于序时进度，时间过半而任务未过半：{listed}。",
    )


def _stalled(doc, c: CircularContent) -> None:
    _heading(doc, 4, "签约即止项目")
    if not c.stalled:
        _paragraph(doc, "本期未发现签约即止项目。")
        return
    _paragraph(
        doc,
        f"以下{len(c.stalled)}个项目签约已满90天，既无核实到位资金、也未开工，且近30天无跟踪记录，"
        "属于签约即止项目。引进单位要落实“谁引进、谁负责、谁跟踪、谁服务”，尽快推动项目落地。",
    )
    rows = [
        [
            str(i),
            s.project.name,
            s.project.introducing_unit.name,
            day(s.signed_on),
            contract(s.contract_amount, s.contract_currency),
            str(s.days_since_signing),
        ]
        for i, s in enumerate(c.stalled, start=1)
    ]
    _table(doc, ["序号", "项目名称", "引进单位", "签约日期", "合同引资额", "签约天数"], rows, [11, 45, 28, 26, 28, 18])


def _overdue(doc, c: CircularContent) -> None:
    _heading(doc, 5, "问题逾期未办结")
    if not c.overdue:
        _paragraph(doc, "本期项目问题均在办结时限内。")
        return
    _paragraph(doc, f"以下{len(c.overdue)}个项目问题已过办结时限仍未销号，请责任单位限期办结：")
    rows = [
        [
            str(i),
            o.obstacle.project.name,
            o.obstacle.get_category_display(),
            o.obstacle.description,
            o.obstacle.responsible_unit.name,
            day(o.obstacle.deadline),
            str(o.days_overdue),
            instruction(o.obstacle),
        ]
        for i, o in enumerate(c.overdue, start=1)
    ]
    _table(doc, ["序号", "项目", "问题类别", "问题描述", "责任单位", "办结时限", "逾期天数", "领导批示"], rows, [10, 26, 16, 32, 22, 20, 12, 34])


def _elements(doc, c: CircularContent) -> None:
    """要素保障 in one paragraph under the problems: projects stuck between stages and land."""
    e = c.elements
    if not e:
        return
    _paragraph(
        doc,
        f"要素保障方面：立项未开工{e['approved_not_started']}个、开工未建设{e['started_not_building']}个、"
        f"建设未竣工{e['building_not_completed']}个、竣工未投产{e['completed_not_producing']}个；"
        f"用地批而未供{e['approved_not_supplied']}个、供而未用{e['supplied_not_used']}个；"
        f"超过约定开工日期仍未开工{e['not_started_by_agreed_date']}个，请责任部门加快要素保障。",
    )


def _service(doc, c: CircularContent) -> None:
    """营商环境: every registered service figure, county-wide and per unit."""
    _heading(doc, 6, "营商环境")
    board = c.service
    if board is None or board.total is None:
        _paragraph(doc, "本期暂无营商环境数据。")
        return
    parts = [
        f"{line.figure.label}{line.value.display}" + (f"（{line.value.detail}）" if line.figure.kind == "rate" and line.value.denominator else "")
        for line in board.total.lines
    ]
    _paragraph(doc, f"{c.period_label}，{c.area}" + "，".join(parts) + "。")
    rows = [
        [str(row.rank or "—"), row.scope.name, *[line.value.display for line in row.lines]]
        for row in board.units
        if any(line.value.denominator for line in row.lines)
    ]
    if rows:
        labels = [line.figure.label for line in board.total.lines]
        width = 110 / max(len(labels), 1)
        _table(doc, ["排名", "单位", *labels], rows, [12, 34, *[width] * len(labels)])


def _verdicts(doc, c: CircularContent) -> None:
    _heading(doc, 7, "表扬与批评")
    if not c.overall:
        _paragraph(doc, "本期暂无任务数据，不作表扬与批评。")
        return
    _paragraph(doc, f"按照通报规则，{c.rules.commend_text}；{c.rules.criticise_text(c.kind.label)}。")
    if c.commended:
        _paragraph(doc, f"对以下{len(c.commended)}个单位予以通报表扬：{names(c.commended)}。")
    else:
        _paragraph(doc, "本期无通报表扬单位。")
    if c.criticised:
        _paragraph(doc, f"对以下{len(c.criticised)}个单位予以通报批评：{names(c.criticised)}。")
    else:
        _paragraph(doc, "本期无通报批评单位。")


def _closing(doc, c: CircularContent) -> None:
    left = 12 - c.month
    time_left = f"今年只剩下{left}个月的时间了，" if left else ""
    _paragraph(
        doc,
        f"{time_left}时间不等人。各单位要对照全年目标任务，把招商引资作为头等大事来抓，主要领导要亲自抓招商、谈项目，"
        "对已签约的项目要加快推进，确保快速落地、快速建设、快速投产、快速见效。被通报批评和进度滞后的单位要认真分析原因，"
        f"制定整改措施，于下月10日前将整改情况书面报{c.bureau_name}。",
    )
    _paragraph(doc, "附件：" + f"{c.period_label}{c.area}招商引资工作情况统计表（Excel）", indent=True)
    _paragraph(doc, "", indent=False)
    for text in (c.bureau_name, day(c.issued_on)):
        signature = _paragraph(doc, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        signature.paragraph_format.right_indent = Pt(BODY_SIZE.pt * 2)  # 右空二字


def render(c: CircularContent) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = SERIF, BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), SERIF)
    doc.core_properties.title = printable(c.title)
    doc.core_properties.author = printable(c.bureau_name)
    _page_number(section)

    _masthead(doc, c)
    _paragraph(doc, c.title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, size=TITLE_SIZE, bold=True)
    _paragraph(doc, "", indent=False)
    _paragraph(doc, "各乡镇（区）、县直各单位：", indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph(doc, f"现将{c.period_label}{c.area}招商引资工作情况通报如下：")
    _overview(doc, c)
    _rankings(doc, c)
    _behind(doc, c)
    _stalled(doc, c)
    _overdue(doc, c)
    _elements(doc, c)
    _service(doc, c)
    _verdicts(doc, c)
    _closing(doc, c)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
