"""The chain map in a real browser, on a small world (not the demo county): the
lead unit's reporter opens the map, clicks a segment in the ECharts tree, and the
drill-down beside it lists the segment's enterprise, project and target company."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhaoshang.accounts.factories import user_with_role
from zhaoshang.accounts.models import Role
from zhaoshang.chains import actions
from zhaoshang.chains.factories import TargetFactory, make_chain, segment
from zhaoshang.core.tests.test_browser import Watched, browser  # noqa: F401  (fixture)
from zhaoshang.projects.factories import InvestorFactory, ProjectFactory

pytestmark = pytest.mark.browser

# Where a node of the map is on the page: its symbol's bounding box through the
# transforms of the tree, from the chart the page drew.
NODE_CENTRE = """(name) => {
  const chart = echarts.getInstanceByDom(document.getElementById("chain-map"));
  const data = chart.getModel().getSeriesByIndex(0).getData();
  for (let i = 0; i < data.count(); i++) {
    if (data.getName(i) !== name) continue;
    const el = data.getItemGraphicEl(i);
    const rect = el.getBoundingRect().clone();
    rect.applyTransform(el.getComputedTransform());
    return [rect.x + rect.width / 2, rect.y + rect.height / 2];
  }
  return null;
}"""


def test_clicking_a_link_on_the_map_lists_its_enterprises_projects_and_targets(browser, live_server, transactional_db, county):
    user = user_with_role(Role.REPORTER, county.department, username="lead")
    chain = make_chain(county.root, "新能源电池", lead_unit=county.department)
    cell = segment(chain, "电芯制造")
    actions.do_attach(cell, user, investor=InvestorFactory(name="本地电芯有限公司"), is_local_above_size=True)
    actions.do_attach(cell, user, project=ProjectFactory(name="电芯二期项目", introducing_unit=county.department))
    TargetFactory(link=cell, name="远方锂电股份有限公司", owner_unit=county.department)

    context = browser.new_context(locale="zh-CN")
    watched = Watched(context.new_page())
    page = watched.page
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("lead")
    page.get_by_label("密码").fill("zhaoshang-test-pw")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/chains/{chain.pk}/map/")
    expect(page.get_by_test_id("drill")).to_contain_text("请点击")
    page.wait_for_function("() => window.echarts && echarts.getInstanceByDom(document.getElementById('chain-map'))")
    page.wait_for_timeout(800)  # the tree's entry animation
    x, y = page.evaluate(NODE_CENTRE, "电芯制造")
    box = page.locator("#chain-map").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)

    drill = page.get_by_test_id("link-drill")
    expect(drill).to_contain_text("电芯制造")
    expect(drill).to_contain_text("薄弱")
    expect(drill.get_by_test_id("enterprises")).to_contain_text("本地电芯有限公司")
    expect(drill.get_by_test_id("projects")).to_contain_text("电芯二期项目")
    expect(drill.get_by_test_id("targets")).to_contain_text("远方锂电股份有限公司")
    assert watched.csp_violations == [] and watched.failed_static == []
    context.close()
