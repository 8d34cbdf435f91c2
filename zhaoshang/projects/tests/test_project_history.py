"""A project's 变更记录 reads as Chinese sentences: its own changes and those of its
stage events, fund entries, obstacles, credits and team, each with who and when."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.organisation.models import Person
from zhaoshang.projects import actions
from zhaoshang.projects.factories import pdf_file, project_with_history, with_evidence
from zhaoshang.projects.history import project_history
from zhaoshang.projects.models import (
    EvidenceKind,
    FundKind,
    ObstacleCategory,
    ObstacleStatus,
    Stage,
    TeamRole,
)

# Raw values that must never reach a clerk: stored codes, dictionaries, ids, paths.
RAW = ["{", "'id'", "/media/", "projects/evidence", "funds_arrived", "unit_approved", "land_approval", "in_progress"]


def history_text(project) -> str:
    html = render_to_string("core/_history.html", {"history": project_history(project)})
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def assert_readable(text: str, *codes: str) -> None:
    for raw in [*RAW, *codes]:
        assert raw not in text, f"{raw!r} in history: {text}"


def test_project_edits_name_fields_choices_units_and_money(project, reporter, county):
    actions.do_update_project(
        project,
        {"total_investment": 120_000_000, "landing_unit": county.other_township, "land_status": "approved"},
        project.version,
        reporter,
    )

    text = history_text(project)

    assert "修改 · 用户" in text
    assert "总投资：5,000.00 万元 → 12,000.00 万元" in text
    assert "落地园区/乡镇：（空） → 河口镇" in text
    assert "亿元以上：否 → 是" in text
    assert_readable(text, "approved")


def test_stage_events_show_stage_dates_contract_and_file_names(county, reporter, days_ago):
    project = project_with_history(
        reporter,
        {Stage.LEAD: days_ago(30), Stage.SIGNED: days_ago(10)},
        contract_amount=123_000_000,
        introducing_unit=county.township,
    )

    text = history_text(project)

    assert f"新增阶段事件 签约 {days_ago(10):%Y-%m-%d}" in text
    assert "合同金额：12,300.00 万元" in text
    assert "新增证明材料 合同.pdf（正式合同）" in text
    assert f"阶段事件：签约 {days_ago(10):%Y-%m-%d}" in text
    assert "当前阶段：线索 → 签约" in text
    assert_readable(text, "signed", ".pdf ", "contract)")


def test_a_bureau_correction_shows_the_voided_event_with_who_and_why(county, reporter, bureau_user, days_ago):
    project = project_with_history(reporter, {Stage.LEAD: days_ago(30), Stage.SIGNED: days_ago(10)}, introducing_unit=county.township)

    actions.do_correct_stage(project, Stage.LEAD, "合同未生效", bureau_user)
    text = history_text(project)

    assert f"修改阶段事件 签约 {days_ago(10):%Y-%m-%d}" in text
    assert f"作废人：（空） → {bureau_user.get_full_name()}" in text
    assert "作废原因：（空） → 合同未生效" in text
    assert "新增阶段事件 招商局更正为「线索」" in text
    assert "当前阶段：签约 → 线索" in text
    assert_readable(text, "correction")


def test_fund_entries_show_amounts_in_wan_and_status_labels(project, reporter, unit_head, bureau_user, today):
    entry = actions.do_report_funds(
        project,
        {"date": today, "amount": 5_000_000, "kind": FundKind.CAPITAL},
        reporter,
        evidence=[actions.Upload(EvidenceKind.BANK_SLIP, pdf_file("进账单.pdf"))],
    )
    actions.do_approve_funds(entry, unit_head)
    actions.do_return_funds(entry, "金额与进账单不符", bureau_user)

    text = history_text(project)

    assert f"新增到位资金 {today:%Y-%m-%d} 500.00 万元 · {reporter.get_full_name()}" in text
    assert "资金类型：注册资本金" in text
    assert "状态：已填报 → 单位审核" in text
    assert f"单位审核人：（空） → {unit_head.get_full_name()}" in text
    assert "状态：单位审核 → 退回" in text
    assert "退回原因：（空） → 金额与进账单不符" in text
    assert "新增证明材料 进账单.pdf（银行进账单）" in text
    assert f"到位资金：{today:%Y-%m-%d} 500.00 万元" in text
    assert_readable(text, "reported", "capital", "returned")


def test_obstacles_show_category_unit_status_and_leader_by_name(project, reporter, county, leader, today):
    obstacle = actions.do_add_obstacle(
        project,
        {
            "category": ObstacleCategory.LAND_APPROVAL,
            "description": "用地指标未落实",
            "responsible_unit": county.township,
            "deadline": today,
        },
        reporter,
    )
    governor = Person.objects.get(user=leader)
    actions.do_update_obstacle_status(obstacle, ObstacleStatus.ESCALATED, reporter, note="须县政府协调用地指标", escalated_to=governor)

    text = history_text(project)

    assert "新增问题 用地报批：用地指标未落实" in text
    assert "责任单位：城关镇" in text
    assert f"办结时限：{today:%Y-%m-%d}" in text
    assert "状态：待办 → 已上报" in text
    assert "上报领导：（空） → 王县长（县长）" in text
    assert_readable(text, "escalated", "open")


def test_credits_read_as_the_whole_split_before_and_after(project, bureau_user, county):
    actions.do_set_credits(project, [(county.township, 4_000), (county.other_township, 6_000)], bureau_user)

    text = history_text(project)

    assert f"修改分成 · {bureau_user.get_full_name()}" in text
    assert "分成：城关镇 100% → 河口镇 60%、城关镇 40%" in text
    assert_readable(text)


def test_team_changes_read_as_the_whole_team_with_roles(project, reporter, county):
    lead = PersonFactory(name="李明", post="", unit=county.township)
    tracker = PersonFactory(name="张华", post="", unit=county.township)
    actions.do_set_team(project, [(lead, TeamRole.LEAD)], reporter)
    actions.do_set_team(project, [(lead, TeamRole.LEAD), (tracker, TeamRole.TRACKER)], reporter)

    entries = [e for e in project_history(project) if e.kind == "修改项目班子"]

    assert [(c.old, c.new) for e in entries for c in e.changes] == [
        ("牵头负责：李明", "牵头负责：李明、跟踪服务：张华"),
        ("（空）", "牵头负责：李明"),
    ]
    assert all(e.who == reporter.get_full_name() for e in entries)
    assert_readable(history_text(project), "tracker", "lead")


def test_history_is_newest_first_across_kinds_of_change(project, reporter, bureau_user, county, today):
    actions.do_report_funds(project, {"date": today, "amount": 1_000_000, "kind": FundKind.INVESTMENT}, reporter)
    actions.do_set_credits(project, [(county.township, 5_000), (county.other_township, 5_000)], bureau_user)
    actions.do_record_follow_up(project, today, "上门走访", reporter)

    kinds = [e.kind for e in project_history(project)]

    assert kinds.index("新增跟踪记录") < kinds.index("修改分成") < kinds.index("新增到位资金") < kinds.index("新建")
    assert all(e.when for e in project_history(project))


def test_history_takes_a_bounded_number_of_queries(county, reporter, unit_head, bureau_user, days_ago, django_assert_max_num_queries):
    project = project_with_history(
        reporter,
        {Stage.LEAD: days_ago(60), Stage.SIGNED: days_ago(40), Stage.STARTED: days_ago(20)},
        introducing_unit=county.township,
    )
    for n in range(5):
        entry = with_evidence(actions.do_report_funds(project, {"date": days_ago(10), "amount": 1_000_000 + n, "kind": FundKind.LOAN}, reporter))
        actions.do_approve_funds(entry, unit_head)
        actions.do_return_funds(entry, "缺少进账单", bureau_user)
        actions.do_set_credits(project, [(county.township, 1_000 * (n + 1)), (county.other_township, 10_000 - 1_000 * (n + 1))], bureau_user)

    with django_assert_max_num_queries(16):
        text = history_text(project)

    assert text.count("修改到位资金") == 10


@pytest.mark.parametrize("who", ["reporter", "bureau_user"])
def test_project_page_lists_changes_to_fund_entries_in_its_history(client_for, project, reporter, bureau_user, today, who):
    actions.do_report_funds(project, {"date": today, "amount": 2_000_000, "kind": FundKind.INVESTMENT}, reporter)

    page = client_for({"reporter": reporter, "bureau_user": bureau_user}[who]).get(reverse("projects:project_detail", args=[project.pk]))

    history_card = page.content.decode().split('id="history"')[1]
    assert f"新增到位资金</strong> {today:%Y-%m-%d} 200.00 万元" in history_card


def test_a_merged_duplicates_fund_entry_keeps_its_history_and_shows_the_move(project, county, other_reporter, bureau_user, today):
    claim = actions.do_create_project(
        {"name": "新能电池基地（重复）", "category": "industry", "introducing_unit": county.other_township}, None, other_reporter
    )
    actions.do_report_funds(claim, {"date": today, "amount": 3_000_000, "kind": FundKind.INVESTMENT}, other_reporter)

    actions.do_merge_projects(project, claim, bureau_user)
    text = history_text(project)

    assert f"新增到位资金 {today:%Y-%m-%d} 300.00 万元 · {other_reporter.get_full_name()}" in text
    assert f"修改到位资金 {today:%Y-%m-%d} 300.00 万元 · {bureau_user.get_full_name()}" in text
    assert "项目：新能电池基地（重复） → 新能电池生产基地" in text
    assert_readable(text, "industry")
