"""Logging in: Chinese messages, and a username locked from an address after five
failures until it cools off or an admin lifts the lock."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from .conftest import PASSWORD

LOCKED = 429


def attempt(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture
def locked(account):
    """zhangsan after LOGIN_FAILURE_LIMIT wrong passwords; returns the last response."""
    client = Client()
    responses = [attempt(client, "zhangsan", f"wrong-{n}") for n in range(settings.LOGIN_FAILURE_LIMIT)]
    return responses


def test_the_right_password_logs_in(account):
    response = attempt(Client(), "zhangsan", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_wrong_password_is_refused_in_chinese(account):
    response = attempt(Client(), "zhangsan", "wrong")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_a_deactivated_login_cannot_log_in(account):
    account.is_active = False
    account.save()
    response = attempt(Client(), "zhangsan", PASSWORD)
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_the_login_page_is_chinese(db):
    content = Client().get(reverse("login")).content.decode()
    assert "登录招商引资管理平台" in content
    assert 'lang="zh-hans"' in content


def test_four_failures_do_not_lock(account):
    client = Client()
    for n in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert attempt(client, "zhangsan", f"wrong-{n}").status_code == 200
    assert attempt(client, "zhangsan", PASSWORD).status_code == 302


def test_five_failures_lock_the_username_with_a_chinese_page(locked):
    last = locked[-1]
    assert last.status_code == LOCKED
    assert "该账号已被暂时锁定" in last.content.decode()


def test_a_locked_username_refuses_even_the_right_password(locked):
    client = Client()
    response = attempt(client, "zhangsan", PASSWORD)
    assert response.status_code == LOCKED
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username(locked, reporter):
    assert attempt(Client(), "reporter", PASSWORD).status_code == 302


def test_an_admin_sees_the_lock_and_can_lift_it(locked, account, admin_client):
    page = admin_client.get(reverse("accounts:user_detail", args=[account.pk])).content.decode()
    assert "已锁定" in page
    assert "解除锁定" in page

    response = admin_client.post(reverse("accounts:user_unlock", args=[account.pk]), follow=True)
    assert "已解除「zhangsan」的登录锁定" in response.content.decode()
    assert attempt(Client(), "zhangsan", PASSWORD).status_code == 302


def test_unlocking_a_login_without_failures_says_so(account, admin_client):
    response = admin_client.post(reverse("accounts:user_unlock", args=[account.pk]), follow=True)
    assert "没有登录失败记录" in response.content.decode()


def test_a_password_reset_by_the_admin_also_lifts_the_lock(locked, account, admin_client):
    new_password = "Hekou-2025-touzi"
    admin_client.post(reverse("accounts:user_password", args=[account.pk]), {"password": new_password, "password2": new_password})
    assert attempt(Client(), "zhangsan", new_password).status_code == 302


def test_unlock_is_a_post(account, admin_client):
    assert admin_client.get(reverse("accounts:user_unlock", args=[account.pk])).status_code == 405


def test_password_change_errors_are_chinese(account, client_for):
    response = client_for(account).post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "1234", "new_password2": "1234"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "旧密码不正确" in content
    assert "密码太短，至少需要 8 个字符" in content
    assert "这个密码太常见了" in content
    assert "密码只包含数字" in content
    assert "This password" not in content
