"""The navigation menu, grouped the way a bureau thinks (项目, 资金, 任务与排名,
活动, 营商环境, 线上招商, 考核奖励, 通报, 系统). Each entry names its page and who may open it, with the same
predicate the page's view enforces, so nobody is shown a link that answers 403.
base.html shows `menu_html(user)`; core/tests/test_menu.py checks that every
page with a purpose is reachable from here for some role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString

from zhaoshang.accounts import access
from zhaoshang.catalogues.access import can_manage_lists
from zhaoshang.projects.access import can_import


def everyone(user) -> bool:
    return True


def bureau(user) -> bool:
    return access.is_bureau(user) or access.is_admin(user)


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    allowed: Callable[[object], bool] = everyone
    args: tuple = ()


@dataclass(frozen=True)
class Group:
    label: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Link:
    label: str
    url: str


MENU: tuple[Group, ...] = (
    Group(
        "项目",
        (
            Entry("项目库", "projects:project_list"),
            Entry("客商库", "projects:investor_list"),
            Entry("问题清单", "projects:obstacle_board"),
            Entry("产业链", "chains:chain_list"),
            Entry("产业链目标企业", "chains:target_list"),
            Entry("产业链季度报告", "chains:report_list"),
            Entry("要素环节", "elements:step_list"),
            Entry("要素问题", "elements:problem_list"),
            Entry("要素保障统计", "elements:figures"),
            Entry("重复研判", "projects:duplicate_list", bureau),
            Entry("导入", "projects:import_list", can_import),
        ),
    ),
    Group(
        "资金",
        (
            Entry("到位资金", "projects:fund_list"),
            Entry("待核实", "projects:fund_pending", bureau),
        ),
    ),
    Group(
        "任务与排名",
        (
            Entry("数据看板", "dashboard"),
            Entry("任务", "targets:target_list"),
            Entry("考核期间", "targets:period_list"),
            Entry("外贸出口数据", "targets:export_figures"),
            Entry("排名", "metrics:rankings"),
            Entry("预警", "alerts:alert_center"),
            Entry("竞赛", "campaigns:campaign_list"),
        ),
    ),
    Group(
        "活动",
        (
            Entry("外出招商", "activities:trip_list"),
            Entry("客商来访", "activities:visit_list"),
            Entry("推介会/洽谈会", "activities:event_list"),
            Entry("驻点招商组", "activities:membership_list"),
            Entry("宣传报道", "activities:publicity_list"),
            Entry("招商活跃指数", "activities:index_ranking"),
        ),
    ),
    Group(
        "营商环境",
        (
            Entry("诉求与客商投诉", "cases:case_list"),
            Entry("政务服务办件", "service:item_list"),
            Entry("承诺兑现", "service:commitment_list"),
            Entry("营商环境排名", "service:ranking"),
        ),
    ),
    Group(
        "线上招商",
        (
            Entry("投资意向", "portal_admin:inquiry_list"),
            Entry("线上招商漏斗", "portal_admin:inquiry_funnel"),
            Entry("招商项目", "portal_admin:content_list", bureau, ("projects",)),
            Entry("惠商政策", "portal_admin:content_list", bureau, ("policies",)),
            Entry("载体", "portal_admin:content_list", bureau, ("sites",)),
        ),
    ),
    Group(
        "考核奖励",
        (
            Entry("考核方案", "assessment:scheme_list"),
            Entry("考核分组", "assessment:group_list", bureau),
            Entry("弄虚作假认定", "assessment:falsified_list", bureau),
            Entry("奖励规则", "rewards:rule_list"),
            Entry("奖励测算", "rewards:trial"),
            Entry("奖励台账", "rewards:ledger"),
            Entry("引荐人名录", "rewards:finder_list"),
            Entry("协议条款清理", "rewards:clause_list"),
        ),
    ),
    Group(
        "通报",
        (
            Entry("月度通报", "reports:circular_list"),
            Entry("进度公开", "disclosures:disclosure_list", bureau),
        ),
    ),
    Group(
        "系统",
        (
            Entry("单位", "organisation:unit_tree"),
            Entry("赛区", "organisation:division_list"),
            Entry("人员", "organisation:person_list"),
            Entry("用户与角色", "accounts:user_list", access.is_admin),
            Entry("登录日志", "accounts:login_log", access.is_admin),
            Entry("时限标准", "timelimits:policy_list"),
            Entry("工作日历", "timelimits:calendar"),
            Entry("行业名录", "catalogues:industry_list", can_manage_lists),
            Entry("来源地区名录", "catalogues:region_list", can_manage_lists),
            Entry("要素环节模板", "elements:template_list"),
            Entry("亩均效益标准", "elements:threshold_list", bureau),
        ),
    ),
)


# The distinct tests the entries use: a menu is fixed by which of them the user passes.
TESTS = frozenset(entry.allowed for group in MENU for entry in group.entries)

Menu = tuple[tuple[str, tuple[Link, ...]], ...]


def _passed(user) -> frozenset[Callable[[object], bool]]:
    return frozenset(test for test in TESTS if test(user))


def menu_for(user) -> Menu:
    """The groups with the entries this user may open; a group left empty is dropped."""
    return _menu(_passed(user))


def menu_html(user) -> SafeString:
    """base.html's menu for this user. It holds nothing but these links, so everyone
    who passes the same tests shares it: rendered once per process for each (a change
    to the template shows after a restart)."""
    return _menu_html(_passed(user), get_script_prefix())


def _menu(passed: frozenset[Callable[[object], bool]]) -> Menu:
    groups = []
    for group in MENU:
        links = tuple(Link(entry.label, reverse(entry.url_name, args=entry.args)) for entry in group.entries if entry.allowed in passed)
        if links:
            groups.append((group.label, links))
    return tuple(groups)


# The script prefix is part of the key because reverse() puts it in front of every URL.
@lru_cache(maxsize=64)
def _menu_html(passed: frozenset[Callable[[object], bool]], script_prefix: str) -> SafeString:
    return render_to_string("base.html#menu", {"nav_menu": _menu(passed)})
