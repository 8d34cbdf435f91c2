"""登录日志: every attempt, right or wrong, with time, username, address, browser and
reason; an admin-only screen with filters, pages and an Excel export of exactly the
filtered rows."""

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zhaoshang.accounts.models import LoginEvent, LoginOutcome

from .conftest import PASSWORD

URL = reverse("accounts:login_log")
EXPORT = reverse("accounts:login_log_export")
BROWSER = "Mozilla/5.0 (Windows NT 10.0) 测试浏览器"


def log_in(username: str, password: str, address: str = "192.0.2.10"):
    return Client(REMOTE_ADDR=address).post(reverse("login"), {"username": username, "password": password}, headers={"User-Agent": BROWSER})


def rows(response) -> list[tuple[str, str]]:
    return [(e.username, e.outcome) for e in response.context["page"]]


@pytest.fixture
def attempts(account):
    """zhangsan: a wrong password, then the right one; somebody tries a login
    that doesn't exist; zhangsan's login is deactivated and tried again."""
    log_in("zhangsan", "wrong", "192.0.2.10")
    log_in("zhangsan", PASSWORD, "192.0.2.10")
    log_in("ghost", "guess", "198.51.100.3")
    account.is_active = False
    account.save()
    log_in("zhangsan", PASSWORD, "192.0.2.11")


def test_every_attempt_is_recorded_with_address_browser_and_reason(attempts, account):
    events = list(LoginEvent.objects.order_by("pk").values_list("username", "address", "user_agent", "outcome", "user"))
    assert events == [
        ("zhangsan", "192.0.2.10", BROWSER, LoginOutcome.BAD_PASSWORD, account.pk),
        ("zhangsan", "192.0.2.10", BROWSER, LoginOutcome.SUCCESS, account.pk),
        ("ghost", "198.51.100.3", BROWSER, LoginOutcome.UNKNOWN_USER, None),
        ("zhangsan", "192.0.2.11", BROWSER, LoginOutcome.INACTIVE, account.pk),
    ]


def test_the_admin_sees_the_newest_first_in_chinese(attempts, admin_client):
    response = admin_client.get(URL)
    content = response.content.decode()
    assert rows(response)[0] == ("zhangsan", LoginOutcome.INACTIVE)
    for text in ("登录日志", "账号已停用", "用户名不存在", "密码错误", "登录成功", "198.51.100.3", "测试浏览器"):
        assert text in content


def test_filters_by_result_and_search(attempts, admin_client):
    assert rows(admin_client.get(URL, {"result": "1"})) == [("zhangsan", LoginOutcome.SUCCESS)]
    assert rows(admin_client.get(URL, {"q": "198.51"})) == [("ghost", LoginOutcome.UNKNOWN_USER)]
    assert len(rows(admin_client.get(URL, {"result": "0", "q": "zhangsan"}))) == 2
    assert rows(admin_client.get(URL, {"outcome": LoginOutcome.BAD_PASSWORD})) == [("zhangsan", LoginOutcome.BAD_PASSWORD)]


def test_filters_by_dates(account, admin_client):
    old = LoginEvent.objects.create(username="zhangsan", outcome=LoginOutcome.SUCCESS)
    LoginEvent.objects.filter(pk=old.pk).update(time=timezone.now() - timedelta(days=40))
    LoginEvent.objects.create(username="zhangsan", outcome=LoginOutcome.BAD_PASSWORD)
    since = (timezone.localdate() - timedelta(days=7)).isoformat()

    assert rows(admin_client.get(URL, {"start": since})) == [("zhangsan", LoginOutcome.BAD_PASSWORD)]
    until = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert rows(admin_client.get(URL, {"end": until})) == [("zhangsan", LoginOutcome.SUCCESS)]


def test_a_bad_filter_value_is_ignored(attempts, admin_client):
    assert len(rows(admin_client.get(URL, {"start": "yesterday", "outcome": "nonsense"}))) == 4


def test_pages_hold_page_size_events_in_few_queries(settings, db, admin_client, django_assert_max_num_queries):
    settings.PAGE_SIZE = 10
    LoginEvent.objects.bulk_create(LoginEvent(username=f"user{n}", outcome=LoginOutcome.BAD_PASSWORD) for n in range(25))
    with django_assert_max_num_queries(6):
        response = admin_client.get(URL, {"page": 3})
    assert len(rows(response)) == 5
    assert "第 3 / 3 页，共 25 条" in response.content.decode()


def test_the_export_holds_exactly_the_filtered_rows(attempts, admin_client):
    response = admin_client.get(EXPORT, {"result": "0"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert table[0] == ["时间", "用户名", "结果", "成败", "地址", "浏览器", "说明"]
    assert [(row[1], row[2], row[3]) for row in table[1:]] == [
        ("zhangsan", "账号已停用", "失败"),
        ("ghost", "用户名不存在", "失败"),
        ("zhangsan", "密码错误", "失败"),
    ]


def test_the_menu_links_the_log_for_admins_only(client_for, admin_user, bureau_user):
    assert URL in client_for(admin_user).get(reverse("home")).content.decode()
    assert URL not in client_for(bureau_user).get(reverse("home")).content.decode()
