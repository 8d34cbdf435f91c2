"""/api/v1/me and the two ways into the API: a Bearer token (no CSRF: there is
no cookie to forge with) and the browser session (CSRF required on writes)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhaoshang.accounts.models import ApiToken

ME = reverse("api:me")
TOKENS = reverse("api:me_tokens")


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def key(reporter) -> str:
    _token, plain = ApiToken.objects.create_for(reporter, "脚本")
    return plain


def test_me_describes_the_user_and_roles_with_units(client_for, reporter, county):
    body = client_for(reporter).get(ME).json()
    assert body == {
        "id": reporter.pk,
        "username": "reporter",
        "name": reporter.first_name,
        "is_admin": False,
        "roles": [{"role": "reporter", "role_display": "单位填报员", "unit_id": county.township.pk, "unit_name": "城关镇"}],
    }


def test_me_marks_the_admin(client_for, admin_user):
    assert client_for(admin_user).get(ME).json()["is_admin"] is True


def test_a_bearer_token_authenticates_and_records_its_use(key, reporter):
    response = Client().get(ME, headers=bearer(key))
    assert response.status_code == 200
    assert response.json()["username"] == "reporter"
    assert ApiToken.objects.get().last_used is not None


def test_a_token_used_again_within_the_minute_is_not_written_again(key, reporter):
    Client().get(ME, headers=bearer(key))
    first = ApiToken.objects.get().last_used
    with CaptureQueriesContext(connection) as captured:
        Client().get(ME, headers=bearer(key))
    assert not [q for q in captured if q["sql"].startswith("UPDATE")]
    assert ApiToken.objects.get().last_used == first
    ApiToken.objects.update(last_used=first - timedelta(minutes=2))
    Client().get(ME, headers=bearer(key))
    assert ApiToken.objects.get().last_used > first


def test_a_bearer_token_sees_only_its_users_scope(key, county):
    response = Client().get(reverse("api:unit_detail", args=[county.other_township.pk]), headers=bearer(key))
    assert response.status_code == 404


def test_a_wrong_token_gets_401(key):
    assert Client().get(ME, headers=bearer(key + "x")).status_code == 401


def test_a_revoked_token_gets_401(key, client_for, reporter):
    token = ApiToken.objects.get()
    assert Client().get(ME, headers=bearer(key)).status_code == 200
    client_for(reporter).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert Client().get(ME, headers=bearer(key)).status_code == 401


def test_an_inactive_users_token_gets_401(key, reporter):
    reporter.is_active = False
    reporter.save()
    assert Client().get(ME, headers=bearer(key)).status_code == 401


def test_a_token_can_write_without_csrf(key, strict_client):
    response = strict_client.post(TOKENS, {"name": "第二个"}, content_type="application/json", headers=bearer(key))
    assert response.status_code == 201
    assert response.json()["key"].startswith("zs_")


def test_a_session_write_without_csrf_is_refused(strict_client, reporter):
    strict_client.force_login(reporter)
    response = strict_client.post(TOKENS, {"name": "伪造"}, content_type="application/json")
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_a_session_write_with_csrf_is_accepted(strict_client, reporter):
    strict_client.force_login(reporter)
    strict_client.get(reverse("accounts:profile"))  # sets the CSRF cookie, as the browser's page load does
    csrf = strict_client.cookies["csrftoken"].value
    response = strict_client.post(TOKENS, {"name": "页面创建"}, content_type="application/json", headers={"X-CSRFToken": csrf})
    assert response.status_code == 201


def test_a_session_read_needs_no_csrf(strict_client, reporter):
    strict_client.force_login(reporter)
    assert strict_client.get(ME).status_code == 200


def test_creating_a_token_needs_a_purpose(client_for, reporter):
    response = client_for(reporter).post(TOKENS, {"name": " "}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == [{"field": "name", "message": "请填写令牌用途"}]
    assert not ApiToken.objects.filter(user=reporter).exists()


def test_listing_tokens_never_returns_keys(key, client_for, reporter):
    body = client_for(reporter).get(TOKENS).json()
    assert [t["name"] for t in body] == ["脚本"]
    assert "key" not in body[0]
    assert key not in str(body)


def test_deleting_an_own_token(key, client_for, reporter):
    token = ApiToken.objects.get()
    response = client_for(reporter).delete(reverse("api:me_token", args=[token.pk]))
    assert response.status_code == 204
    assert Client().get(ME, headers=bearer(key)).status_code == 401


def test_another_users_token_cannot_be_deleted(key, client_for, other_reporter):
    token = ApiToken.objects.get()
    assert client_for(other_reporter).delete(reverse("api:me_token", args=[token.pk])).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_a_wrong_token_on_a_write_gets_401_not_a_csrf_error(key, strict_client):
    response = strict_client.post(TOKENS, {"name": "x"}, content_type="application/json", headers=bearer("zs_nope"))
    assert response.status_code == 401
