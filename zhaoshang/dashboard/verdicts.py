"""One line of `make bench`'s goal-versus-measured table (issue 13): every
measurement — imports, list and API throughput, dashboard cold and warm, the
warm-up after a change, the engine against raw SQL — reports itself as a Verdict,
and the command prints them all in one table."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    area: str  # 导入 / 列表与API / 看板 / 指标引擎
    name: str
    goal: str  # as the issue states it, e.g. "< 10 s", "≥ 300 次/秒，p99 < 100 ms"
    measured: str
    passed: bool | None  # None: measured for information, no goal

    @property
    def word(self) -> str:
        return "—" if self.passed is None else ("通过" if self.passed else "未通过")


def table(verdicts: list[Verdict], vendor: str) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"（{vendor}；测量时本机负载 {load}，{os.cpu_count()} 核）",
        "| 数据库 | 方面 | 项目 | 目标 | 实测 | 结论 |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {vendor} | {v.area} | {v.name} | {v.goal} | {v.measured} | {v.word} |" for v in verdicts]
    return "\n".join(lines)
