"""Who may open the alert centre and its exports: everyone with a login, each
within their own scope (what they see is tested in test_alert_center.py)."""

import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case

LOGIN = 302
EVERYONE = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}

CASES = [
    Case("alerts:alert_center", EVERYONE),
    *[Case("alerts:alert_export", EVERYONE, args=lambda w, kind=kind: [kind]) for kind in ("signed", "planned", "obstacles", "behind", "timelimits")],
    Case("alerts:alert_export", {"anonymous": LOGIN, "reporter": 404, "bureau_user": 404}, args=lambda w: ["nonsense"]),
]


@pytest.fixture
def world(county):
    return county


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
