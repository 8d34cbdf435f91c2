"""The portal on a phone (390×844) in chromium against the demo county: an
anonymous visitor finds a project, opens a site from the map, sends an inquiry and
follows its private status link; then the unit it was routed to sees it in 待办,
accepts it and finds the new lead project. No network: the map is a plain grid."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from zhaoshang.core.tests.test_browser import PHONE, Watched, browser, demo_county, log_in  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def _tap_menu(page, name: str) -> None:
    page.get_by_role("button", name="展开菜单").click()
    page.get_by_role("link", name=name, exact=True).click()


def test_a_visitor_on_a_phone_sends_an_inquiry_that_the_unit_accepts(browser, live_server, demo_county):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    watched = Watched(context.new_page())
    page = watched.page

    # Find a project by its chain.
    page.goto(f"{live_server.url}/public/")
    expect(page.locator("#portal-county")).to_contain_text("清河县")
    _tap_menu(page, "招商项目")
    page.get_by_label("产业链").select_option("绿色食品")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#projects")).not_to_contain_text("锂电池正极材料项目")
    page.get_by_role("link", name="预制菜中央厨房项目").click()
    expect(page.get_by_role("heading", name="预制菜中央厨房项目")).to_be_visible()
    project_url = page.url

    # Open a site from the map: tap its point.
    _tap_menu(page, "载体地图")
    chart = page.locator("#site-map")
    expect(chart.locator("canvas")).to_be_visible()
    x, y = chart.evaluate(
        """el => {
            const chart = echarts.getInstanceByDom(el);
            const point = chart.getOption().series[0].data.find(p => p.name.startsWith("城关镇食品产业园"));
            return chart.convertToPixel({seriesIndex: 0}, point.value);
        }"""
    )
    box = chart.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page.get_by_role("heading", name="城关镇食品产业园B-07地块")).to_be_visible()

    # Send an inquiry about the project.
    page.goto(project_url)
    page.get_by_role("link", name="我有意向，联系我").click()
    page.get_by_label("企业名称").fill("南方冷链食品有限公司")
    page.get_by_label("投资意向").fill("拟投资建设预制菜生产线")
    page.get_by_label("投资规模").select_option("medium")
    page.get_by_label("联系人").fill("孙女士")
    page.get_by_label("联系电话").fill("13700001234")
    page.get_by_label(re.compile("我已阅读并同意")).check()
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#inquiry-status")).to_contain_text("1个工作日内与您联系")
    status_url = page.url
    assert watched.csp_violations == [] and watched.failed_static == []
    context.close()

    # The unit it was routed to (城关镇) sees it in 待办 and accepts it.
    office = browser.new_context(locale="zh-CN")
    watched = Watched(office.new_page())
    page = watched.page
    log_in(watched, live_server.url, "chengguan")
    page.get_by_role("link", name=re.compile("南方冷链食品有限公司")).click()
    page.get_by_role("button", name="受理").click()
    expect(page.get_by_role("heading", name=re.compile("南方冷链食品有限公司农副食品加工项目"))).to_be_visible()
    page.goto(f"{live_server.url}/projects/?q=南方冷链")
    expect(page.get_by_role("link", name="南方冷链食品有限公司农副食品加工项目")).to_be_visible()
    assert watched.csp_violations == []
    office.close()

    # The inquirer's link now says it was accepted.
    visitor = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = visitor.new_page()
    page.goto(status_url)
    expect(page.locator("#inquiry-status")).to_contain_text("已受理")
    visitor.close()
