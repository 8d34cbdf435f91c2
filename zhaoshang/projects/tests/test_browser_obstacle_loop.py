"""The obstacle loop in a real browser on the demo county (issue 11.3): 城关镇 raises
a problem for the 经信局; the bureau marks it in progress from the board's row
control; the department writes a note and escalates it to the 县长, who gives a
批示; the department proposes 销号 with evidence; 城关镇 confirms. Each person's
待办 count falls once their step is done."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page, expect

from zhaoshang.core.tests.test_browser import Watched, browser, demo_county, log_in  # noqa: F401  (fixtures)
from zhaoshang.organisation.models import Person, Unit
from zhaoshang.projects import actions
from zhaoshang.projects.factories import PDF_BYTES, ProjectFactory
from zhaoshang.projects.models import Obstacle, ObstacleCategory, ObstacleStatus

pytestmark = pytest.mark.browser

NAME = "浏览器闭环项目"


def todo_count(page: Page) -> int:
    badge = page.locator("#nav-todo-count[data-count]")
    expect(badge).to_have_count(1)
    return int(badge.get_attribute("data-count"))


def open_todo(page: Page) -> None:
    page.locator(".navbar-brand").click()
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()


def as_user(browser, live_server, username: str) -> tuple[Page, int]:
    """A fresh session of `username` on the 待办 page, with its count."""
    watched = Watched(browser.new_context(locale="zh-CN").new_page())
    log_in(watched, live_server.url, username)
    return watched.page, todo_count(watched.page)


def open_item(page: Page, section: str) -> None:
    page.locator(f"#{section}").get_by_role("link", name=re.compile(NAME)).click()
    expect(page.locator("#project-basics")).to_contain_text(NAME)


def test_the_obstacle_loop_across_the_units_the_bureau_and_a_leader(browser, live_server, demo_county):
    township, department = Unit.objects.get(name="城关镇"), Unit.objects.get(name="县经济和信息化局")
    governor = Person.objects.get(user__username="xianzhang")
    obstacle = actions.do_add_obstacle(
        ProjectFactory(introducing_unit=township, name=NAME),
        {
            "category": ObstacleCategory.UTILITIES,
            "description": "供电线路未接入",
            "responsible_unit": department,
            "deadline": timezone.localdate() + timedelta(days=10),
        },
        User.objects.get(username="chengguan"),
    )

    # The bureau: the board's row control (htmx) marks it in progress.
    page, _ = as_user(browser, live_server, "zsj")
    page.goto(f"{live_server.url}/projects/obstacles/?q={NAME}")
    row = page.get_by_test_id(f"obstacle-{obstacle.pk}")
    row.get_by_label("改为").select_option(label="办理中")
    row.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id(f"obstacle-{obstacle.pk}").get_by_test_id("status")).to_have_text("办理中")

    # The department: opens the obstacle from 待办 (not the project), notes, escalates.
    page, before = as_user(browser, live_server, "jingxin")
    open_item(page, "assigned_obstacles")
    expect(page.get_by_role("link", name="打开项目")).to_have_count(0)
    page.get_by_label("办理情况").fill("已约供电公司现场踏勘，线路需跨越县道")
    page.get_by_role("button", name="记录办理情况").click()
    expect(page.get_by_test_id("note")).to_contain_text("线路需跨越县道")
    page.get_by_label("上报领导").select_option(str(governor.pk))
    page.get_by_label("上报说明").fill("跨越县道须交通部门审批，请县长协调")
    page.get_by_role("button", name="上报领导").click()
    expect(page.get_by_test_id("obstacle-status")).to_have_text("已上报")
    open_todo(page)
    assert todo_count(page) == before - 1

    # The leader: gives his 批示 from his 待办.
    page, before = as_user(browser, live_server, "xianzhang")
    open_item(page, "escalated_obstacles")
    page.get_by_label("批示内容").fill("请交通运输局三日内办结审批，特事特办")
    page.get_by_role("button", name="批示").click()
    expect(page.get_by_test_id("instruction")).to_contain_text("特事特办")
    open_todo(page)
    assert todo_count(page) == before - 1

    # The department again: works as instructed, proposes 销号 with evidence.
    page, before = as_user(browser, live_server, "jingxin")
    open_item(page, "assigned_obstacles")
    page.get_by_label("办理结果").fill("线路已接通并验收")
    page.locator("#proposal_evidence").set_input_files(files=[{"name": "接电验收单.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}])
    page.get_by_role("button", name="提交销号申请").click()
    expect(page.get_by_test_id("obstacle-status")).to_have_text("待确认销号")
    open_todo(page)
    assert todo_count(page) == before - 1

    # The project's unit confirms: only now is it closed.
    page, before = as_user(browser, live_server, "chengguan")
    open_item(page, "closures_to_confirm")
    expect(page.get_by_role("link", name="接电验收单.pdf")).to_be_visible()
    page.locator("#status").get_by_label("改为").select_option(label="确认销号")
    page.locator("#status").get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("obstacle-status")).to_have_text("已销号")
    open_todo(page)
    assert todo_count(page) == before - 1

    obstacle = Obstacle.objects.get(pk=obstacle.pk)
    assert (obstacle.status, obstacle.instructed_by) == (ObstacleStatus.RESOLVED, governor)
    assert [n.kind for n in obstacle.notes.all()] == ["note", "escalation", "instruction", "proposal", "closed"]
