"""Who the circular commends and who it criticises (通报表扬 / 通报批评), by rule.

The speeches ask for it in so many words: 该通报的通报，该表彰的表彰 (seed 000), 对工作
进展缓慢、成效不明显的单位和个人进行通报批评，对表现突出的单位和个人给予表彰 (seed 002).
The rule is data, from settings.CIRCULAR_RULES, and the document prints it, so a
unit can see why it is named:

- commended: completion rate of the primary target ≥ `commend_rate` (1 = 100%), or
  rank ≤ `commend_top_rank` in its competing division with a non-zero actual;
- criticised: actual of zero (`criticise_zero`), or completion rate below
  `criticise_progress_share` × 序时进度 (0.5 = 不足序时进度的一半).

A unit is never both: commendation wins (a division's leader at zero funds is not
commended, since the rank needs a non-zero actual).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings


@dataclass(frozen=True)
class CircularRules:
    commend_rate: Decimal = Decimal("1")
    commend_top_rank: int = 1
    criticise_progress_share: Decimal = Decimal("0.5")
    criticise_zero: bool = True

    @classmethod
    def current(cls) -> CircularRules:
        values = dict(getattr(settings, "CIRCULAR_RULES", {}))
        for key in ("commend_rate", "criticise_progress_share"):
            if key in values:
                values[key] = Decimal(str(values[key]))
        return cls(**values)

    @property
    def commend_text(self) -> str:
        rank = "第一名" if self.commend_top_rank == 1 else f"前{self.commend_top_rank}名"
        return f"任务完成率达到{percent(self.commend_rate, 0)}或在本赛区排名{rank}的单位予以通报表扬"

    def criticise_text(self, kind_label: str = "到位资金") -> str:
        share = self.criticise_progress_share
        portion = "一半" if share == Decimal("0.5") else percent(share, 0)
        zero = f"或{kind_label}为零" if self.criticise_zero else ""
        return f"任务完成率不足序时进度{portion}{zero}的单位予以通报批评"


def percent(value: Decimal | None, places: int = 2) -> str:
    """0.8329 → '83.29%'; None → '—'."""
    if value is None:
        return "—"
    return f"{value * 100:.{places}f}%"
