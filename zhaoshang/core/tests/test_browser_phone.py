"""The pages people use on a phone (issue 11.7), at 390×844 on the demo county:
rankings, alerts, 待办, a project's page and fund entry. The key columns are on
screen without a sideways scroll (priority columns: the rest, a ranking's task and
status among them, move under the first cell), and the alert tabs wrap instead of
running off the edge."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from zhaoshang.core.tests.test_browser import PHONE, Watched, browser, demo_county, log_in  # noqa: F401  (fixtures)
from zhaoshang.projects.models import FundEntry, Obstacle

pytestmark = pytest.mark.browser


def phone(browser, live_server, username: str) -> Page:
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    watched = Watched(context.new_page())
    log_in(watched, live_server.url, username)
    return watched.page


def assert_on_screen(page: Page, *locators) -> None:
    """Each element is displayed and lies within the phone's width (a column pushed
    off to the right of a scrolling table would not)."""
    for locator in locators:
        expect(locator).to_be_visible()
        box = locator.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, locator


def assert_no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, ...[...document.querySelectorAll('.table-responsive')].map(e => e.scrollWidth - e.clientWidth)]"
    )
    assert widths[0] <= PHONE["width"], widths
    assert all(extra <= 1 for extra in widths[1:]), widths


def header(page: Page, table, name: str):
    return table.locator("thead th").filter(has_text=name).first


def test_rankings_alerts_and_todo_on_a_phone(browser, live_server, demo_county):
    page = phone(browser, live_server, "zsj")

    # 待办: every section's heading and its first item.
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
    # The first to-do section (the unread notifications, when any, come above them).
    first = page.locator("section.card").filter(has=page.locator("h3")).first
    assert_on_screen(page, first.locator("h3"), first.locator("li a").first)
    assert_no_sideways_scroll(page)

    page.goto(f"{live_server.url}/metrics/rankings/")
    table = page.locator("table").first
    for name in ("名次", "单位", "完成", "完成率"):
        assert_on_screen(page, header(page, table, name))
    assert_on_screen(page, table.locator("tbody tr").first.locator("td").nth(4))
    assert_no_sideways_scroll(page)

    page.goto(f"{live_server.url}/alerts/")
    tabs = page.get_by_role("tab")
    assert tabs.count() >= 5
    for i in range(tabs.count()):
        assert_on_screen(page, tabs.nth(i))  # wrapped, not scrolled away
    page.get_by_role("tab", name="问题").first.click()
    listing = page.get_by_test_id("list-obstacles")
    for name in ("项目", "责任单位", "办结时限", "状态"):
        assert_on_screen(page, header(page, listing, name))
    assert_no_sideways_scroll(page)


def test_project_page_and_fund_entry_on_a_phone(browser, live_server, demo_county):
    entry = FundEntry.objects.filter(project__introducing_unit__name="城关镇").select_related("project").first()
    project = entry.project
    page = phone(browser, live_server, "chengguan")

    page.goto(f"{live_server.url}/projects/{project.pk}/")
    funds = page.locator("#funds table")
    funds.scroll_into_view_if_needed()
    for name in ("到位日期", "金额", "状态"):
        assert_on_screen(page, header(page, funds, name))
    obstacles = page.locator("#obstacles table")
    obstacles.scroll_into_view_if_needed()
    for name in ("问题描述", "办结时限", "状态", "操作"):
        assert_on_screen(page, header(page, obstacles, name))
    if Obstacle.objects.filter(project=project).exists():
        assert_on_screen(page, obstacles.get_by_role("link", name="记录").first)
    assert_no_sideways_scroll(page)

    page.goto(f"{live_server.url}/projects/{project.pk}/funds/new/")
    for label in ("到位日期", "币种", "资金类型"):
        assert_on_screen(page, page.get_by_label(label, exact=False).first)
    assert_on_screen(page, page.get_by_role("button", name="提交").first)
    assert_no_sideways_scroll(page)
