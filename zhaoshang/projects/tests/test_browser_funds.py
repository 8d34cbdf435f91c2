"""A fund entry in a real browser: a township reporter records it with a bank slip
PDF on their project's page; the bureau approves and verifies it; the page then
shows it as 已核实 in the verified total. Debian's chromium, never a downloaded one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from zhaoshang.projects.factories import PDF_BYTES

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "zhaoshang-test-pw"  # UserFactory's password


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("未找到 /usr/bin/chromium：请先运行 make browser")
    # Playwright's sync API keeps an event loop in this thread; Django would refuse
    # the test's own ORM calls as async-unsafe without this.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    # The live server runs in another thread, so the data must be committed.
    from zhaoshang.accounts.factories import user_with_role
    from zhaoshang.accounts.models import Role
    from zhaoshang.organisation.factories import UnitFactory
    from zhaoshang.organisation.models import UnitKind
    from zhaoshang.projects.factories import ProjectFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    root = UnitFactory(name="示范县", kind=UnitKind.COUNTY)
    township = UnitFactory(parent=root, name="城关镇", kind=UnitKind.TOWNSHIP)
    user_with_role(Role.REPORTER, township, username="chengguan")
    user_with_role(Role.BUREAU, root, username="zhaoshangju")
    project = ProjectFactory(name="新能电池生产基地", introducing_unit=township)
    slip = tmp_path / "工行进账单.pdf"
    slip.write_bytes(PDF_BYTES)
    return project, slip


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="您好")).to_be_visible()


def test_reporter_records_funds_with_evidence_and_the_bureau_verifies_them(browser, live_server, world):
    project, slip = world
    project_url = f"{live_server.url}/projects/{project.pk}/funds/"

    reporter = browser.new_context(locale="zh-CN").new_page()
    log_in(reporter, live_server.url, "chengguan")
    reporter.goto(project_url)
    reporter.get_by_role("link", name="填报到位资金").click()
    reporter.get_by_label("到位日期").fill("2024-05-01")
    reporter.get_by_label("金额（万元，美元填万美元）").fill("1200")
    reporter.get_by_label("资金类型").select_option(label="项目投资")
    reporter.get_by_label("证明材料", exact=True).set_input_files(str(slip))
    reporter.get_by_role("button", name="提交").click()
    expect(reporter.get_by_text("已填报到位资金，待单位审核")).to_be_visible()
    expect(reporter.get_by_test_id("funds-pending")).to_contain_text("1,200.00 万元")
    expect(reporter.get_by_role("link", name="工行进账单.pdf")).to_be_visible()
    reporter.context.close()

    bureau = browser.new_context(locale="zh-CN").new_page()
    log_in(bureau, live_server.url, "zhaoshangju")
    bureau.goto(project_url)
    bureau.get_by_role("button", name="审核通过").click()
    expect(bureau.get_by_text("已审核，待招商局核实")).to_be_visible()
    bureau.get_by_role("button", name="核实").click()
    expect(bureau.get_by_text("已核实，该笔资金计入到位资金")).to_be_visible()

    row = bureau.locator("tr[data-testid^='fund-entry-']")
    expect(row.locator(".badge")).to_have_text("已核实")
    expect(bureau.get_by_test_id("funds-verified")).to_contain_text("1,200.00 万元")
    expect(bureau.get_by_test_id("funds-pending")).to_contain_text("0.00 万元")
    # Verified entries are locked: no edit button any more.
    expect(row.get_by_role("link", name="修改")).to_have_count(0)
    bureau.context.close()
