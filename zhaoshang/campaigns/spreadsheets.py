"""Excel exports of the campaign list and of a leaderboard."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.utils import timezone
from zhaoshang.core import excel
from zhaoshang.core.money import to_wan

from .models import TARGET_METRICS
from .scoring import Leaderboard, Standing

CAMPAIGN_COLUMNS = [
    excel.Column("活动名称", lambda c: c.name, 24),
    excel.Column("活动类型", lambda c: c.get_kind_display(), 12),
    excel.Column("开始日期", lambda c: c.start, 12),
    excel.Column("结束日期", lambda c: c.end, 12),
    excel.Column("状态", lambda c: c.status(timezone.localdate()).label, 10),
    excel.Column("参赛单位数", lambda c: c.unit_count, 10),
]


def _progress_cell(row: Standing, key: str):
    progress = next((p for p in row.progress if p.key == key), None)
    if progress is None:
        return None
    actual = to_wan(progress.actual) if progress.is_money else progress.actual
    rate = f"{progress.rate * 100:.2f}%" if progress.rate is not None else "—"
    return f"{actual} / {to_wan(progress.target) if progress.is_money else progress.target}（{rate}）"


def leaderboard_export(board: Leaderboard, can_see: Callable) -> HttpResponse:
    """One sheet per division. Rows the user may not see in detail carry only the
    rank, the unit and the total, as on the page."""

    workbook = excel.new_workbook()
    for group in board.boards:
        columns = [
            excel.Column("排名", lambda r: r.rank, 8),
            excel.Column("单位", lambda r: r.unit.name, 22),
            excel.Column("总分", lambda r: float(r.total), 10),
        ]
        for index, rule in enumerate(board.rules):
            columns.append(excel.Column(rule.description, lambda r, i=index: float(r.rules[i].points) if can_see(r.unit) else None, 20))
        for key, (label, _) in TARGET_METRICS.items():
            columns.append(excel.Column(f"{label}完成/任务", lambda r, k=key: _progress_cell(r, k) if can_see(r.unit) else None, 22))
        columns.append(excel.Column("落后于序时进度", lambda r: r.behind if can_see(r.unit) else None, 12))
        columns.append(excel.Column("奖项", lambda r: r.prize, 14))
        excel.add_sheet(workbook, group.name, columns, group.rows)
    filename = f"{board.campaign.name}排行榜（截至{board.as_of:%Y-%m-%d}）.xlsx"
    return excel.xlsx_response(filename, workbook)


def campaign_export(campaigns) -> HttpResponse:
    return excel.export("竞赛活动.xlsx", "竞赛活动", CAMPAIGN_COLUMNS, campaigns)
