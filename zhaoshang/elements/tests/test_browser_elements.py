"""Issue 17 in a real browser (Debian's chromium): a department's reporter sees the
供地 step it owes on a township's project in its 待办, opens it, completes it with the
approval's number, and the project's predicted start moves earlier."""

from __future__ import annotations


import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhaoshang.core.tests.test_browser import browser  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

PASSWORD = "zhaoshang-test-pw"  # UserFactory's password
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def waiting_project(transactional_db):
    # The live server runs in another thread, so the data must be committed.
    from zhaoshang.accounts.factories import user_with_role
    from zhaoshang.accounts.models import Role
    from zhaoshang.elements import actions
    from zhaoshang.elements.models import StepState
    from zhaoshang.organisation.factories import UnitFactory
    from zhaoshang.organisation.models import UnitKind
    from zhaoshang.projects.factories import ProjectFactory
    from zhaoshang.projects.models import Stage
    from zhaoshang.timelimits.calendar import WorkingCalendar

    root = UnitFactory(name="示范县", kind=UnitKind.COUNTY)
    township = UnitFactory(parent=root, name="城关镇", kind=UnitKind.TOWNSHIP)
    land_bureau = UnitFactory(parent=root, name="县自然资源局", kind=UnitKind.DEPARTMENT)
    reporter = user_with_role(Role.REPORTER, township, username="chengguan")
    user_with_role(Role.REPORTER, land_bureau, username="ziranziyuan")
    project = ProjectFactory(name="新能电池项目", introducing_unit=township, stage=Stage.SIGNED)
    actions.do_generate_steps(project, "new_land", reporter)
    steps = project.element_steps
    steps.filter(code__in=["filing", "land_preselect", "land_approval"]).update(state=StepState.DONE)
    steps.filter(kind="land").update(responsible_unit=land_bureau)
    steps.filter(code="land_supply").update(planned_date=WorkingCalendar().add_working_days(timezone.localdate(), 40))
    return project


def test_a_department_completes_the_step_it_owes_and_the_predicted_start_moves(browser, live_server, waiting_project):
    from zhaoshang.elements.prediction import predict_project

    before = predict_project(waiting_project, timezone.localdate()).start
    page = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("ziranziyuan")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    owed = page.locator("#element_steps")
    expect(owed).to_contain_text("本单位承办的要素环节")
    owed.get_by_role("link", name="「新能电池项目」供地（土地出让）").click()
    expect(page.locator("#predicted-start")).to_contain_text(f"{before:%Y-%m-%d}")
    page.get_by_label("办结依据").fill("清政供地〔2026〕8号")
    page.get_by_role("button", name="办结").click()

    expect(page.get_by_text("已办结")).to_be_visible()
    after = predict_project(waiting_project, timezone.localdate()).start
    assert after < before
    expect(page.locator("#predicted-start")).to_contain_text(f"{after:%Y-%m-%d}")
    expect(page.get_by_text("清政供地〔2026〕8号", exact=True)).to_be_visible()
    # The history says who completed it, in Chinese words.
    expect(page.locator("#history")).to_contain_text("办结依据：（空） → 清政供地〔2026〕8号")
    page.context.close()
