"""Who may open each organisation URL. 404 for records outside the user's scope,
403 for records they may see but not change."""

import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case

LOGIN = 302

CASES = [
    Case("organisation:unit_tree", {"anonymous": LOGIN, "reporter": 200, "bureau_user": 200}),
    Case(
        "organisation:unit_detail",
        {"anonymous": LOGIN, "reporter": 200, "other_reporter": 404, "leader": 200, "bureau_user": 200},
        args=lambda w: [w.township.pk],
    ),
    Case("organisation:division_list", {"anonymous": LOGIN, "reporter": 200, "bureau_user": 200}),
    Case(
        "organisation:division_detail",
        {"anonymous": LOGIN, "reporter": 200, "bureau_user": 200},
        args=lambda w: [w.township.division_id],
    ),
    Case("organisation:person_list", {"anonymous": LOGIN, "reporter": 200, "bureau_user": 200}),
    Case(
        "organisation:person_detail",
        {"anonymous": LOGIN, "reporter": 200, "other_reporter": 404, "bureau_user": 200},
        args=lambda w: [w.person.pk],
    ),
    Case("api:unit_list", {"anonymous": 401, "reporter": 200, "bureau_user": 200}),
    Case(
        "api:unit_detail",
        {"anonymous": 401, "reporter": 200, "other_reporter": 404, "bureau_user": 200},
        args=lambda w: [w.township.pk],
    ),
]


@pytest.fixture
def world(county):
    from zhaoshang.organisation.factories import PersonFactory

    county.person = PersonFactory(unit=county.township, name="李镇长")
    return county


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
