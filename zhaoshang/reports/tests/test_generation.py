"""The circular's figures, read back from the generated .docx (python-docx) and
.xlsx (openpyxl), against the hand-computed values of conftest.py's table."""

import io
from datetime import date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook

from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.organisation.models import LeaderBody
from zhaoshang.projects import actions as project_actions
from zhaoshang.projects.factories import EvidenceFactory, FundEntryFactory
from zhaoshang.projects.models import FundStatus, Obstacle
from zhaoshang.reports import circular

from .conftest import ISSUED_ON, MONTH, YEAR, at_noon


def generate(world) -> circular.CircularFiles:
    return circular.build(world.root, YEAR, MONTH, issued_on=ISSUED_ON)


def text_of(docx: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)


def table_rows(docx: bytes, index: int) -> list[list[str]]:
    table = Document(io.BytesIO(docx)).tables[index]
    return [[cell.text for cell in row.cells] for row in table.rows[1:]]


def sheet_rows(xlsx: bytes, name: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(xlsx))[name].iter_rows(min_row=2, values_only=True))


@pytest.fixture
def files(world) -> circular.CircularFiles:
    return generate(world)


def test_title_names_the_months_and_the_county(files):
    text = text_of(files.docx)
    assert "关于2026年1-10月全县招商引资工作情况的通报" in text
    assert "示范县招商局\t2026年11月5日" in text  # 县招商局 under its full name
    assert text.rstrip().endswith("示范县招商局\n2026年11月5日")


def test_headline_funds_count_verified_entries_only_with_pending_apart(files):
    text = text_of(files.docx)
    # F1 7000万 + F3 1200万 = 8200万; last year F7 2000万: (8200 − 2000) / 2000 = 310%.
    assert "实现到位资金8,200.00万元（经招商局核实），同比增长310.00%" in text
    # F2 (dated 09-01, verified 11-10) was still waiting on 10-31.
    assert "另有已填报待核实资金1,000.00万元" in text


def test_headline_contracts_signings_and_rates(files):
    text = text_of(files.docx)
    # P1 2亿 + P2 5000万 + P3 3000万 = 28000万 = 2.80亿 (≥ 1亿: shown in 亿元);
    # last year P7 4000万: (28000 − 4000) / 4000 = 600%.
    assert "合同引资额2.80亿元，同比增长600.00%" in text
    # 3 signings against 1: +200%; total investment ≥1亿: P1 (2亿), P2 (6亿); ≥5亿: P2.
    assert "新签约项目3个，同比增长200.00%，其中总投资1亿元以上2个、5亿元以上1个、10亿元以上0个" in text
    # Started: P1 of 3 = 33.33%; producing none; (7000 + 1200) / 28000 = 29.29%.
    assert "开工率33.33%，投产率0.00%，资金到位率29.29%" in text
    # Trips 03-02 (principal), 05-05, 08-01 (principal): 2 / 3 = 66.67%; last year one.
    assert "外出招商3批次（去年同期1批次），其中主要负责人带队2批次，占66.67%" in text
    # 304 of 365 days = 83.29%; 3 units with a target, 城关镇 done, 河口镇 and 经信局 behind.
    assert "序时进度为83.29%，3个有到位资金任务的单位中，已有1个完成或超额完成全年任务，2个单位完成率低于序时进度" in text


def test_division_ranking_table_orders_by_completion_rate(files):
    # 城关镇 7000 / 6000 = 116.67%; 河口镇 1200 / 6000 = 20.00%, below 83.29%.
    assert table_rows(files.docx, 0) == [
        ["1", "城关镇", "6,000.00", "7,000.00", "116.67%", "83.29%", "否"],
        ["2", "河口镇", "6,000.00", "1,200.00", "20.00%", "83.29%", "是"],
    ]
    assert "（一）一赛区。城关镇暂列第一，完成率116.67%。" in text_of(files.docx)


def test_a_division_whose_leader_is_at_zero_names_nobody_first(world):
    # By the end of February nothing was verified (F1 only on 03-20): 城关镇 and 河口镇
    # both stand at 0 / 6000 = 0.00% and share rank 1, which is nothing to praise.
    text = text_of(circular.build(world.root, YEAR, 2, issued_on=date(2026, 3, 5)).docx)
    assert "（一）一赛区。各单位到位资金任务完成率均为0.00%，暂无单位取得进展。" in text
    assert "暂列第一" not in text


def test_behind_schedule_units_are_listed_lowest_first(files):
    assert "以下2个单位到位资金任务完成率低于序时进度，时间过半而任务未过半：县经信局（0.00%）、河口镇（20.00%）。" in text_of(files.docx)


def test_signed_then_nothing_lists_the_project_signed_in_may(files):
    # P3: signed 05-10, no funds, not started, nothing recorded since: 21+30+31+31+30+31 = 174 days on 10-31.
    assert table_rows(files.docx, 1) == [["1", "河口农业项目", "河口镇", "2026年5月10日", "3,000.00万元", "174"]]


def test_overdue_obstacles_include_one_resolved_after_the_month_end(files):
    rows = table_rows(files.docx, 2)
    # O2 (deadline 09-01, resolved 11-05): 60 days on 10-31; O1 (deadline 09-30): 31 days.
    assert [(r[1], r[3], r[5], r[6]) for r in rows] == [
        ("城关电子产业园", "供电线路未接通", "2026年9月1日", "60"),
        ("河口物流园", "用地指标未落实", "2026年9月30日", "31"),
    ]


