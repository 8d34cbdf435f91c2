"""In a real browser (Debian's chromium): the bureau opens a reward rule's edit
form and saves it untouched — nothing changes; then edits a band and tries the
rule on a project, whose steps show the new rate; and the tax-linked rule's
enable button is refused with the regulation cited."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from zhaoshang.core.tests.test_browser import browser  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

PASSWORD = "zhaoshang-test-pw"  # UserFactory's password


@pytest.fixture
def rewards_world(transactional_db):
    from zhaoshang.accounts.factories import user_with_role
    from zhaoshang.accounts.models import Role
    from zhaoshang.organisation.factories import UnitFactory
    from zhaoshang.organisation.models import UnitKind
    from zhaoshang.projects.factories import ProjectFactory
    from zhaoshang.projects.models import Stage
    from zhaoshang.rewards.calculator import Base
    from zhaoshang.rewards.factories import FinderFactory, FinderShareFactory, RewardRuleFactory

    root = UnitFactory(name="示范县", kind=UnitKind.COUNTY)
    township = UnitFactory(parent=root, name="城关镇", kind=UnitKind.TOWNSHIP)
    user_with_role(Role.BUREAU, root, username="zsj")
    project = ProjectFactory(
        name="新材料项目", introducing_unit=township, stage=Stage.SIGNED, total_investment=15_000_000, signed_on=date(2025, 3, 1)
    )
    FinderShareFactory(project=project, finder=FinderFactory(name="张三", registered_on=date(2025, 1, 10)))
    rule = RewardRuleFactory(code="fixed", name="固定资产投资引荐奖励", cap=1_000_000)
    tax = RewardRuleFactory(code="tax", name="地方留成税收奖励", base=Base.LOCAL_TAX)
    return rule, tax, project


def test_rule_form_round_trip_trial_and_gate(browser, live_server, rewards_world):
    from zhaoshang.rewards.models import RewardRule

    rule, tax, project = rewards_world
    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("zsj")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    before = (rule.version, rule.history.count())
    page.goto(f"{live_server.url}/rewards/rules/{rule.pk}/edit/")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("body")).to_contain_text("没有修改任何内容，未保存")
    rule.refresh_from_db()
    assert (rule.version, rule.history.count()) == before

    page.goto(f"{live_server.url}/rewards/rules/{rule.pk}/edit/")
    page.get_by_label("费率分档").fill("0 3\n1000 6")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("body")).to_contain_text("已保存")
    assert RewardRule.objects.get(pk=rule.pk).bands[1] == {"start": 10_000_000, "rate_bp": 60}

    page.goto(f"{live_server.url}/rewards/trial/?rule={rule.pk}&project={project.pk}&as_of=2025-06-01")
    # 1,000万 × 3‰ = 30,000; 500万 × 6‰ = 30,000
    expect(page.locator("#steps")).to_contain_text("5,000,000元 × 6‰")
    expect(page.locator("#steps")).to_contain_text("60,000")

    page.goto(f"{live_server.url}/rewards/rules/{tax.pk}/")
    page.get_by_role("button", name="启用").click()
    expect(page.locator("body")).to_contain_text("《公平竞争审查条例》（2024年8月1日起施行）")
    assert RewardRule.objects.get(pk=tax.pk).status == "draft"
