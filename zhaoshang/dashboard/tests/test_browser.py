"""The bureau in a real browser (Debian's chromium, never a downloaded one): opens
the dashboard of the demo county, clicks a ranking row and a funnel stage of the
ECharts funnel, and lands on the matching filtered project list."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhaoshang.core.tests.test_browser import Watched, browser, demo_county, log_in  # noqa: F401  (fixtures)
from zhaoshang.projects.models import Project

pytestmark = pytest.mark.browser


def test_the_bureau_drills_down_from_the_dashboard(browser, live_server, demo_county):
    context = browser.new_context(locale="zh-CN")
    watched = Watched(context.new_page())
    page = watched.page
    log_in(watched, live_server.url, "zsj")
    # The home page is 待办; the dashboard is one click away.
    page.get_by_role("link", name="数据看板").click()

    # The ECharts funnel is drawn, and its stages carry their list URLs.
    funnel = page.locator("#funnel-chart")
    expect(funnel.locator("canvas")).to_have_count(1)
    urls = funnel.evaluate("el => JSON.parse(el.dataset.urls)")
    assert "reached=started" in urls[3]

    # A ranking row: the unit's projects of the period.
    row = page.locator("[data-ranking-unit]").first
    unit_id = row.get_attribute("data-ranking-unit")
    row.click()
    page.wait_for_url("**/projects/?**")
    assert f"unit={unit_id}" in page.url
    expect(page.locator("#id_unit")).to_have_value(unit_id)

    # The 开工 stage of the funnel, clicked through the chart's own handler.
    page.go_back()
    page.locator("#funnel-chart").evaluate("el => el.zsOpen(3)")
    page.wait_for_url("**reached=started**")
    expect(page.locator("#id_reached")).to_have_value("started")
    assert watched.csp_violations == []
    assert watched.failed_static == []
    context.close()


def test_the_chart_click_itself_navigates(browser, live_server, demo_county):
    context = browser.new_context(locale="zh-CN")
    watched = Watched(context.new_page())
    page = watched.page
    log_in(watched, live_server.url, "zsj")
    # The home page is 待办; the dashboard is one click away.
    page.get_by_role("link", name="数据看板").click()
    canvas = page.locator("#funnel-chart canvas")
    # The cards above may push the chart below the window: a mouse click needs it in view.
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    # The first stage (洽谈): the top band of the funnel, which ECharts draws
    # between 60px from the top and 60px from the bottom in six bands.
    band = (box["height"] - 120) / 6
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 60 + band / 2)
    page.wait_for_url("**reached=negotiating**")
    context.close()


def test_a_stored_industry_is_shown_as_text_in_the_chart_tooltip(browser, live_server, demo_county):
    """Stored text reaches the ECharts tooltip, which takes HTML: escaped, it stays text."""
    hostile = '<img src=x onerror="document.title=1">新材料'
    Project.objects.update(industry=hostile)
    context = browser.new_context(locale="zh-CN")
    watched = Watched(context.new_page())
    page = watched.page
    log_in(watched, live_server.url, "zsj")
    page.get_by_role("link", name="数据看板").click()

    chart = page.locator("#breakdown-industry")
    expect(chart.locator("canvas")).to_have_count(1)
    chart.evaluate("el => echarts.getInstanceByDom(el).dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0})")

    tooltip = chart.locator("div", has_text="新材料").last
    expect(tooltip).to_contain_text(hostile)
    assert chart.locator("img").count() == 0
    assert watched.csp_violations == []
    context.close()
