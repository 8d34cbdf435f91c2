from django.test import Client
from django.urls import reverse

from zhaoshang.accounts.models import ApiToken
from zhaoshang.organisation.factories import PersonFactory, UnitFactory
from zhaoshang.organisation.models import Unit, UnitKind


def test_unit_list_is_paginated_and_filtered(county, client_for, bureau_user, settings):
    response = client_for(bureau_user).get(reverse("api:unit_list"), {"q": "镇", "page_size": 1})

    body = response.json()
    assert body["count"] == 2
    assert [u["name"] for u in body["items"]] == ["城关镇"]


def test_unit_list_within_a_subtree(county, client_for, bureau_user):
    UnitFactory(parent=county.township, name="城关镇招商组", kind=UnitKind.SECTION)

    body = client_for(bureau_user).get(reverse("api:unit_list"), {"within": county.township.pk}).json()

    assert [u["name"] for u in body["items"]] == ["城关镇", "城关镇招商组"]


def test_bearer_token_creates_a_unit_without_csrf(county, bureau_user):
    _, key = ApiToken.objects.create_for(bureau_user, "同步")
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("api:unit_create"),
        {"parent_id": county.township.pk, "name": "城关镇招商组", "kind": "section"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )

    assert response.status_code == 201
    unit = Unit.objects.get(pk=response.json()["id"])
    assert unit.history.get().history_user == bureau_user


def test_session_writes_need_the_csrf_token(county, bureau_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bureau_user)

    response = client.patch(
        reverse("api:unit_update", args=[county.township.pk]), {"name": "城关街道", "version": 1}, content_type="application/json"
    )

    assert response.status_code == 403
    county.township.refresh_from_db()
    assert county.township.name == "城关镇"


def test_refusals_come_back_with_the_chinese_message(county, client_for, bureau_user):
    UnitFactory(parent=county.township, name="城关镇招商组", kind=UnitKind.SECTION)

    response = client_for(bureau_user).post(reverse("api:unit_deactivate", args=[county.township.pk]))

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "__all__"
    assert "还有启用的下级单位" in error["message"]
    county.township.refresh_from_db()
    assert county.township.is_active


def test_move_through_the_api(county, client_for, bureau_user):
    leaf = UnitFactory(parent=county.township, name="组", kind=UnitKind.SECTION)

    response = client_for(bureau_user).post(
        reverse("api:unit_move", args=[leaf.pk]), {"parent_id": county.other_township.pk}, content_type="application/json"
    )

    assert response.status_code == 200
    assert Unit.objects.get_parent(Unit.objects.get(pk=leaf.pk)) == county.other_township


def test_division_update_sets_members(county, client_for, bureau_user):
    division = county.township.division

    response = client_for(bureau_user).patch(
        reverse("api:division_update", args=[division.pk]),
        {"member_ids": [county.department.pk], "default_quota": 1, "version": division.version},
        content_type="application/json",
    )

    assert response.json()["member_ids"] == [county.department.pk]
    assert response.json()["default_quota"] == 1


def test_person_phones_are_masked_for_readers_who_may_not_edit(county, client_for, reporting_leader):
    PersonFactory(unit=county.township, name="本镇干部", phone="13811112222")
    PersonFactory(unit=county.other_township, name="外镇干部", phone="13933334444")

    items = client_for(reporting_leader).get(reverse("api:person_list")).json()["items"]

    assert {p["name"]: p["phone"] for p in items} == {"本镇干部": "13811112222", "外镇干部": "139****4444"}


def test_person_filters_match_the_screen(county, client_for, bureau_user):
    PersonFactory(unit=county.root, name="王县长", leader_body="government")
    PersonFactory(unit=county.township, name="李镇长", is_active=False)

    client = client_for(bureau_user)
    leaders = client.get(reverse("api:person_list"), {"leader_body": "any"}).json()["items"]
    inactive = client.get(reverse("api:person_list"), {"active": "false"}).json()["items"]

    assert [p["name"] for p in leaders] == ["王县长"]
    assert [p["name"] for p in inactive] == ["李镇长"]


def test_invalid_unit_kind_is_refused(county, client_for, bureau_user):
    response = client_for(bureau_user).post(
        reverse("api:unit_create"), {"parent_id": county.township.pk, "name": "x", "kind": "alien"}, content_type="application/json"
    )

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "kind"
    assert error["message"].startswith("单位类型无效，可选：")
    assert not Unit.objects.filter(name="x").exists()


def test_an_invalid_phone_is_a_field_error(county, client_for, bureau_user):
    response = client_for(bureau_user).post(
        reverse("api:person_create"), {"name": "张三", "unit_id": county.township.pk, "phone": "abc"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [{"field": "phone", "message": "请输入有效的电话号码（数字，可含 - 和空格）"}]


def test_an_invalid_leader_body_filter_is_a_field_error(county, client_for, bureau_user):
    response = client_for(bureau_user).get(reverse("api:person_list"), {"leader_body": "council"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "leader_body"


def test_division_members_out_of_scope_are_a_field_error(county, client_for, reporter, bureau_user):
    hidden = UnitFactory(name="外县", kind=UnitKind.COUNTY)
    division = county.township.division
    members = set(division.units.values_list("pk", flat=True))

    response = client_for(bureau_user).patch(
        reverse("api:division_update", args=[division.pk]),
        {"member_ids": [hidden.pk], "version": division.version},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [{"field": "member_ids", "message": "部分成员单位不存在或无权查看"}]
    assert set(division.units.values_list("pk", flat=True)) == members


def test_a_unit_user_managing_the_tree_is_refused_in_chinese(county, client_for, reporter):
    response = client_for(reporter).patch(
        reverse("api:unit_update", args=[county.township.pk]), {"name": "城关街道", "version": 1}, content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "无权执行该操作"}
