"""Who may open each organisation URL. 404 for records outside the user's scope,
403 for records they may see but not change."""

import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case

LOGIN = 302
# Write screens on a unit: only the bureau (and admin) manage the tree.
UNIT_ADMIN = {
    "anonymous": LOGIN,
    "reporter": 403,
    "other_reporter": 404,
    "unit_head": 403,
    "leader": 403,
    "bureau_user": 200,
    "admin_user": 200,
}
# Write screens on a person of 城关镇: its reporter and unit head may write too.
PERSON_WRITE = {
    "anonymous": LOGIN,
    "reporter": 200,
    "other_reporter": 404,
    "unit_head": 200,
    "leader": 403,
    "bureau_user": 200,
    "admin_user": 200,
}
READ_LIST = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
BUREAU_ONLY = {"anonymous": LOGIN, "reporter": 403, "leader": 403, "bureau_user": 200, "admin_user": 200}
WRITERS_ONLY = {"anonymous": LOGIN, "reporter": 200, "leader": 403, "bureau_user": 200, "admin_user": 200}
API_READ_LIST = {"anonymous": 401, "reporter": 200, "other_reporter": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
API_UNIT_ADMIN = {"anonymous": 401, "reporter": 403, "other_reporter": 404, "leader": 403, "bureau_user": 200, "admin_user": 200}
API_PERSON_WRITE = {"anonymous": 401, "reporter": 200, "other_reporter": 404, "unit_head": 200, "leader": 403, "bureau_user": 200}


def township(w):
    return [w.township.pk]


def person(w):
    return [w.person.pk]


def division(w):
    return [w.township.division_id]


CASES = [
    # Units
    Case("organisation:unit_tree", READ_LIST),
    Case("organisation:unit_export", READ_LIST),
    Case(
        "organisation:unit_detail",
        {"anonymous": LOGIN, "reporter": 200, "other_reporter": 404, "leader": 200, "bureau_user": 200, "admin_user": 200},
        args=township,
    ),
    Case("organisation:unit_create", UNIT_ADMIN, args=township),
    Case(
        "organisation:unit_create",
        {**UNIT_ADMIN, "bureau_user": 302, "admin_user": 302},
        args=township,
        method="post",
        data=lambda w: {"name": "新村", "kind": "section", "sort_order": 0},
    ),
    Case("organisation:unit_edit", UNIT_ADMIN, args=township),
    Case(
        "organisation:unit_edit",
        {**UNIT_ADMIN, "bureau_user": 302, "admin_user": 302},
        args=township,
        method="post",
        data=lambda w: {"name": "城关镇", "kind": "township", "sort_order": 0, "version": w.township.version},
    ),
    Case("organisation:unit_move", UNIT_ADMIN, args=township),
    Case(
        "organisation:unit_move",
        {**UNIT_ADMIN, "bureau_user": 302, "admin_user": 302},
        args=lambda w: [w.leaf.pk],
        method="post",
        data=lambda w: {"parent": w.other_township.pk},
    ),
    Case("organisation:unit_set_active", {"anonymous": LOGIN, "bureau_user": 405}, args=township),
    Case(
        "organisation:unit_set_active",
        {**UNIT_ADMIN, "bureau_user": 302, "admin_user": 302},
        args=lambda w: [w.leaf.pk],
        method="post",
        data=lambda w: {"active": "0"},
    ),
    Case("organisation:unit_import", BUREAU_ONLY),
    Case("organisation:unit_import_template", BUREAU_ONLY),
    # Divisions
    Case("organisation:division_list", READ_LIST),
    Case("organisation:division_export", READ_LIST),
    Case("organisation:division_detail", {"anonymous": LOGIN, "reporter": 200, "bureau_user": 200}, args=division),
    Case("organisation:division_create", BUREAU_ONLY),
    Case(
        "organisation:division_edit",
        {"anonymous": LOGIN, "reporter": 403, "unit_head": 403, "leader": 403, "bureau_user": 200, "admin_user": 200},
        args=division,
    ),
    Case(
        "organisation:division_edit",
        {"anonymous": LOGIN, "reporter": 403, "leader": 403, "bureau_user": 302},
        args=division,
        method="post",
        data=lambda w: {"name": "一赛区", "default_quota_wan": "6000", "competes": "on", "sort_order": 0, "version": w.township.division.version},
    ),
    # Persons
    Case("organisation:person_list", READ_LIST),
    Case("organisation:person_export", READ_LIST),
    Case(
        "organisation:person_detail",
        {"anonymous": LOGIN, "reporter": 200, "other_reporter": 404, "leader": 200, "bureau_user": 200},
        args=person,
    ),
    Case("organisation:person_create", WRITERS_ONLY),
    Case(
        "organisation:person_create",
        {"anonymous": LOGIN, "reporter": 302, "leader": 403, "bureau_user": 302},
        method="post",
        data=lambda w: {"name": "新干部", "unit": w.township.pk, "sort_order": 0},
    ),
    Case("organisation:person_edit", PERSON_WRITE, args=person),
    Case(
        "organisation:person_edit",
        {**PERSON_WRITE, "reporter": 302, "unit_head": 302, "bureau_user": 302, "admin_user": 302},
        args=person,
        method="post",
        data=lambda w: {"name": "李镇长", "unit": w.township.pk, "sort_order": 0, "version": w.person.version},
    ),
    Case("organisation:person_set_active", {"anonymous": LOGIN, "reporter": 405}, args=person),
    Case(
        "organisation:person_set_active",
        {**PERSON_WRITE, "reporter": 302, "unit_head": 302, "bureau_user": 302, "admin_user": 302},
        args=person,
        method="post",
        data=lambda w: {"active": "0"},
    ),
    Case("organisation:person_import", WRITERS_ONLY),
    Case("organisation:person_import_template", WRITERS_ONLY),
    # API: units
    Case("api:unit_list", API_READ_LIST),
    Case(
        "api:unit_detail",
        {"anonymous": 401, "reporter": 200, "other_reporter": 404, "bureau_user": 200, "admin_user": 200},
        args=township,
    ),
    Case(
        "api:unit_create",
        {**API_UNIT_ADMIN, "bureau_user": 201, "admin_user": 201},
        method="post",
        data=lambda w: {"parent_id": w.township.pk, "name": "新村", "kind": "section"},
    ),
    Case("api:unit_update", API_UNIT_ADMIN, args=township, method="patch", data=lambda w: {"short_name": "城关", "version": w.township.version}),
    Case(
        "api:unit_move",
        {"anonymous": 401, "reporter": 403, "other_reporter": 404, "bureau_user": 200, "admin_user": 200},
        args=lambda w: [w.leaf.pk],
        method="post",
        data=lambda w: {"parent_id": w.other_township.pk},
    ),
    Case("api:unit_deactivate", {**API_UNIT_ADMIN, "other_reporter": 404}, args=lambda w: [w.leaf.pk], method="post"),
    Case("api:unit_activate", API_UNIT_ADMIN, args=township, method="post"),
    # API: divisions
    Case("api:division_list", API_READ_LIST),
    Case("api:division_detail", {"anonymous": 401, "reporter": 200, "bureau_user": 200}, args=division),
    Case(
        "api:division_create",
        {"anonymous": 401, "reporter": 404, "leader": 403, "bureau_user": 201, "admin_user": 201},
        method="post",
        data=lambda w: {"jurisdiction_id": w.root.pk, "name": "二赛区", "default_quota": 50_000_000},
    ),
    Case(
        "api:division_update",
        {"anonymous": 401, "reporter": 403, "leader": 403, "bureau_user": 200, "admin_user": 200},
        args=division,
        method="patch",
        data=lambda w: {"default_quota": 70_000_000, "version": w.township.division.version},
    ),
    # API: persons
    Case("api:person_list", API_READ_LIST),
    Case(
        "api:person_detail",
        {"anonymous": 401, "reporter": 200, "other_reporter": 404, "leader": 200, "bureau_user": 200},
        args=person,
    ),
    Case(
        "api:person_create",
        {"anonymous": 401, "reporter": 201, "other_reporter": 404, "leader": 403, "bureau_user": 201},
        method="post",
        data=lambda w: {"name": "新干部", "unit_id": w.township.pk},
    ),
    Case("api:person_update", API_PERSON_WRITE, args=person, method="patch", data=lambda w: {"post": "镇长", "version": w.person.version}),
    Case("api:person_deactivate", API_PERSON_WRITE, args=person, method="post"),
    Case("api:person_activate", API_PERSON_WRITE, args=person, method="post"),
]


@pytest.fixture
def world(county):
    from zhaoshang.organisation.factories import PersonFactory, UnitFactory
    from zhaoshang.organisation.models import UnitKind

    county.person = PersonFactory(unit=county.township, name="李镇长", phone="13812341234")
    # A leaf under 城关镇 that may be moved or deactivated without refusals.
    county.leaf = UnitFactory(parent=county.township, name="城关镇招商组", kind=UnitKind.SECTION)
    return county


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
