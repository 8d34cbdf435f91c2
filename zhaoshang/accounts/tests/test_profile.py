"""Every login's own page: roles with units, and personal API tokens (the plain
key shown exactly once)."""

from django.urls import reverse

from zhaoshang.accounts.models import ApiToken

PROFILE = reverse("accounts:profile")


def test_the_profile_lists_own_roles_with_units(client_for, reporter):
    content = client_for(reporter).get(PROFILE).content.decode()
    assert "单位填报员" in content
    assert "城关镇" in content


def test_creating_a_token_shows_the_key_once_with_bearer_instructions(client_for, reporter):
    client = client_for(reporter)
    response = client.post(reverse("accounts:token_create"), {"name": "数据对接"})
    key = response.context["new_key"]
    content = response.content.decode()
    assert key.startswith("zs_")
    assert f"Authorization: Bearer {key}" in content
    assert "离开本页后将无法再次查看" in content

    later = client.get(PROFILE).content.decode()
    assert key not in later
    assert "数据对接" in later
    assert key[:10] in later


def test_a_token_without_a_purpose_is_refused(client_for, reporter):
    response = client_for(reporter).post(reverse("accounts:token_create"), {"name": ""})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_profile_lists_only_own_tokens(client_for, reporter, other_reporter):
    ApiToken.objects.create_for(other_reporter, "别人的令牌")
    ApiToken.objects.create_for(reporter, "我的令牌")
    content = client_for(reporter).get(PROFILE).content.decode()
    assert "我的令牌" in content
    assert "别人的令牌" not in content


def test_revoking_an_own_token(client_for, reporter):
    token, _key = ApiToken.objects.create_for(reporter, "数据对接")
    response = client_for(reporter).post(reverse("accounts:token_revoke", args=[token.pk]), follow=True)
    assert "已吊销令牌「数据对接」" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_another_users_token_cannot_be_revoked(client_for, reporter, other_reporter):
    token, _key = ApiToken.objects.create_for(reporter, "数据对接")
    response = client_for(other_reporter).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_token_screens_are_post_only(client_for, reporter):
    token, _key = ApiToken.objects.create_for(reporter, "数据对接")
    client = client_for(reporter)
    assert client.get(reverse("accounts:token_create")).status_code == 405
    assert client.get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 405
