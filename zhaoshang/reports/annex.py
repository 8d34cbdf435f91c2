"""The Excel annex (附件) of the circular: the full tables behind the document.

Sheets: 总体情况 (every headline figure with last year's and 同比), one ranking
sheet per competing division, 滞后单位, 签约即止, 问题逾期, 营商环境 (county and units), 表扬与批评. Money is
in 万元 and rates in percent, as numbers (so the bureau can sort and sum them),
each column's unit in its header.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from zhaoshang.core.excel import Column, add_sheet, new_workbook, workbook_bytes
from zhaoshang.core.money import to_wan
from zhaoshang.metrics import engine
from zhaoshang.projects.models import Currency
from zhaoshang.service import spreadsheets as service_spreadsheets

from .circular import CircularContent, instruction

HUNDRED = Decimal(100)


def pct(rate: Decimal | None) -> Decimal | None:
    """0.8329 → 83.29 (percent, two places); None stays empty."""
    return None if rate is None else (rate * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def number(value, kind) -> Decimal | int | None:
    if value is None:
        return None
    if kind.is_count:
        return Decimal(value)
    if kind.is_usd:
        return to_wan(round(Decimal(value) / 100))
    return to_wan(value)


def _overview_rows(c: CircularContent) -> list[tuple]:
    money = [("funds_arrived", "到位资金（已核实，万元）"), ("funds_pending", "待核实资金（万元）"), ("contract_amount", "合同引资额（万元）")]
    counts = [
        ("signed_count", "签约项目数（个）"),
        ("signed_count_1yi", "其中总投资1亿元以上（个）"),
        ("signed_count_5yi", "其中总投资5亿元以上（个）"),
        ("signed_count_10yi", "其中总投资10亿元以上（个）"),
    ]
    rates = [("start_rate", "开工率（%）"), ("production_rate", "投产率（%）"), ("arrival_rate", "资金到位率（%）")]
    rows: list[tuple] = []
    for key, label in money:
        f = c.figure(key)
        rows.append((label, to_wan(f.value), to_wan(f.last_year), pct(f.yoy)))
    for key, label in counts:
        f = c.figure(key)
        rows.append((label, f.value, f.last_year, pct(f.yoy)))
    for key, label in rates:
        f = c.figure(key)
        rows.append((label, pct(f.value), pct(f.last_year), None))
    trips, before = c.trips, c.trips_last_year
    trip_yoy = pct(engine.yoy(trips.batches, before.batches))
    rows.append(("外出招商批次", trips.batches, before.batches, trip_yoy))
    rows.append(("其中主要负责人带队批次", trips.principal_led, before.principal_led, None))
    rows.append(("主要负责人带队占比（%）", pct(trips.principal_share), pct(before.principal_share), None))
    if c.overall:
        rows.append(("序时进度（%）", pct(c.time_progress), None, None))
        rows.append(("有任务单位数", c.overall.units_with_target, None, None))
        rows.append(("完成全年任务单位数", c.overall.units_done, None, None))
        rows.append(("进度滞后单位数", len(c.behind), None, None))
    return rows


def _ranking_columns(c: CircularContent, time_progress: Decimal) -> list[Column]:
    unit = c.kind.unit_label
    return [
        Column("名次", lambda r: r.rank, 8),
        Column("单位", lambda r: r.unit.name, 24),
        Column(f"任务（{unit}）", lambda r: number(r.target, c.kind), 14),
        Column(f"完成（{unit}）", lambda r: number(r.actual, c.kind), 14),
        Column("完成率（%）", lambda r: pct(r.rate), 12),
        Column("序时进度（%）", lambda r: pct(time_progress), 12),
        Column("是否滞后", lambda r: ("是" if r.behind else "否") if r.target is not None else r.note, 12),
        Column("上月名次", lambda r: r.previous_rank, 10),
    ]


def _contract(s) -> Decimal | None:
    if s.contract_currency and s.contract_currency != Currency.CNY:
        return None
    return to_wan(s.contract_amount)


def render(c: CircularContent) -> bytes:
    workbook = new_workbook()
    add_sheet(
        workbook,
        "总体情况",
        [
            Column("指标", lambda r: r[0], 30),
            Column(c.period_label, lambda r: r[1], 16),
            Column("去年同期", lambda r: r[2], 16),
            Column("同比增长（%）", lambda r: r[3], 14),
        ],
        _overview_rows(c),
    )
    for ranking in c.divisions:
        add_sheet(workbook, f"{ranking.division.name}排名"[:31], _ranking_columns(c, ranking.time_progress), ranking.rows)
    add_sheet(
        workbook,
        "滞后单位",
        [
            Column("单位", lambda r: r.unit.name, 24),
            Column("所属赛区", lambda r: r.unit.division.name if r.unit.division else "", 14),
            *_ranking_columns(c, c.time_progress)[2:6],
        ],
        c.behind,
    )
    add_sheet(
        workbook,
        "签约即止",
        [
            Column("项目名称", lambda s: s.project.name, 30),
            Column("引进单位", lambda s: s.project.introducing_unit.name, 20),
            Column("签约日期", lambda s: s.signed_on, 12),
            Column("合同引资额（万元）", _contract, 16),
            Column("合同引资额（万美元）", lambda s: None if _contract(s) is not None else to_wan(round(Decimal(s.contract_amount) / 100)), 16),
            Column("签约天数", lambda s: s.days_since_signing, 10),
        ],
        c.stalled,
    )
    add_sheet(
        workbook,
        "问题逾期",
        [
            Column("项目", lambda o: o.obstacle.project.name, 30),
            Column("问题类别", lambda o: o.obstacle.get_category_display(), 12),
            Column("问题描述", lambda o: o.obstacle.description, 40),
            Column("责任单位", lambda o: o.obstacle.responsible_unit.name, 20),
            Column("办结时限", lambda o: o.obstacle.deadline, 12),
            Column("逾期天数", lambda o: o.days_overdue, 10),
            Column("领导批示", lambda o: instruction(o.obstacle), 40),
        ],
        c.overdue,
    )
    if c.service is not None and c.service.total is not None:
        add_sheet(workbook, "营商环境", service_spreadsheets.ranking_columns(c.service.units), [c.service.total, *c.service.units])
    verdicts = [("通报表扬", v) for v in c.commended] + [("通报批评", v) for v in c.criticised]
    add_sheet(
        workbook,
        "表扬与批评",
        [Column("类别", lambda r: r[0], 12), Column("单位", lambda r: r[1].unit.name, 24), Column("依据", lambda r: r[1].reason, 40)],
        verdicts,
    )
    return workbook_bytes(workbook)
