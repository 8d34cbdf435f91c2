"""Every page with a purpose is reachable from the menu for some role; the rest
are exempt with a reason. Each role sees only what it may open."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zhaoshang import menu
from zhaoshang.accounts import actions
from zhaoshang.accounts.models import Role
from zhaoshang.targets.factories import PeriodFactory

PERSONAS = ("reporter", "unit_head", "leader", "bureau_user", "admin_user")

# Pages reached from another page rather than from the menu, by what they are.
EXEMPT_SUFFIXES = {
    "_export": "导出的 Excel 文件，由所在列表页的「导出」按钮下载",
    "_template": "导入模板，由导入页下载",
    "_create": "新建表单，由列表页的「新建」按钮进入",
    "_import": "导入页，由所在列表页的「导入」按钮进入",
}
EXEMPT = {
    "login": "登录页，未登录时自动进入",
    "logout": "只接受 POST，在用户菜单中",
    "password_change_done": "修改密码后的结果页",
    "projects:investor_search": "客商选择框的 htmx 搜索片段",
    "projects:fund_verify_bulk": "只接受 POST，由待核实页提交",
    "targets:export_figure_set": "只接受 POST，由外贸出口数据页提交",
    "accounts:token_create": "只接受 POST，由我的账号页提交",
    "todo:funds_decide": "只接受 POST，由待办页提交",
    "todo:nav_counts": "导航栏待办数与未读通知数的 htmx 片段，每页加载后自动获取",
    "todo:notification_read_all": "只接受 POST，由通知页提交",
    "accounts:otp_enrol": "绑定动态口令，由我的账号页进入（管理员与招商局登录时自动进入）",
    "accounts:otp_verify": "登录第二步，输入密码后自动进入",
    "accounts:otp_recovery_codes": "恢复码，由我的账号页进入",
    "accounts:otp_remove": "只接受 POST，由我的账号页提交",
    "rewards:award_approve": "只接受 POST，由奖励测算页提交",
    "rewards:clause_scan": "只接受 POST，由协议条款清理页提交",
    "portal:index": "公开网站，供公众访问，不在登录后的菜单中",
    "portal:progress": "公开网站的进度公开页，由公开网站首页进入",
    "portal:project_list": "公开网站的招商项目，由公开网站首页进入",
    "portal:policy_list": "公开网站的惠商政策，由公开网站首页进入",
    "portal:policy_check": "公开网站的政策匹配，由惠商政策页进入",
    "portal:site_list": "公开网站的载体地图，由公开网站首页进入",
    "portal:inquiry_create": "公开网站的投资意向表，由公开网站首页进入",
    "portal:open_data_index": "公开网站的开放数据，由公开网站首页进入",
}


def _pages(patterns, namespace: str = "") -> set[str]:
    """Names of URLs without parameters (detail and edit pages take an id)."""
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "api":
                continue  # the API has its own documentation (api:openapi-view, linked from 我的账号)
            if pattern.pattern.converters:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _pages(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            names.add(namespace + pattern.name)
    return names


def _exempt(name: str) -> bool:
    return name in EXEMPT or any(name.endswith(suffix) for suffix in EXEMPT_SUFFIXES)


def _navbar_links(html: str) -> set[str]:
    nav = html[html.index("<nav") : html.index("</nav>")]
    return set(re.findall(r'href="([^"#]+)"', nav))


@pytest.fixture
def reachable(request, client_for, county) -> set[str]:
    links: set[str] = set()
    for persona in PERSONAS:
        links |= _navbar_links(client_for(request.getfixturevalue(persona)).get(reverse("home")).content.decode())
    return links


def test_every_page_with_a_purpose_is_in_the_menu_for_some_role(reachable):
    missing = sorted(name for name in _pages(get_resolver().url_patterns) if not _exempt(name) and reverse(name) not in reachable)

    assert not missing, f"不在菜单中，也未说明原因的页面：{missing}"


def test_the_menu_is_grouped_the_way_a_bureau_thinks():
    assert [group.label for group in menu.MENU] == ["项目", "资金", "任务与排名", "活动", "营商环境", "线上招商", "考核奖励", "通报", "系统"]


def test_a_reporter_is_not_shown_the_bureaus_pages(client_for, reporter):
    links = _navbar_links(client_for(reporter).get(reverse("home")).content.decode())

    assert reverse("projects:fund_list") in links
    assert reverse("projects:import_list") in links
    assert reverse("projects:fund_pending") not in links
    assert reverse("projects:duplicate_list") not in links
    assert reverse("accounts:user_list") not in links


def test_a_removed_role_leaves_the_menu_at_the_next_request(client_for, bureau_user, county, admin_user):
    # The rendered menu is shared per set of tests passed, never kept per login.
    client = client_for(bureau_user)
    assert reverse("projects:duplicate_list") in _navbar_links(client.get(reverse("home")).content.decode())
    actions.do_assign_role(bureau_user, Role.REPORTER, county.township, admin_user)
    actions.do_remove_role(bureau_user, bureau_user.roles.get(role=Role.BUREAU), admin_user)

    links = _navbar_links(client.get(reverse("home")).content.decode())
    assert reverse("projects:duplicate_list") not in links
    assert reverse("projects:import_list") in links


def test_a_leader_is_not_offered_the_import(client_for, leader):
    links = _navbar_links(client_for(leader).get(reverse("home")).content.decode())

    assert reverse("projects:import_list") not in links
    assert reverse("dashboard") in links


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_menu_entry_opens_for_the_role_that_is_shown_it(persona, request, client_for, county):
    PeriodFactory(jurisdiction=county.root)  # the rankings page ranks within a period
    client = client_for(request.getfixturevalue(persona))
    links = [link.url for _, group in menu.menu_for(request.getfixturevalue(persona)) for link in group]

    assert {url: client.get(url).status_code for url in links} == dict.fromkeys(links, 200)
