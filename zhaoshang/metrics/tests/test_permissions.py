"""Who may call each metrics URL: 401 for anonymous API calls, 404 for scopes
outside the user's reading scope, 403 for a division that covers other units."""

from datetime import date

import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case

EVERYONE = {"anonymous": 401, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}

CASES = [
    Case(
        "api:metrics",
        {"anonymous": 401, "reporter": 200, "other_reporter": 404, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200},
        query={"scope": "unit:{township}", "period": "month:2026-10"},
    ),
    Case(
        "api:rankings",
        EVERYONE,
        query={"period": "{period}"},
    ),
    # The rankings page: every unit competes in the open, so every login reads it.
    Case("metrics:rankings", {**EVERYONE, "anonymous": 302}, query={"period": "{period}"}),
    Case("metrics:rankings", {**EVERYONE, "anonymous": 302}),
    Case("metrics:ranking_export", {**EVERYONE, "anonymous": 302}, query={"period": "{period}"}),
]


@pytest.fixture
def world(county):
    from zhaoshang.targets.models import Period

    county.period = Period.objects.create(jurisdiction=county.root, name="2026年度", start=date(2026, 1, 1), end=date(2026, 12, 31))
    return county


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    query = {k: v.format(township=world.township.pk, period=world.period.pk) for k, v in case.query.items()}
    case = Case(case.name, case.expect, case.args, case.method, case.data, query)
    assert testing.run(case, persona, world, request, client_for) == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("reporter", 403), ("leader", 200), ("bureau_user", 200), ("other_reporter", 403)],
)
def test_a_division_scope_needs_every_member_unit(world, request, client_for, persona, status):
    client = client_for(request.getfixturevalue(persona))
    response = client.get("/api/v1/metrics", {"scope": f"division:{world.township.division_id}", "period": "month:2026-10"})
    assert response.status_code == status


@pytest.mark.parametrize(("persona", "status"), [("reporter", 404), ("leader", 200), ("bureau_user", 200)])
def test_the_jurisdiction_scope_is_for_the_bureau_and_leaders(world, request, client_for, persona, status):
    client = client_for(request.getfixturevalue(persona))
    response = client.get("/api/v1/metrics", {"scope": f"jurisdiction:{world.root.pk}", "period": "month:2026-10"})
    assert response.status_code == status
