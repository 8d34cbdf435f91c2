"""Creating and editing logins, switching them off and on, roles, password resets,
and the user page with its history."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from zhaoshang.accounts.models import Role, RoleAssignment
from zhaoshang.core.versions import history_version
from zhaoshang.organisation.factories import PersonFactory

GOOD_PASSWORD = "Chengguan-2025-zs"


def detail(account) -> str:
    return reverse("accounts:user_detail", args=[account.pk])


def test_an_admin_creates_a_login_linked_to_a_cadre(admin_client, county):
    person = PersonFactory(unit=county.township, name="王五")
    response = admin_client.post(
        reverse("accounts:user_create"),
        {"username": "wangwu", "name": "王五", "email": "", "person": person.pk, "password": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )
    user = User.objects.get(username="wangwu")
    assert response.status_code == 302
    assert response["Location"] == detail(user)
    assert user.first_name == "王五"
    assert user.person == person


def test_creating_with_a_weak_password_shows_chinese_errors_and_creates_nothing(admin_client):
    response = admin_client.post(
        reverse("accounts:user_create"),
        {"username": "wangwu", "name": "王五", "password": "123", "password2": "123"},
    )
    assert response.status_code == 200
    assert "密码太短，至少需要 8 个字符。" in response.content.decode()
    assert not User.objects.filter(username="wangwu").exists()


def test_creating_with_mismatched_passwords_is_refused(admin_client):
    response = admin_client.post(
        reverse("accounts:user_create"),
        {"username": "wangwu", "name": "王五", "password": GOOD_PASSWORD, "password2": GOOD_PASSWORD + "x"},
    )
    assert "两次输入的密码不一致" in response.content.decode()
    assert not User.objects.filter(username="wangwu").exists()


def test_creating_a_taken_username_is_refused(admin_client, account):
    response = admin_client.post(
        reverse("accounts:user_create"),
        {"username": "zhangsan", "name": "另一个张三", "password": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )
    assert "该用户名已被使用" in response.content.decode()


def test_the_create_form_offers_only_cadres_without_a_login(admin_client, county, reporter):
    PersonFactory(unit=county.township, name="有账号的人", user=reporter)
    PersonFactory(unit=county.township, name="没账号的人")
    content = admin_client.get(reverse("accounts:user_create")).content.decode()
    assert "没账号的人" in content
    assert "有账号的人" not in content


def test_editing_changes_name_and_email(admin_client, account):
    response = admin_client.post(
        reverse("accounts:user_edit", args=[account.pk]), {"name": "张三丰", "email": "zs@example.cn", "version": history_version(account)}
    )
    account.refresh_from_db()
    assert response.status_code == 302
    assert (account.first_name, account.email) == ("张三丰", "zs@example.cn")


def test_the_edit_form_starts_from_the_current_values(admin_client, account):
    content = admin_client.get(reverse("accounts:user_edit", args=[account.pk])).content.decode()
    assert 'value="张三"' in content


def test_deactivating_and_reactivating(admin_client, account):
    url = reverse("accounts:user_set_active", args=[account.pk])
    admin_client.post(url, {"active": "0"})
    account.refresh_from_db()
    assert not account.is_active
    response = admin_client.post(url, {"active": "1"}, follow=True)
    account.refresh_from_db()
    assert account.is_active
    assert "已启用账号「zhangsan」" in response.content.decode()


def test_an_admin_is_told_they_cannot_deactivate_themselves(admin_client, admin_user):
    response = admin_client.post(reverse("accounts:user_set_active", args=[admin_user.pk]), {"active": "0"}, follow=True)
    admin_user.refresh_from_db()
    assert admin_user.is_active
    assert "不能停用自己的账号" in response.content.decode()


def test_a_deactivated_user_is_logged_out_of_existing_sessions(admin_client, account, client_for):
    session = client_for(account)
    assert session.get(reverse("home")).status_code == 200
    admin_client.post(reverse("accounts:user_set_active", args=[account.pk]), {"active": "0"})
    assert session.get(reverse("home")).status_code == 302


def test_the_set_active_screen_is_post_only(admin_client, account):
    assert admin_client.get(reverse("accounts:user_set_active", args=[account.pk])).status_code == 405


def test_assigning_a_role_with_htmx_returns_the_roles_card(admin_client, account, county):
    response = admin_client.post(
        reverse("accounts:role_assign", args=[account.pk]),
        {"role": Role.UNIT_HEAD, "unit": county.other_township.pk},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div class="card mb-3" id="roles">')
    assert "单位负责人 · 河口镇" in content
    assert "<html" not in content
    assert RoleAssignment.objects.filter(user=account, role=Role.UNIT_HEAD, unit=county.other_township).exists()


def test_assigning_a_duplicate_role_shows_the_error_in_the_card(admin_client, account, county):
    response = admin_client.post(
        reverse("accounts:role_assign", args=[account.pk]),
        {"role": Role.REPORTER, "unit": county.township.pk},
        headers={"HX-Request": "true"},
    )
    assert "该账号已有「单位填报员 · 城关镇」角色" in response.content.decode()
    assert RoleAssignment.objects.filter(user=account).count() == 1


def test_assigning_without_a_unit_is_refused_without_htmx(admin_client, account):
    response = admin_client.post(reverse("accounts:role_assign", args=[account.pk]), {"role": Role.REPORTER})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()


def test_removing_a_role(admin_client, account):
    assignment = RoleAssignment.objects.get(user=account)
    response = admin_client.post(reverse("accounts:role_remove", args=[account.pk, assignment.pk]))
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=account).exists()


def test_a_role_of_another_user_cannot_be_removed_through_this_user(admin_client, account, reporter):
    other = RoleAssignment.objects.get(user=reporter)
    response = admin_client.post(reverse("accounts:role_remove", args=[account.pk, other.pk]))
    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=other.pk).exists()


def test_resetting_a_password(admin_client, account):
    response = admin_client.post(reverse("accounts:user_password", args=[account.pk]), {"password": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    account.refresh_from_db()
    assert response.status_code == 302
    assert account.check_password(GOOD_PASSWORD)


def test_a_weak_reset_password_is_refused(admin_client, account):
    response = admin_client.post(reverse("accounts:user_password", args=[account.pk]), {"password": "zhangsan", "password2": "zhangsan"})
    account.refresh_from_db()
    assert "太相似" in response.content.decode()
    assert account.check_password("zhaoshang-test-pw")


def test_the_user_page_shows_roles_cadre_and_chinese_history(admin_client, admin_user, account, county):
    person = PersonFactory(unit=county.township, name="张三", post="副镇长", user=account)
    admin_client.post(reverse("accounts:role_assign", args=[account.pk]), {"role": Role.UNIT_HEAD, "unit": county.township.pk})
    admin_client.post(
        reverse("accounts:user_edit", args=[account.pk]), {"name": "张三丰", "email": "", "person": person.pk, "version": history_version(account)}
    )
    admin_client.post(reverse("accounts:user_set_active", args=[account.pk]), {"active": "0"})

    content = admin_client.get(detail(account)).content.decode()
    assert "单位负责人 · 城关镇" in content
    assert "张三（副镇长）" in content
    assert "授予角色" in content
    assert "（无） → 单位负责人 · 城关镇" in content
    assert "张三 → 张三丰" in content
    assert "停用账号" in content
    assert "pbkdf2" not in content and "md5$" not in content


def test_the_user_page_lists_token_creation_without_the_key(admin_client, account, client_for):
    response = client_for(account).post(reverse("accounts:token_create"), {"name": "报表脚本"})
    key = response.context["new_key"]
    content = admin_client.get(detail(account)).content.decode()
    assert "创建 API 令牌" in content
    assert "报表脚本" in content
    assert key not in content


@pytest.mark.parametrize("name", ["user_create", "user_list"])
def test_bureau_staff_are_refused_user_management(name, client_for, bureau_user):
    response = client_for(bureau_user).get(reverse(f"accounts:{name}"))
    assert response.status_code == 403
    assert "无权操作" in response.content.decode()


def test_an_admin_by_role_may_manage_users(county, client_for):
    from zhaoshang.accounts.factories import user_with_role

    role_admin = user_with_role(Role.ADMIN, county.root, username="role_admin")
    assert client_for(role_admin).get(reverse("accounts:user_list")).status_code == 200


def test_editing_without_a_cadre_unlinks_the_previous_one(admin_client, account, county):
    person = PersonFactory(unit=county.township, user=account)
    admin_client.post(reverse("accounts:user_edit", args=[account.pk]), {"name": "张三", "email": "", "version": history_version(account)})
    person.refresh_from_db()
    assert person.user is None
