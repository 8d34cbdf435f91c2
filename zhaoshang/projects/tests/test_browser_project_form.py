"""The project create form in a real browser (Debian's chromium, never a downloaded
one): the 客商 picker searches as the user types and fills the investor; 「添加一行」
clones the formset's empty form and 「移除」 drops a row; a 60/40 joint split is saved."""

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
    from zhaoshang.projects.factories import InvestorFactory

    root = UnitFactory(name="示范县", kind=UnitKind.COUNTY)
    township = UnitFactory(parent=root, name="城关镇", kind=UnitKind.TOWNSHIP)
    UnitFactory(parent=root, name="河口镇", kind=UnitKind.TOWNSHIP)
    UnitFactory(parent=root, name="县经信局", kind=UnitKind.DEPARTMENT)
    user_with_role(Role.REPORTER, township, username="chengguan")
    PersonFactory(name="李四", post="副镇长", unit=township)
    InvestorFactory(name="厦门冷链有限公司")
    return InvestorFactory(name="深圳新能科技有限公司")


def test_a_reporter_picks_the_investor_adds_two_credit_rows_and_saves_a_60_40_split(browser, live_server, world):
    from zhaoshang.projects.models import Project

    page = log_in(browser, live_server.url, "chengguan")
    page.goto(f"{live_server.url}/projects/new/")
    page.get_by_label("项目名称").fill("新能电池生产基地")

    # The picker replaced the select: typing searches (debounced), a click chooses.
    search = page.get_by_label("客商", exact=True)
    expect(page.locator("select#id_investor_select")).to_be_hidden()
    with page.expect_response(lambda r: "/investors/search/" in r.url):
        search.press_sequentially("新能")
    page.get_by_role("option", name="深圳新能科技有限公司").click()
    expect(page.get_by_text("已选：深圳新能科技有限公司")).to_be_visible()
    expect(page.get_by_role("option", name="厦门冷链有限公司")).to_have_count(0)

    page.get_by_label("项目类别").select_option(label="工业")
    page.get_by_label("总投资（万元）").fill("50000")
    page.get_by_label("引进单位").select_option(label="城关镇")

    credits = page.locator("#credits-formset")
    total = page.locator("input[name='credits-TOTAL_FORMS']")
    expect(total).to_have_value("1")
    credits.get_by_role("button", name="添加一行").click()
    credits.get_by_role("button", name="添加一行").click()
    expect(total).to_have_value("3")
    # The blank first row is filled by mistake, then removed.
    page.locator("select[name='credits-0-unit']").select_option(label="县经信局")
    credits.locator("[data-formset-row]").first.get_by_role("button", name="移除").click()
    expect(page.locator("select[name='credits-0-unit']")).to_be_hidden()
    page.locator("select[name='credits-1-unit']").select_option(label="城关镇")
    page.locator("input[name='credits-1-share']").fill("60")
    page.locator("select[name='credits-2-unit']").select_option(label="河口镇")
    page.locator("input[name='credits-2-share']").fill("40")

    team = page.locator("#team-formset")
    team.get_by_role("button", name="添加一行").click()
    expect(page.locator("input[name='team-TOTAL_FORMS']")).to_have_value("2")
    # The person picker: typing part of the name lists the match, a click chooses it.
    page.locator("#id_team-1-person_search").fill("李四")
    team.get_by_role("option", name="李四（副镇长）").click()
    expect(team.locator(".badge", has_text="李四（副镇长）")).to_be_visible()
    page.locator("select[name='team-1-role']").select_option(label="跟踪服务")

    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("已新增项目「新能电池生产基地」")).to_be_visible()

    project = Project.objects.get(name="新能电池生产基地")
    assert project.investor == world
    assert dict(project.credits.values_list("unit__name", "share_bp")) == {"城关镇": 6000, "河口镇": 4000}
    assert list(project.team.values_list("person__name", "role")) == [("李四", "tracker")]
    page.context.close()
