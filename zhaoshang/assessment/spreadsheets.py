"""Excel export of a snapshot's scores: one row per unit with its indicators' points,
and a sheet of every indicator line with its raw value and calculation."""

from __future__ import annotations

from django.http import HttpResponse

from zhaoshang.core.excel import Column, add_sheet, new_workbook, xlsx_response

from .models import Grade, Snapshot


def scores_export(snapshot: Snapshot, scores) -> HttpResponse:
    scores = list(scores)
    names = [row["name"] for row in snapshot.definition]
    columns = [
        Column("名次", lambda s: s.rank, 8),
        Column("单位", lambda s: s.unit.name, 18),
        Column("总分", lambda s: s.total, 10),
        Column("等次", lambda s: Grade(s.grade).label, 10),
    ]
    for position, name in enumerate(names, start=1):
        columns.append(Column(name, lambda s, p=position: next((line.points for line in s.lines.all() if line.position == p), ""), 14))
    workbook = new_workbook()
    add_sheet(workbook, "考核得分", columns, scores)
    lines = [(s, line) for s in scores for line in s.lines.all()]
    add_sheet(
        workbook,
        "计分明细",
        [
            Column("单位", lambda r: r[0].unit.name, 18),
            Column("指标", lambda r: r[1].indicator_name, 20),
            Column("计分方式", lambda r: r[1].get_kind_display(), 14),
            Column("数据来源", lambda r: r[1].get_source_display(), 18),
            Column("数值", lambda r: r[1].raw, 14),
            Column("目标值", lambda r: r[1].target, 14),
            Column("得分", lambda r: r[1].points, 10),
            Column("计算过程", lambda r: r[1].note, 40),
            Column("依据记录数", lambda r: len(r[1].record_ids), 10),
        ],
        lines,
    )
    filename = f"{snapshot.scheme.year}年{snapshot.scheme.name}考核得分（截至{snapshot.cut_off:%Y-%m-%d}）.xlsx"
    return xlsx_response(filename, workbook)
