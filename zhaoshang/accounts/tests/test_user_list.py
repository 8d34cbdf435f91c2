"""The admin's user list: search, filters, sort, pages, and an Excel export of
exactly the filtered rows."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhaoshang.accounts.factories import UserFactory, user_with_role
from zhaoshang.accounts.models import Role
from zhaoshang.organisation.factories import PersonFactory, UnitFactory

URL = reverse("accounts:user_list")
EXPORT = reverse("accounts:user_export")


def usernames(response) -> list[str]:
    return [u.username for u in response.context["page"]]


def exported(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def staff(county, admin_user, reporter, other_reporter, unit_head, bureau_user):
    """A village under 城关镇 with its own reporter, and a deactivated login."""
    village = UnitFactory(parent=county.township, name="东村")
    user_with_role(Role.REPORTER, village, username="village", first_name="村填报员")
    UserFactory(username="retired", first_name="退休干部", is_active=False)
    return village


def test_lists_every_login_sorted_by_username(staff, admin_client):
    response = admin_client.get(URL)
    assert usernames(response) == sorted(["admin", "bureau", "other_reporter", "reporter", "retired", "unit_head", "village"])


def test_search_matches_username_name_and_linked_cadre(staff, admin_client, reporter, county):
    PersonFactory(unit=county.township, name="刘备", user=reporter)
    assert usernames(admin_client.get(URL, {"q": "village"})) == ["village"]
    assert usernames(admin_client.get(URL, {"q": "退休"})) == ["retired"]
    assert usernames(admin_client.get(URL, {"q": "刘备"})) == ["reporter"]


def test_filter_by_role(staff, admin_client):
    assert usernames(admin_client.get(URL, {"role": Role.REPORTER})) == ["other_reporter", "reporter", "village"]


def test_filter_by_unit_includes_its_subtree(staff, admin_client, county):
    response = admin_client.get(URL, {"unit": county.township.pk})
    assert usernames(response) == ["reporter", "unit_head", "village"]


def test_role_and_unit_filters_apply_to_the_same_assignment(staff, admin_client, county):
    response = admin_client.get(URL, {"unit": county.township.pk, "role": Role.UNIT_HEAD})
    assert usernames(response) == ["unit_head"]


def test_filter_by_status(staff, admin_client):
    assert usernames(admin_client.get(URL, {"active": "0"})) == ["retired"]


def test_sort_by_name_descending(staff, admin_client):
    names = [u.first_name for u in admin_client.get(URL, {"sort": "-name"}).context["page"]]
    assert names == sorted(names, reverse=True)


def test_an_unknown_sort_falls_back_to_username(staff, admin_client):
    response = admin_client.get(URL, {"sort": "password"})
    assert response.status_code == 200
    assert usernames(response)[0] == "admin"


def test_pages_hold_page_size_rows_and_keep_the_filter(staff, admin_client, settings):
    settings.PAGE_SIZE = 2
    first = admin_client.get(URL, {"role": Role.REPORTER})
    second = admin_client.get(URL, {"role": Role.REPORTER, "page": 2})
    assert usernames(first) == ["other_reporter", "reporter"]
    assert usernames(second) == ["village"]
    assert "role=reporter&amp;page=2" in first.content.decode()


def test_the_page_shows_roles_status_and_chinese_headers(staff, admin_client):
    content = admin_client.get(URL).content.decode()
    assert "单位填报员 · 城关镇" in content
    assert "已停用" in content
    assert "导出 Excel" in content


def test_the_list_does_not_query_per_row(county, admin_client, django_assert_max_num_queries):
    for _n in range(15):
        PersonFactory(unit=county.township, user=user_with_role(Role.REPORTER, county.township))
    with django_assert_max_num_queries(7):
        response = admin_client.get(URL)
    assert len(response.context["page"]) == 16


def test_export_holds_exactly_the_filtered_rows_across_pages(staff, admin_client, settings):
    settings.PAGE_SIZE = 1
    response = admin_client.get(EXPORT, {"role": Role.REPORTER, "page": 2})
    rows = exported(response)
    assert rows[0][:5] == ["用户名", "姓名", "电子邮箱", "关联人员", "角色"]
    assert [row[0] for row in rows[1:]] == ["other_reporter", "reporter", "village"]
    assert rows[3][4] == "单位填报员 · 东村"
    assert rows[3][5] == "启用"
    assert "attachment" in response["Content-Disposition"]


def test_export_link_carries_the_filter(staff, admin_client):
    content = admin_client.get(URL, {"q": "村"}).content.decode()
    assert f'href="{EXPORT}?q=%E6%9D%91"' in content


def test_a_stale_unit_filter_drops_only_that_filter(staff, admin_client):
    response = admin_client.get(URL, {"unit": 999_999, "active": "0"})
    assert response.status_code == 200
    assert usernames(response) == ["retired"]
