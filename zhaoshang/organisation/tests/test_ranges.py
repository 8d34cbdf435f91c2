"""Plausible ranges (core/ranges.py) in the organisation actions, so the screens,
the API and the imports refuse the same values: blank names, negative or huge
sort orders, implausible quotas."""

import pytest
from django.core.exceptions import ValidationError

from zhaoshang.organisation import actions
from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.organisation.models import UnitKind


@pytest.mark.parametrize(("data", "field"), [({"name": "  "}, "name"), ({"sort_order": -1}, "sort_order"), ({"sort_order": 2**31}, "sort_order")])
def test_a_unit_refuses_a_blank_name_and_an_implausible_sort_order(data, field, county, bureau_user):
    with pytest.raises(ValidationError) as refused:
        actions.do_update_unit(county.township, data, county.township.version, bureau_user)

    assert list(refused.value.message_dict) == [field]
    county.township.refresh_from_db()
    assert (county.township.name, county.township.sort_order) == ("城关镇", 0)


def test_a_new_unit_needs_a_name_that_is_not_blank(county, bureau_user):
    with pytest.raises(ValidationError) as refused:
        actions.do_create_unit(county.root, {"name": "\u3000", "kind": UnitKind.SECTION}, bureau_user)

    assert refused.value.message_dict == {"name": ["名称不能为空"]}


def test_a_division_refuses_a_blank_name_and_a_quota_of_a_quadrillion(county, bureau_user):
    division = county.township.division
    with pytest.raises(ValidationError) as refused:
        actions.do_save_division(division, {"name": " ", "default_quota": 10**15}, bureau_user)

    assert set(refused.value.message_dict) == {"name", "default_quota"}
    division.refresh_from_db()
    assert division.default_quota == 60_000_000


def test_a_person_refuses_a_blank_name_and_a_negative_sort_order(county, reporter):
    person = PersonFactory(unit=county.township, name="李明")
    with pytest.raises(ValidationError) as refused:
        actions.do_update_person(person, {"name": "", "sort_order": -5}, person.version, reporter)

    assert set(refused.value.message_dict) == {"name", "sort_order"}


def test_the_api_refuses_a_negative_sort_order_and_a_blank_name(county, client_for, bureau_user):
    client = client_for(bureau_user)
    negative = client.patch(
        f"/api/v1/units/{county.township.pk}", {"version": county.township.version, "sort_order": -1}, content_type="application/json"
    )
    blank = client.post("/api/v1/units", {"parent_id": county.root.pk, "name": "   ", "kind": UnitKind.SECTION}, content_type="application/json")

    assert negative.status_code == 422 and negative.json()["detail"][0]["field"] == "sort_order"
    assert blank.status_code == 422 and blank.json()["detail"] == [{"field": "name", "message": "名称不能为空"}]