def test_overdue_obstacles_quote_a_leaders_instruction(world):
    governor = PersonFactory(name="王县长", post="县长", unit=world.root, leader_body=LeaderBody.GOVERNMENT)
    Obstacle.objects.filter(description="用地指标未落实").update(
        instruction="请自然资源局限期办结", instructed_by=governor, instructed_at=at_noon(date(2026, 10, 20))
    )
    files = generate(world)
    quoted = "王县长（2026-10-20）：请自然资源局限期办结"
    assert [r[7] for r in table_rows(files.docx, 2)] == ["", quoted]
    assert [row[-1] for row in sheet_rows(files.xlsx, "问题逾期")] == [None, quoted]


def test_commendation_and_criticism_follow_the_rules(files):
    text = text_of(files.docx)
    assert "任务完成率达到100%或在本赛区排名第一名的单位予以通报表扬；任务完成率不足序时进度一半或到位资金为零的单位予以通报批评" in text
    assert "对以下1个单位予以通报表扬：城关镇（完成率116.67%）。" in text
    # 河口镇 20.00% < 83.29% / 2 = 41.64%; 县经信局 has nothing.
    assert "对以下2个单位予以通报批评：河口镇（完成率20.00%，不足序时进度的一半）、县经信局（到位资金为零）。" in text


def test_rules_come_from_settings(world, settings):
    # With the bar at a fifth of 序时进度 (16.66%), 河口镇's 20.00% escapes criticism.
    settings.CIRCULAR_RULES = {**settings.CIRCULAR_RULES, "criticise_progress_share": "0.2"}
    text = text_of(generate(world).docx)
    assert "对以下1个单位予以通报批评：县经信局（到位资金为零）。" in text


def test_annex_overview_sheet_has_the_headline_figures(files):
    rows = {row[0]: row[1:] for row in sheet_rows(files.xlsx, "总体情况")}
    assert rows["到位资金（已核实，万元）"] == (8200, 2000, 310)
    assert rows["待核实资金（万元）"] == (1000, 0, None)
    assert rows["合同引资额（万元）"] == (28000, 4000, 600)
    assert rows["签约项目数（个）"] == (3, 1, 200)
    assert rows["其中总投资5亿元以上（个）"][0] == 1
    assert rows["开工率（%）"][0] == pytest.approx(33.33)
    assert rows["资金到位率（%）"][0] == pytest.approx(29.29)
    assert rows["外出招商批次"] == (3, 1, 200)
    assert rows["主要负责人带队占比（%）"][0] == pytest.approx(66.67)
    assert rows["完成全年任务单位数"][0] == 1


def test_annex_has_the_full_tables(files):
    assert load_workbook(io.BytesIO(files.xlsx)).sheetnames == [
        "总体情况",
        "一赛区排名",
        "滞后单位",
        "签约即止",
        "问题逾期",
        "营商环境",
        "表扬与批评",
    ]
    # 上月名次: on 09-30 the order was the same.
    assert sheet_rows(files.xlsx, "一赛区排名") == [
        (1, "城关镇", 6000, 7000, pytest.approx(116.67), pytest.approx(83.29), "否", 1),
        (2, "河口镇", 6000, 1200, 20, pytest.approx(83.29), "是", 2),
    ]
    assert [row[:4] for row in sheet_rows(files.xlsx, "滞后单位")] == [("县经信局", None, 1000, 0), ("河口镇", "一赛区", 6000, 1200)]
    assert sheet_rows(files.xlsx, "签约即止") == [("河口农业项目", "河口镇", datetime(2026, 5, 10), 3000, None, 174)]
    assert [(row[0], row[5]) for row in sheet_rows(files.xlsx, "问题逾期")] == [("城关电子产业园", 60), ("河口物流园", 31)]
    assert [row[:2] for row in sheet_rows(files.xlsx, "表扬与批评")] == [("通报表扬", "城关镇"), ("通报批评", "河口镇"), ("通报批评", "县经信局")]


def test_regenerating_after_a_later_verification_gives_the_same_figures(world, bureau_user):
    # An arrival dated and reported in October, approved, but verified only after 10-31.
    entry = FundEntryFactory(
        project=world.p3,
        date=date(2026, 10, 20),
        amount=5_000_000,
        status=FundStatus.UNIT_APPROVED,
        reported_at=at_noon(date(2026, 10, 20)),
        approved_at=at_noon(date(2026, 10, 21)),
    )
    EvidenceFactory(project=world.p3, fund_entry=entry)
    first = generate(world)
    project_actions.do_verify_funds(entry, bureau_user)
    again = generate(world)
    # Still 待核实 as of 10-31: F2 1000万 + 500万; the verified figure stays 8200万.
    assert "实现到位资金8,200.00万元" in text_of(again.docx)
    assert "另有已填报待核实资金1,500.00万元" in text_of(again.docx)
    assert text_of(again.docx) == text_of(first.docx)
    for sheet in load_workbook(io.BytesIO(first.xlsx)).sheetnames:
        assert sheet_rows(again.xlsx, sheet) == sheet_rows(first.xlsx, sheet)


def test_without_a_year_period_the_circular_says_there_is_no_ranking(world):
    world.period.targets.all().delete()
    world.period.delete()
    files = generate(world)
    text = text_of(files.docx)
    assert "2026年度目标任务尚未下达或未设参赛赛区，本期暂不排名。" in text
    assert "实现到位资金8,200.00万元" in text


def test_progress_is_reported_in_increasing_steps(world):
    steps: list[int] = []
    circular.build(world.root, YEAR, MONTH, issued_on=ISSUED_ON, progress=lambda percent, message: steps.append(percent))
    assert steps == sorted(steps) and len(steps) >= 5
    assert steps[-1] < 100  # 100 is the task's, once the files are saved


def test_a_month_not_yet_over_cannot_be_circulated():
    with pytest.raises(circular.CircularError, match="尚未结束"):
        circular.check_month(2026, 11, today=date(2026, 11, 30))
    circular.check_month(2026, 11, today=date(2026, 12, 1))
