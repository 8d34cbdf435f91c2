"""The plausible ranges of core/ranges.py, and the shapes the API refuses before
any action runs: what schemathesis found once, pinned so it stays fixed."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhaoshang.core import ranges
from zhaoshang.projects.factories import ProjectFactory


@pytest.mark.parametrize(
    ("validate", "value"),
    [
        (ranges.validate_date, dt.date(1900, 1, 1)),
        (ranges.validate_date, dt.date(1989, 12, 31)),
        (ranges.validate_date, dt.date(timezone.localdate().year + ranges.PLANNED_YEARS_AHEAD + 1, 1, 1)),
        (ranges.validate_amount, 10**15),
        (ranges.validate_amount, -(10**13) - 1),
        (ranges.validate_year, 0),
        (ranges.validate_year, 1999),
        (ranges.validate_year, 2101),
        (ranges.validate_sort_order, -1),
        (ranges.validate_sort_order, 2**31),
        (ranges.validate_name, ""),
        (ranges.validate_name, " \u3000\t"),
    ],
)
def test_implausible_values_are_refused_in_chinese(validate, value):
    with pytest.raises(ValidationError) as refused:
        validate(value)

    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.messages[0])


@pytest.mark.parametrize(
    ("validate", "value"),
    [
        (ranges.validate_date, ranges.EARLIEST_DATE),
        (ranges.validate_date, timezone.localdate()),
        (ranges.validate_date, ranges.latest_planned_date()),
        (ranges.validate_amount, 0),
        (ranges.validate_amount, 10**13),
        (ranges.validate_amount, -(10**13)),
        (ranges.validate_year, 2000),
        (ranges.validate_year, 2100),
        (ranges.validate_sort_order, 0),
        (ranges.validate_name, "城关镇"),
    ],
)
def test_plausible_values_pass(validate, value):
    validate(value)


def test_a_hundred_thousand_of_the_largest_amounts_sum_inside_a_database_integer():
    # The engine sums raw amounts in SQL (grouped by currency, year and share) and
    # multiplies by the share in Python (README, 性能基准).
    assert ranges.MAX_AMOUNT * 100_000 < 2**63


# ---------------------------------------------------------------- the API's shapes


@pytest.fixture
def project(county):
    return ProjectFactory(introducing_unit=county.township)


def test_a_huge_page_number_is_refused_not_a_crash(client_for, bureau_user):
    response = client_for(bureau_user).get("/api/v1/units", {"page": 10**20})

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "page"


def test_a_page_past_the_end_is_empty(client_for, bureau_user):
    response = client_for(bureau_user).get("/api/v1/units", {"page": ranges.MAX_PAGE})

    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("pk", [2**63, 2**64, 0, -1])
def test_an_id_no_database_integer_holds_is_refused(pk, client_for, bureau_user):
    response = client_for(bureau_user).get(f"/api/v1/projects/{pk}")

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "pk"


def test_a_huge_id_inside_a_body_is_refused_naming_the_item(project, client_for, bureau_user):
    response = client_for(bureau_user).put(f"/api/v1/projects/{project.pk}/team", [{"person_id": 2**87}], content_type="application/json")

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "[0].person_id"


@pytest.mark.parametrize("body", [[None, None], None, "名称", 5, []])
def test_a_body_that_is_not_an_object_is_refused(body, county, client_for, bureau_user):
    response = client_for(bureau_user).patch(f"/api/v1/units/{county.township.pk}", json.dumps(body), content_type="application/json")

    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "__all__", "message": "请求内容须为对象"}]}
    county.township.refresh_from_db()
    assert county.township.name == "城关镇"


@pytest.mark.parametrize(("field", "value"), [("sort_order", False), ("sort_order", "3"), ("sort_order", 1.0)])
def test_json_values_are_taken_at_their_type(field, value, county, client_for, bureau_user):
    response = client_for(bureau_user).patch(
        f"/api/v1/units/{county.township.pk}", {"version": county.township.version, field: value}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field


@pytest.mark.parametrize("value", ["0", "20260101", "2026-1-1", "1700000000"])
def test_a_date_parameter_is_only_ever_yyyy_mm_dd(value, client_for, bureau_user):
    response = client_for(bureau_user).get("/api/v1/projects", {"signed_to": value})

    assert response.status_code == 422
    assert response.json()["detail"] == [{"field": "signed_to", "message": "「signed_to」须为日期（YYYY-MM-DD）"}]


def test_a_number_is_no_date_in_a_body(project, client_for, reporter):
    response = client_for(reporter).post(
        f"/api/v1/projects/{project.pk}/follow-ups", {"date": 0, "note": "电话沟通"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "date"
