"""Issue 3's whole flow in a real browser (Debian's chromium, never a downloaded one):
a township reporter creates a project through the create form, records the signing
through the stage form (date, amount, contract PDF) and reports a fund entry with a
bank slip — on a phone-sized screen; the unit head approves it; the bureau verifies
it; the project page then shows it as 已核实 in the verified total."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from zhaoshang.projects.factories import PDF_BYTES

from zhaoshang.core.tests.test_browser import browser  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

PASSWORD = "zhaoshang-test-pw"  # UserFactory's password
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def files(transactional_db, settings, tmp_path) -> tuple[Path, Path]:
    # The live server runs in another thread, so the data must be committed.
    from zhaoshang.accounts.factories import user_with_role
    from zhaoshang.accounts.models import Role
    from zhaoshang.organisation.factories import UnitFactory
    from zhaoshang.organisation.models import UnitKind

    settings.MEDIA_ROOT = tmp_path / "media"
    root = UnitFactory(name="示范县", kind=UnitKind.COUNTY)
    township = UnitFactory(parent=root, name="城关镇", kind=UnitKind.TOWNSHIP)
    user_with_role(Role.REPORTER, township, username="chengguan")
    user_with_role(Role.UNIT_HEAD, township, username="chengguan_head")
    user_with_role(Role.BUREAU, root, username="zhaoshangju")
    contract, slip = tmp_path / "正式合同.pdf", tmp_path / "工行进账单.pdf"
    contract.write_bytes(PDF_BYTES)
    slip.write_bytes(PDF_BYTES)
    return contract, slip


def log_in(browser: Browser, base_url: str, username: str, **options) -> Page:
    page = browser.new_context(locale="zh-CN", **options).new_page()
    page.goto(f"{base_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="您好")).to_be_visible()
    return page


def test_a_project_goes_from_the_create_form_to_verified_funds(browser, live_server, files):
    from zhaoshang.projects.models import FundStatus, Project, Stage

    contract, slip = files
    today = timezone.localdate()

    def days_ago(n: int) -> date:
        return today - timedelta(days=n)

    # The reporter works on a phone.
    reporter = log_in(browser, live_server.url, "chengguan", viewport=PHONE)
    reporter.goto(f"{live_server.url}/projects/new/")
    reporter.get_by_label("项目名称").fill("新能电池生产基地")
    reporter.get_by_label("新客商名称").fill("深圳新能科技有限公司")
    reporter.get_by_label("新客商类型").select_option(label="民营")
    reporter.get_by_label("项目类别").select_option(label="工业")
    reporter.get_by_label("总投资（万元）").fill("50000")
    reporter.get_by_label("引进单位").select_option(label="城关镇")
    reporter.get_by_label("当前阶段").select_option(label="洽谈")
    reporter.get_by_label("线索/洽谈日期").fill(f"{days_ago(60):%Y-%m-%d}")
    reporter.get_by_role("button", name="保存").click()
    expect(reporter.get_by_text("已新增项目「新能电池生产基地」")).to_be_visible()
    project = Project.objects.get(name="新能电池生产基地")
    assert project.stage == Stage.NEGOTIATING

    reporter.get_by_role("link", name="登记阶段").click()
    # htmx swaps in the target stage's own evidence fields; wait for it before typing.
    with reporter.expect_response(lambda r: "/stage/?" in r.url):
        reporter.get_by_label("登记阶段").select_option(label="落地")
    expect(reporter.get_by_label("项目公司统一社会信用代码")).to_be_visible()
    with reporter.expect_response(lambda r: "/stage/?" in r.url):
        reporter.get_by_label("登记阶段").select_option(label="签约")
    expect(reporter.get_by_label("项目公司统一社会信用代码")).to_have_count(0)
    reporter.get_by_label("合同签订日期").fill(f"{days_ago(30):%Y-%m-%d}")
    reporter.get_by_label("合同金额（万元）").fill("30000")
    reporter.get_by_label("正式合同").set_input_files(str(contract))
    reporter.get_by_role("button", name="登记", exact=True).click()
    expect(reporter.get_by_text("已登记「签约」")).to_be_visible()
    expect(reporter.locator("#timeline")).to_contain_text(f"{days_ago(30):%Y-%m-%d}")
    expect(reporter.locator("#timeline")).to_contain_text("正式合同.pdf")

    reporter.get_by_role("link", name="填报到位资金").click()
    reporter.get_by_label("到位日期").fill(f"{days_ago(10):%Y-%m-%d}")
    reporter.get_by_label("金额（万元）").fill("1200")
    reporter.get_by_label("资金类型").select_option(label="项目投资")
    reporter.get_by_label("证明材料", exact=True).set_input_files(str(slip))
    reporter.get_by_role("button", name="提交").click()
    expect(reporter.get_by_text("已填报到位资金，待单位审核")).to_be_visible()
    expect(reporter.get_by_test_id("funds-pending")).to_contain_text("1,200.00 万元")
    expect(reporter.get_by_role("link", name="工行进账单.pdf")).to_be_visible()
    # A reporter cannot approve their own unit's entry.
    expect(reporter.get_by_role("button", name="审核通过")).to_have_count(0)
    reporter.context.close()

    project_url = f"{live_server.url}/projects/{project.pk}/"
    head = log_in(browser, live_server.url, "chengguan_head")
    head.goto(project_url)
    expect(head.get_by_role("button", name="核实", exact=True)).to_have_count(0)
    head.get_by_role("button", name="审核通过").click()
    expect(head.get_by_text("已审核，待招商局核实")).to_be_visible()
    head.context.close()

    bureau = log_in(browser, live_server.url, "zhaoshangju")
    bureau.goto(project_url)
    bureau.get_by_role("button", name="核实", exact=True).click()
    expect(bureau.get_by_text("已核实，该笔资金计入到位资金")).to_be_visible()
    assert bureau.url.startswith(project_url)
    row = bureau.locator("tr[data-testid^='fund-entry-']")
    expect(row.locator(".badge")).to_have_text("已核实")
    expect(bureau.get_by_test_id("funds-verified")).to_contain_text("1,200.00 万元")
    expect(bureau.get_by_test_id("funds-pending")).to_contain_text("0.00 万元")
    # Verified entries are locked: no edit button any more.
    expect(row.get_by_role("link", name="修改")).to_have_count(0)
    bureau.context.close()

    entry = project.fund_entries.get()
    assert (entry.status, entry.amount, entry.evidence.count()) == (FundStatus.VERIFIED, 12_000_000, 1)
