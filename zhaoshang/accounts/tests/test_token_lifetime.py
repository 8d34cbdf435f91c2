"""API tokens expire (API_TOKEN_DAYS, default 90, shown on 我的账号) and die with
the password: any change of it, on any path, revokes every token of the login."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from zhaoshang.accounts import actions
from zhaoshang.accounts.models import ApiToken
from zhaoshang.core.versions import history_version

from .conftest import PASSWORD

ME = reverse("api:me")
NEW_PASSWORD = "Chengguan-2026-touzi"
START = timezone.now().replace(microsecond=0)


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def key(account) -> str:
    _token, plain = ApiToken.objects.create_for(account, "脚本")
    return plain


def test_a_token_expires_after_ninety_days_by_default(account):
    with freeze_time(START):
        token, key = ApiToken.objects.create_for(account, "脚本")
    assert token.expires == START + timedelta(days=90)
    with freeze_time(START + timedelta(days=89, hours=23)):
        assert Client().get(ME, headers=bearer(key)).status_code == 200
    with freeze_time(START + timedelta(days=90, seconds=1)):
        assert Client().get(ME, headers=bearer(key)).status_code == 401


def test_the_lifetime_is_a_setting(settings, account):
    settings.API_TOKEN_DAYS = 7
    with freeze_time(START):
        token, _key = ApiToken.objects.create_for(account, "脚本")
    assert token.expires == START + timedelta(days=7)


def test_the_profile_shows_when_each_token_expires_and_which_have(account, client_for):
    with freeze_time(START - timedelta(days=100)):
        ApiToken.objects.create_for(account, "旧脚本")
    ApiToken.objects.create_for(account, "新脚本")
    content = client_for(account).get(reverse("accounts:profile")).content.decode()
    assert "到期时间" in content
    assert timezone.localtime(START + timedelta(days=90)).strftime("%Y-%m-%d") in content
    assert content.count("已过期") == 1
    assert "90 天后到期" in content


def test_the_api_lists_the_expiry(key, client_for, account):
    body = client_for(account).get(reverse("api:me_tokens")).json()
    assert body[0]["expires"]


def test_changing_ones_own_password_revokes_every_token(key, account, client_for):
    response = client_for(account).post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=account).exists()
    assert Client().get(ME, headers=bearer(key)).status_code == 401


def test_an_admins_password_reset_revokes_every_token(key, account, admin_user):
    actions.do_reset_password(account, NEW_PASSWORD, by=admin_user)
    assert Client().get(ME, headers=bearer(key)).status_code == 401


def test_the_changepassword_command_revokes_every_token(key, account, monkeypatch):
    # changepassword reads the password twice from the terminal.
    answers = iter([NEW_PASSWORD, NEW_PASSWORD])
    monkeypatch.setattr("django.contrib.auth.management.commands.changepassword.getpass.getpass", lambda prompt="": next(answers))
    call_command("changepassword", "zhangsan", stdout=StringIO())
    assert not ApiToken.objects.filter(user=account).exists()


def test_revocation_is_in_the_tokens_history(key, account, admin_user):
    actions.do_reset_password(account, NEW_PASSWORD, by=admin_user)
    deleted = ApiToken.history.get(history_type="-")
    assert deleted.history_change_reason == "修改密码，令牌作废"


def test_other_changes_to_the_login_keep_its_tokens(key, account, admin_user, client_for):
    actions.do_update_user(account, name="张三丰", by=admin_user, expected_version=history_version(account))
    Client().post(reverse("login"), {"username": "zhangsan", "password": PASSWORD})
    assert Client().get(ME, headers=bearer(key)).status_code == 200


def test_other_users_tokens_are_kept(key, account, reporter, admin_user):
    _token, other_key = ApiToken.objects.create_for(reporter, "脚本")
    actions.do_reset_password(account, NEW_PASSWORD, by=admin_user)
    assert Client().get(ME, headers=bearer(other_key)).status_code == 200


# --- The public demo password ---------------------------------------------------------


def test_the_admin_cannot_create_a_login_with_the_demo_password(admin_client):
    response = admin_client.post(
        reverse("accounts:user_create"),
        {"username": "lisi", "name": "李四", "password": "zhaoshang2026", "password2": "zhaoshang2026"},
    )
    assert "这是公开的演示密码，不能用作正式密码" in response.content.decode()
    assert not User.objects.filter(username="lisi").exists()


def test_the_admin_cannot_reset_a_password_to_the_demo_password(account, admin_client):
    response = admin_client.post(reverse("accounts:user_password", args=[account.pk]), {"password": "zhaoshang2026", "password2": "zhaoshang2026"})
    assert "公开的演示密码" in response.content.decode()
    account.refresh_from_db()
    assert account.check_password(PASSWORD)


def test_nobody_can_change_their_password_to_the_demo_password(account, client_for):
    response = client_for(account).post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "ZhaoShang2026", "new_password2": "ZhaoShang2026"},
    )
    assert "公开的演示密码" in response.content.decode()
    account.refresh_from_db()
    assert account.check_password(PASSWORD)


def test_the_changepassword_command_refuses_the_demo_password(account, monkeypatch):
    monkeypatch.setattr("django.contrib.auth.management.commands.changepassword.getpass.getpass", lambda prompt="": "zhaoshang2026")
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("changepassword", "zhangsan", stdout=StringIO(), stderr=errors)
    account.refresh_from_db()
    assert account.check_password(PASSWORD)


def test_setting_the_demo_password_in_code_is_refused_on_save(account):
    # A shell or a script that skips the validators meets the same refusal.
    account.set_password("zhaoshang2026")
    with pytest.raises(ValidationError, match="公开的演示密码"):
        account.save()


def test_the_demo_logins_keep_the_demo_password(db):
    from zhaoshang import demo

    demo.build()
    assert User.objects.get(username="admin").check_password(demo.DEMO_PASSWORD)
