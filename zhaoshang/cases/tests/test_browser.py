"""A case in a real browser on the demo county: 城关镇 receives it on a phone, pauses
it waiting for material, resumes and closes it; the bureau records the return visit."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhaoshang.cases.models import Case, CaseStatus
from zhaoshang.organisation.models import Unit
from zhaoshang.service import ranking as service_ranking
from zhaoshang.core.tests.test_browser import PHONE, Watched, browser, demo_county, log_in  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

CASE_FIGURES = ("case_on_time", "case_resolution", "case_visit", "case_satisfaction")


def county_case_figures() -> dict[str, tuple[int, int]]:
    """The county-wide case figures of the year, as the circular's 营商环境 section
    (reports/circular.py → service_ranking.board_for) and the ranking page count them."""
    township = Unit.objects.get(name="城关镇")
    county = Unit.objects.get(path=township.path[: Unit.steplen])
    today = timezone.localdate()
    board = service_ranking.board_for(county, date(today.year, 1, 1), today)
    assert board.total is not None
    return {line.figure.key: (line.value.numerator, line.value.denominator) for line in board.total.lines if line.figure.key in CASE_FIGURES}


def test_a_unit_handles_a_case_and_the_bureau_visits_back(browser, live_server, demo_county):
    before = county_case_figures()
    assert set(before) == set(CASE_FIGURES)
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    watched = Watched(context.new_page())
    page = watched.page
    log_in(watched, live_server.url, "chengguan")
    page.goto(f"{live_server.url}/cases/new/")
    page.get_by_label("诉求标题").fill("浏览器测试：仓库消防验收")
    page.get_by_label("来源渠道").select_option(label="电话")
    page.get_by_label("诉求类型").select_option(label="求助")
    page.get_by_label("企业名称").fill("清河测试仓储有限公司")
    page.get_by_label("诉求内容").fill("仓库消防验收迟迟未安排")
    expect(page.get_by_label("承办单位")).to_have_value(str(Unit.objects.get(name="城关镇").pk))
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_test_id("case-status")).to_have_text("待受理")

    page.get_by_test_id("case-accept").click()
    expect(page.get_by_test_id("case-status")).to_have_text("办理中")
    page.get_by_label("暂停原因").fill("等待企业补充消防设计文件")
    page.get_by_test_id("clock-pause").click()
    expect(page.get_by_test_id("clock")).to_contain_text("暂停中")
    page.get_by_test_id("clock-resume").click()
    expect(page.get_by_test_id("clock")).to_contain_text("计时中")
    page.get_by_label("办理结果").fill("已协调消防部门完成验收")
    page.get_by_label("办结佐证").fill("验收意见书")
    page.get_by_label("问题已实际解决").check()
    page.get_by_test_id("case-close").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已办结待回访")
    # The handler is offered no return visit: someone else makes it.
    expect(page.get_by_test_id("visit-form")).to_have_count(0)
    case = Case.objects.get(title="浏览器测试：仓库消防验收")
    assert case.clocks.get(kind="help").pauses.get().ended_at is not None
    assert watched.csp_violations == []
    context.close()

    context = browser.new_context(locale="zh-CN")
    watched = Watched(context.new_page())
    page = watched.page
    log_in(watched, live_server.url, "zsj")
    page.goto(f"{live_server.url}/cases/?status=closed")
    page.get_by_role("link", name=case.number).click()
    page.get_by_label("满意度").select_option(label="非常满意")
    page.get_by_label("回访情况").fill("企业表示满意")
    page.get_by_test_id("case-visit").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已回访")
    expect(page.get_by_test_id("visits")).to_contain_text("非常满意")
    case.refresh_from_db()
    assert case.status == CaseStatus.VISITED

    # One more case finished in time, resolved, visited back and rated satisfied.
    after = county_case_figures()
    assert after == {key: (n + 1, d + 1) for key, (n, d) in before.items()}
    page.goto(f"{live_server.url}/service/ranking/")
    for key, (numerator, denominator) in after.items():
        expect(page.get_by_test_id(f"total-{key}")).to_contain_text(f"{numerator}/{denominator}")
    assert watched.csp_violations == []
    context.close()
