"""Who may open the dashboard and with which scope: anonymous → login, own unit
200, another unit 404, a division covering other units 403, the jurisdiction only
for the bureau, leaders and admin."""

import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case

LOGIN = 302
EVERYONE = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}

CASES = [
    Case("dashboard", EVERYONE),
    Case("dashboard", {**EVERYONE, "other_reporter": 404}, query={"scope": "unit:{township}"}),
    Case("dashboard", {**EVERYONE, "reporter": 404, "other_reporter": 404, "unit_head": 404}, query={"scope": "jurisdiction:{root}"}),
    Case("dashboard", {**EVERYONE, "reporter": 403, "other_reporter": 403, "unit_head": 403}, query={"scope": "division:{division}"}),
]


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, county, request, client_for):
    values = {"township": county.township.pk, "root": county.root.pk, "division": county.township.division_id}
    query = {k: v.format(**values) for k, v in case.query.items()}
    case = Case(case.name, case.expect, case.args, case.method, case.data, query)
    assert testing.run(case, persona, county, request, client_for) == status
