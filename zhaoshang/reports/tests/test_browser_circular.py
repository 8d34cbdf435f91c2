"""The circular in a real browser: the bureau opens 「通报」, generates last month's
circular with the form's default month, waits for the progress bar to finish and
downloads the .docx; a queued circular's page follows the worker through htmx
polling until its download links appear. Tasks run on the immediate backend (no
worker in tests; see conftest). Debian's chromium, never a downloaded one."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from zhaoshang.reports.forms import last_month

from zhaoshang.core.tests.test_browser import browser  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

PASSWORD = "zhaoshang-test-pw"  # UserFactory's password


@pytest.fixture
def county_root(transactional_db):
    # The live server runs in another thread, so the data must be committed.
    from zhaoshang.accounts.factories import user_with_role
    from zhaoshang.accounts.models import Role
    from zhaoshang.organisation.factories import DivisionFactory, UnitFactory
    from zhaoshang.organisation.models import UnitKind
    from zhaoshang.targets.factories import PeriodFactory

    root = UnitFactory(name="示范县", kind=UnitKind.COUNTY)
    UnitFactory(parent=root, name="县招商局", kind=UnitKind.BUREAU)
    division = DivisionFactory(name="一赛区", jurisdiction=root)
    UnitFactory(parent=root, name="城关镇", kind=UnitKind.TOWNSHIP, division=division)
    month = last_month()
    PeriodFactory(jurisdiction=root, name=f"{month.year}年度", start=month.replace(month=1, day=1), end=month.replace(month=12, day=31))
    user_with_role(Role.BUREAU, root, username="zhaoshangju")
    return root


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="您好")).to_be_visible()


def test_the_bureau_generates_last_months_circular_and_downloads_it(browser, live_server, county_root):
    page = browser.new_context(locale="zh-CN", accept_downloads=True).new_page()
    log_in(page, live_server.url, "zhaoshangju")
    page.get_by_role("button", name="通报").click()
    page.get_by_role("link", name="月度通报").click()
    page.get_by_role("link", name="生成通报").click()
    month = last_month()
    expect(page.get_by_label("通报月份")).to_have_value(f"{month:%Y-%m}")
    page.get_by_role("button", name="生成通报").click()

    expect(page.locator("#circular-progress .badge")).to_have_text("已完成", timeout=30_000)
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载通报（Word）").click()
    download = download_info.value
    label = f"{month.year}年1月" if month.month == 1 else f"{month.year}年1-{month.month}月"
    title = f"关于{label}全县招商引资工作情况的通报"
    assert download.suggested_filename == f"{title}（第1版）.docx"
    paragraphs = [p.text for p in Document(io.BytesIO(Path(download.path()).read_bytes())).paragraphs]
    assert title in paragraphs


def test_a_queued_circular_page_follows_the_worker_until_done(browser, live_server, county_root):
    from zhaoshang.accounts.models import User
    from zhaoshang.reports import actions
    from zhaoshang.reports.factories import CircularFactory

    month = last_month()
    bureau = User.objects.get(username="zhaoshangju")
    queued = CircularFactory(jurisdiction=county_root, year=month.year, month=month.month, requested_by=bureau)
    page = browser.new_context(locale="zh-CN").new_page()
    log_in(page, live_server.url, "zhaoshangju")
    page.goto(f"{live_server.url}/reports/circulars/{queued.pk}/")
    expect(page.locator("#circular-progress .badge")).to_have_text("排队中")

    actions.do_run_circular(queued)  # what the worker does

    expect(page.get_by_role("link", name="下载附表（Excel）")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")


def test_a_circular_whose_worker_died_is_retried_from_its_page(browser, live_server, county_root):
    from datetime import timedelta

    from django.utils import timezone

    from zhaoshang.accounts.models import User
    from zhaoshang.reports.factories import CircularFactory
    from zhaoshang.reports.models import CircularStatus

    month = last_month()
    bureau = User.objects.get(username="zhaoshangju")
    # Stopped at 30 % an hour ago: its worker was killed half-way.
    dead = CircularFactory(
        jurisdiction=county_root,
        year=month.year,
        month=month.month,
        requested_by=bureau,
        status=CircularStatus.RUNNING,
        progress=30,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    page = browser.new_context(locale="zh-CN").new_page()
    log_in(page, live_server.url, "zhaoshangju")
    page.goto(f"{live_server.url}/reports/circulars/{dead.pk}/")
    expect(page.locator("#circular-progress .badge")).to_have_text("生成失败")
    expect(page.get_by_role("alert")).to_contain_text("任务进程已中断")

    page.get_by_role("button", name="重试").click()

    expect(page.locator("#circular-progress .badge")).to_have_text("已完成", timeout=30_000)
    expect(page.get_by_role("link", name="下载通报（Word）")).to_be_visible()
    dead.refresh_from_db()
    assert (dead.status, dead.version) == (CircularStatus.DONE, 1)
