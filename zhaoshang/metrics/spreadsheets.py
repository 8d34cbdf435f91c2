"""Excel columns of the rankings export (the table on the rankings page)."""

from __future__ import annotations

from decimal import Decimal

from zhaoshang.core.excel import Column
from zhaoshang.targets.models import TargetKind


def _rate(value: Decimal | None) -> float | None:
    return None if value is None else float((value * 100).quantize(Decimal("0.01")))


def _in_unit(kind: TargetKind, value: int | Decimal | None) -> float | None:
    amount = kind.in_unit(value)
    return None if amount is None else float(amount)


def _movement(row) -> str:
    if row.movement is None:
        return "—"
    return f"↑{row.movement}" if row.movement > 0 else (f"↓{-row.movement}" if row.movement < 0 else "→")


def ranking_columns(kind: str) -> list[Column]:
    kind = TargetKind(kind)
    unit = kind.unit_label
    return [
        Column("名次", lambda r: r.rank, 8),
        Column("单位", lambda r: r.unit.name, 20),
        Column("赛区", lambda r: r.unit.division.name if r.unit.division else "", 12),
        Column(f"任务（{unit}）", lambda r: _in_unit(kind, r.target), 14),
        Column("默认任务", lambda r: "是" if r.is_default else "否", 10),
        Column(f"完成（{unit}）", lambda r: _in_unit(kind, r.actual), 14),
        Column("完成率（%）", lambda r: _rate(r.rate), 12),
        Column("较上月", _movement, 10),
        Column("落后序时进度", lambda r: "是" if r.behind else "否", 12),
        Column("备注", lambda r: r.note, 14),
    ]
