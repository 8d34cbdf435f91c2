"""Forms that respect people's time, in a real browser: a link of the error summary
puts the cursor in its field; a file chosen with a form that failed is kept and
filed on the next submit; the person picker finds people by typing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_browser_project_flow import browser, log_in  # noqa: F401 (the browser fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    # The live server runs in another thread, so the data must be committed.
    from zhaoshang.accounts.factories import user_with_role
    from zhaoshang.accounts.models import Role
    from zhaoshang.organisation.factories import PersonFactory, UnitFactory
    from zhaoshang.organisation.models import UnitKind
    from zhaoshang.projects.factories import ProjectFactory

    root = UnitFactory(name="示范县", kind=UnitKind.COUNTY)
    township = UnitFactory(parent=root, name="城关镇", kind=UnitKind.TOWNSHIP)
    user_with_role(Role.REPORTER, township, username="chengguan")
    PersonFactory(name="李四", post="副镇长", unit=township)
    PersonFactory(name="王五", post="镇长", unit=township)
    return ProjectFactory(name="新能电池生产基地", introducing_unit=township)


def test_an_error_summary_link_puts_the_cursor_in_its_field(browser, live_server, world):
    page = log_in(browser, live_server.url, "chengguan")
    page.goto(f"{live_server.url}/projects/new/")
    page.get_by_role("button", name="保存", exact=True).click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="项目名称：这个字段是必填项。").click()
    expect(page.locator("#id_name")).to_be_focused()
    # The 客商 select gave way to the search box: the link goes there.
    summary.get_by_role("link", name="客商：请从客商库选择客商，或填写新客商名称").click()
    expect(page.get_by_label("客商", exact=True)).to_be_focused()


def test_a_failed_fund_report_keeps_the_bank_slip(browser, live_server, world, tmp_path):
    from django.utils import timezone

    from zhaoshang.projects.factories import PDF_BYTES
    from zhaoshang.projects.models import FundEntry

    slip = tmp_path / "进账单.pdf"
    slip.write_bytes(PDF_BYTES)
    page = log_in(browser, live_server.url, "chengguan")
    page.goto(f"{live_server.url}/projects/{world.pk}/funds/new/")
    page.get_by_label("证明材料", exact=True).set_input_files(str(slip))
    page.get_by_role("button", name="提交").click()  # no amount: refused
    expect(page.locator("[data-error-summary]")).to_contain_text("金额（万元）")
    expect(page.get_by_text("已保留上次选择的「进账单.pdf」，无需重新选择")).to_be_visible()

    page.get_by_label("到位日期").fill(f"{timezone.localdate():%Y-%m-%d}")
    page.get_by_label("金额（万元）").fill("120")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("已填报到位资金，待单位审核")).to_be_visible()
    assert list(FundEntry.objects.get().evidence.values_list("original_name", flat=True)) == ["进账单.pdf"]


def test_the_person_picker_finds_by_typing_and_chooses_with_a_click(browser, live_server, world):
    page = log_in(browser, live_server.url, "chengguan")
    page.goto(f"{live_server.url}/projects/{world.pk}/team/")
    expect(page.locator("select[name='team-0-person']")).to_be_hidden()
    search = page.locator("#id_team-0-person_search")
    search.fill("五")
    results = page.locator("#id_team-0-person_results")
    expect(results.get_by_role("option")).to_have_count(1)
    results.get_by_role("option", name="王五（镇长）").click()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存项目班子")).to_be_visible()
    assert list(world.team.values_list("person__name", flat=True)) == ["王五"]
