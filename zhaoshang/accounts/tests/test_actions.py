"""The accounts actions: validation in Chinese, who-did-it in the history, and
role changes taking effect at once."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from zhaoshang.accounts import access, actions
from zhaoshang.accounts.factories import UserFactory
from zhaoshang.accounts.models import ApiToken, Role, RoleAssignment
from zhaoshang.core.versions import history_version
from zhaoshang.organisation.factories import PersonFactory

GOOD_PASSWORD = "Chengguan-2025-zs"


def test_creating_a_user_records_the_admin_and_never_the_password_hash(admin_user):
    user = actions.do_create_user("lisi", "李四", GOOD_PASSWORD, by=admin_user, email="lisi@example.cn")
    assert user.check_password(GOOD_PASSWORD)
    assert user.is_active
    record = user.history.get()
    assert record.history_type == "+"
    assert record.history_user == admin_user
    assert not hasattr(record, "password")


def test_creating_a_user_refuses_a_weak_password_in_chinese(admin_user):
    with pytest.raises(ValidationError) as caught:
        actions.do_create_user("lisi", "李四", "123", by=admin_user)
    messages = caught.value.message_dict["password"]
    assert "密码太短，至少需要 8 个字符。" in messages
    assert "密码只包含数字。" in messages
    assert not User.objects.filter(username="lisi").exists()


def test_creating_a_user_refuses_a_password_like_the_username(admin_user):
    with pytest.raises(ValidationError) as caught:
        actions.do_create_user("chengguanzhen", "王五", "chengguanzhen1", by=admin_user)
    assert "太相似" in caught.value.message_dict["password"][0]


def test_usernames_are_unique_ignoring_case(admin_user, account):
    with pytest.raises(ValidationError) as caught:
        actions.do_create_user("ZhangSan", "张三", GOOD_PASSWORD, by=admin_user)
    assert caught.value.message_dict["username"] == ["该用户名已被使用"]


def test_a_new_user_can_be_linked_to_a_cadre(admin_user, county):
    person = PersonFactory(unit=county.township, name="赵六")
    user = actions.do_create_user("zhaoliu", "赵六", GOOD_PASSWORD, by=admin_user, person=person)
    person.refresh_from_db()
    assert person.user == user
    assert person.history.first().history_user == admin_user


def test_relinking_moves_the_login_from_one_cadre_to_another(admin_user, account, county):
    first = PersonFactory(unit=county.township, user=account)
    second = PersonFactory(unit=county.township)
    actions.do_update_user(account, name="张三", by=admin_user, person=second, expected_version=history_version(account))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.user is None
    assert second.user == account


def test_a_cadre_with_another_login_cannot_be_linked(admin_user, account, reporter, county):
    taken = PersonFactory(unit=county.township, user=reporter)
    with pytest.raises(ValidationError):
        actions.do_update_user(account, name="张三", by=admin_user, person=taken, expected_version=history_version(account))


def test_editing_a_user_is_in_the_history_with_old_and_new_name(admin_user, account):
    actions.do_update_user(account, name="张三丰", email="", by=admin_user, expected_version=history_version(account))
    latest = account.history.first()
    assert latest.history_user == admin_user
    assert latest.diff_against(latest.prev_record).changed_fields == ["first_name"]


def test_deactivating_records_the_reason(admin_user, account):
    actions.do_set_user_active(account, False, by=admin_user)
    account.refresh_from_db()
    assert not account.is_active
    assert account.history.first().history_change_reason == "停用账号"


def test_reactivating_an_active_user_changes_nothing(admin_user, account):
    before = account.history.count()
    actions.do_set_user_active(account, True, by=admin_user)
    assert account.history.count() == before


def test_an_admin_cannot_deactivate_themselves(admin_user):
    with pytest.raises(ValidationError, match="不能停用自己的账号"):
        actions.do_set_user_active(admin_user, False, by=admin_user)


def test_a_deactivated_user_loses_every_scope(admin_user, account):
    actions.do_set_user_active(account, False, by=admin_user)
    assert access.read_paths(account) == []


def test_assigning_a_role_takes_effect_on_the_same_user_object(admin_user, account, county):
    assert not access.covers(access.read_paths(account), county.other_township.path)
    actions.do_assign_role(account, Role.REPORTER, county.other_township, by=admin_user)
    assert access.covers(access.write_paths(account), county.other_township.path)


def test_assigning_a_role_is_recorded_with_the_admin(admin_user, account, county):
    assignment = actions.do_assign_role(account, Role.UNIT_HEAD, county.township, by=admin_user)
    assert assignment.history.get().history_user == admin_user


def test_the_same_role_on_the_same_unit_cannot_be_given_twice(admin_user, account, county):
    with pytest.raises(ValidationError, match="该账号已有「单位填报员 · 城关镇」角色"):
        actions.do_assign_role(account, Role.REPORTER, county.township, by=admin_user)


def test_a_role_on_a_disabled_unit_is_refused(admin_user, account, county):
    county.other_township.is_active = False
    county.other_township.save()
    with pytest.raises(ValidationError):
        actions.do_assign_role(account, Role.REPORTER, county.other_township, by=admin_user)


def test_removing_a_role_takes_effect_at_once_and_is_recorded(admin_user, account, county):
    assert access.write_paths(account) == [county.township.path]
    assignment = RoleAssignment.objects.get(user=account)
    actions.do_remove_role(account, assignment, by=admin_user)
    assert access.write_paths(account) == []
    deleted = RoleAssignment.history.filter(user_id=account.pk, history_type="-").get()
    assert deleted.history_user == admin_user


def test_resetting_a_password_validates_and_records_the_reason(admin_user, account):
    with pytest.raises(ValidationError):
        actions.do_reset_password(account, "short", by=admin_user)
    actions.do_reset_password(account, GOOD_PASSWORD, by=admin_user)
    account.refresh_from_db()
    assert account.check_password(GOOD_PASSWORD)
    assert account.history.first().history_change_reason == "重置密码"


def test_a_token_is_stored_only_as_a_hash(reporter):
    token, key = actions.do_create_token(reporter, "数据对接")
    assert key.startswith("zs_") and len(key) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.key_hash, stored.prefix)
    assert key.startswith(stored.prefix)


def test_a_token_needs_a_purpose(reporter):
    with pytest.raises(ValidationError):
        actions.do_create_token(reporter, "   ")


def test_revoking_a_token_deletes_it_and_is_recorded(reporter):
    token, _key = actions.do_create_token(reporter, "数据对接")
    actions.do_revoke_token(token, reporter)
    assert not ApiToken.objects.exists()
    assert ApiToken.history.filter(history_type="-").get().history_user == reporter


def test_logging_in_does_not_add_an_empty_history_entry(account, client):
    before = account.history.count()
    client.post("/login/", {"username": "zhangsan", "password": "zhaoshang-test-pw"})
    account.refresh_from_db()
    assert account.last_login is not None
    assert account.history.count() == before


@pytest.mark.parametrize("active", [True, False])
def test_set_active_is_idempotent(admin_user, active):
    user = UserFactory(is_active=active)
    actions.do_set_user_active(user, active, by=admin_user)
    user.refresh_from_db()
    assert user.is_active is active
