"""Excel exports of the service-item list, the commitments ledger and the ranking,
and the import template."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.utils import timezone

from zhaoshang.core import excel
from zhaoshang.core.money import to_wan

from . import importing
from .figures import RankRow

ITEM_COLUMNS = [
    excel.Column("办件编号", lambda i: i.number, 16),
    excel.Column("办理部门", lambda i: i.unit.name, 16),
    excel.Column("事项名称", lambda i: i.name, 24),
    excel.Column("申请人", lambda i: i.applicant, 24),
    excel.Column("关联项目", lambda i: i.project.name if i.project else "", 24),
    excel.Column("受理日期", lambda i: i.accepted_on, 12),
    excel.Column("承诺时限（工作日）", lambda i: i.committed_days, 10),
    excel.Column("法定时限（工作日）", lambda i: i.statutory_days, 10),
    excel.Column("承诺办结日期", lambda i: i.due_on, 12),
    excel.Column("办结日期", lambda i: i.finished_on, 12),
    excel.Column("实际用时（工作日）", lambda i: i.used_days, 10),
    excel.Column("节省工作日", lambda i: i.saved_days, 10),
    excel.Column("超承诺时限", lambda i: i.is_late(timezone.localdate()), 10),
]

COMMITMENT_COLUMNS = [
    excel.Column("承诺单位", lambda c: c.unit.name, 16),
    excel.Column("来源", lambda c: c.get_source_display(), 10),
    excel.Column("出处", lambda c: c.source_ref, 24),
    excel.Column("客商", lambda c: c.investor.name if c.investor else "", 24),
    excel.Column("项目", lambda c: c.project.name if c.project else "", 24),
    excel.Column("承诺内容", lambda c: c.content, 40),
    excel.Column("涉及金额（万元）", lambda c: to_wan(c.amount) if c.amount else None, 12),
    excel.Column("兑现期限", lambda c: c.due_on, 12),
    excel.Column("兑现状态", lambda c: c.get_status_display(), 10),
    excel.Column("兑现日期", lambda c: c.fulfilled_on, 12),
    excel.Column("最近进展", lambda c: c.last_progress_on, 12),
    excel.Column("督办日期", lambda c: c.supervised_on, 12),
    excel.Column("政府违约投诉", lambda c: c.breach_raised_on, 12),
]


def item_export(items) -> HttpResponse:
    return excel.export("政务服务办件.xlsx", "办件", ITEM_COLUMNS, items)


def commitment_export(commitments) -> HttpResponse:
    return excel.export("承诺兑现台账.xlsx", "承诺兑现", COMMITMENT_COLUMNS, commitments)


def ranking_columns(rows: list[RankRow]) -> list[excel.Column]:
    columns = [excel.Column("排名", lambda r: r.rank, 8), excel.Column("单位", lambda r: r.scope.name, 20)]
    for index, line in enumerate(rows[0].lines if rows else []):
        columns.append(excel.Column(line.figure.label, lambda r, i=index: r.lines[i].value.number, 14))
        if line.figure.kind == "rate":
            columns.append(excel.Column(f"{line.figure.label}（分子/分母）", lambda r, i=index: r.lines[i].value.detail, 14))
    return columns


def ranking_export(rows: list[RankRow], as_of: date) -> HttpResponse:
    return excel.export(f"营商环境排名（截至{as_of:%Y-%m-%d}）.xlsx", "营商环境排名", ranking_columns(rows), rows)


def item_template() -> HttpResponse:
    return excel.template("政务服务办件导入模板.xlsx", list(importing.HEADERS.values()), importing.EXAMPLE, importing.NOTES)
