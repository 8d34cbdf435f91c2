"""A trial calculation as an Excel sheet and as a Word document: the same steps the
screen shows, with the rule, the project, the eligibility verdict and the schedule."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from zhaoshang.core import excel
from zhaoshang.core.text import printable
from zhaoshang.projects.models import Project

from .calculator import Result
from .models import RewardRule

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Noto Serif CJK SC"


def title(rule: RewardRule, project: Project) -> str:
    return f"{project.name}引荐奖励测算（{rule}）"


def workbook(rule: RewardRule, project: Project, result: Result, as_of: date):
    book = excel.new_workbook()
    steps = [
        excel.Column("步骤", lambda s: s.label, 30),
        excel.Column("算式", lambda s: s.formula, 50),
        excel.Column("金额（元）", lambda s: s.amount, 16),
    ]
    excel.add_sheet(book, "计算过程", steps, [*result.steps, _Total(result.total)])
    sheet = book["计算过程"]
    excel.write_row(sheet, [])
    excel.write_row(sheet, ["项目", project.name])
    excel.write_row(sheet, ["规则", str(rule)])
    excel.write_row(sheet, ["测算日期", as_of])
    excel.write_row(sheet, ["资格审查", "；".join(result.refusals) or "符合条件"])
    schedule = [
        excel.Column("期次", lambda s: s.label, 24),
        excel.Column("比例（%）", lambda s: s.percent, 10),
        excel.Column("金额（元）", lambda s: s.amount, 14),
        excel.Column("应付日期", lambda s: s.due_on or "待条件成就", 14),
    ]
    excel.add_sheet(book, "分期兑付", schedule, result.schedule)
    return book


class _Total:
    label = "合计"
    formula = ""

    def __init__(self, amount: int) -> None:
        self.amount = amount


def _para(doc, text: str, size: int = 14, bold: bool = False):
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(printable(text))
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return paragraph


def document(rule: RewardRule, project: Project, result: Result, as_of: date) -> bytes:
    doc = Document()
    _para(doc, title(rule, project), size=20, bold=True)
    _para(doc, f"测算日期：{as_of:%Y年%m月%d日}")
    _para(doc, f"资格审查：{'；'.join(result.refusals) or '符合条件'}")
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("步骤", "算式", "金额（元）"), strict=True):
        cell.text = text
    for step in result.steps:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = printable(step.label), printable(step.formula), f"{step.amount:,}"
    cells = table.add_row().cells
    cells[0].text, cells[2].text = "合计", f"{result.total:,}"
    _para(doc, "分期兑付", bold=True)
    for row in result.schedule:
        due = f"{row.due_on:%Y-%m-%d}前支付" if row.due_on else "待条件成就"
        _para(doc, f"{row.label}：{row.percent}%，{row.amount:,}元，{due}")
    for name, share, amount in result.shares:
        _para(doc, f"引荐人{name}：份额{share}%，{amount:,}元")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
