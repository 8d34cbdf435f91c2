"""待办 in a real browser, one role at a time on the demo county: log in, see the
count in the navbar, do the item from the 待办 page (or the page it links to),
and see the count fall. The obstacle loop's roles: projects/tests/test_browser_obstacle_loop.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page, expect

from zhaoshang.core.tests.test_browser import PHONE, Watched, browser, demo_county, log_in  # noqa: F401  (fixtures)
from zhaoshang.organisation.models import Unit
from zhaoshang.projects.factories import EvidenceFactory, FundEntryFactory, ProjectFactory
from zhaoshang.projects.models import FundStatus

pytestmark = pytest.mark.browser

# Older than anything in the demo, so the item is among the first the page lists.
LONG_AGO = timezone.now() - timedelta(days=3650)


def todo_count(page: Page) -> int:
    """The navbar's figure, once the page has fetched it."""
    badge = page.locator("#nav-todo-count[data-count]")
    expect(badge).to_have_count(1)
    return int(badge.get_attribute("data-count"))


def township_project(name: str):
    return ProjectFactory(introducing_unit=Unit.objects.get(name="城关镇"), name=name)


def open_todo(page: Page) -> None:
    page.locator(".navbar-brand").click()
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()


def test_the_unit_head_approves_from_the_todo_page_on_a_phone(browser, live_server, demo_county):
    project = township_project("浏览器审核项目")
    entry = FundEntryFactory(project=project, reported_by=User.objects.get(username="chengguan"), reported_at=LONG_AGO)
    EvidenceFactory(project=project, fund_entry=entry)
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    watched = Watched(context.new_page())
    page = watched.page

    log_in(watched, live_server.url, "chengguan_head")
    before = todo_count(page)
    assert before >= 1
    # Beside the collapsed menu, without opening it.
    expect(page.locator("#nav-todo-phone")).to_have_text(f"待办 {before}")
    expect(page.locator("#nav-todo-phone")).to_be_visible()

    page.get_by_label(f"选择 浏览器审核项目 {entry.date:%Y-%m-%d}").check()
    page.get_by_role("button", name="审核通过所选").click()

    expect(page.get_by_text("已审核通过 1 笔到位资金")).to_be_visible()
    assert todo_count(page) == before - 1
    entry.refresh_from_db()
    assert entry.status == FundStatus.UNIT_APPROVED
    assert watched.csp_violations == []
    context.close()


def test_the_bureau_verifies_an_entry_it_finds_on_the_todo_page(browser, live_server, demo_county):
    project = township_project("浏览器核实项目")
    entry = FundEntryFactory(project=project, status=FundStatus.UNIT_APPROVED, approved_at=LONG_AGO)
    EvidenceFactory(project=project, fund_entry=entry)
    context = browser.new_context(locale="zh-CN")
    watched = Watched(context.new_page())
    page = watched.page

    log_in(watched, live_server.url, "zsj")
    before = todo_count(page)
    page.locator("#funds_to_verify").get_by_role("link", name="「浏览器核实项目」").click()
    page.get_by_test_id(f"fund-entry-{entry.pk}").get_by_role("button", name="核实").click()
    expect(page.get_by_text("已核实，该笔资金计入到位资金")).to_be_visible()

    open_todo(page)
    assert todo_count(page) == before - 1
    context.close()


def test_the_reporter_corrects_a_returned_entry_from_the_todo_page(browser, live_server, demo_county):
    project = township_project("浏览器退回项目")
    FundEntryFactory(
        project=project,
        reported_by=User.objects.get(username="chengguan"),
        status=FundStatus.RETURNED,
        returned_at=LONG_AGO,
        return_reason="金额与进账单不符",
    )
    context = browser.new_context(locale="zh-CN")
    watched = Watched(context.new_page())
    page = watched.page

    log_in(watched, live_server.url, "chengguan")
    before = todo_count(page)
    section = page.locator("#funds_returned")
    expect(section).to_contain_text("退回原因：金额与进账单不符")
    section.get_by_role("link", name="「浏览器退回项目」").click()
    page.get_by_label("金额（万元）").fill("120")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("已保存，重新进入审核")).to_be_visible()

    open_todo(page)
    assert todo_count(page) == before - 1
    context.close()
