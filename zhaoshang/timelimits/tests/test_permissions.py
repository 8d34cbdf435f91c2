"""Who may open the time-limit screens: everyone logged in reads the policies and
the calendar; only the bureau and admins change them."""

from datetime import date

import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case
from zhaoshang.timelimits.models import CalendarDay, Policy

LOGIN = 302
READ = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
EDIT = {"anonymous": LOGIN, "reporter": 403, "other_reporter": 403, "unit_head": 403, "leader": 403, "bureau_user": 200, "admin_user": 200}
API_READ = {**READ, "anonymous": 401}
CHANGE = {**EDIT, "bureau_user": 302, "admin_user": 302}

CASES = [
    Case("timelimits:policy_list", READ),
    Case("timelimits:policy_edit", EDIT, args=lambda w: [w.policy.pk]),
    Case("timelimits:policy_edit", {"bureau_user": 404}, args=lambda w: [0]),
    Case(
        "timelimits:policy_edit",
        CHANGE,
        args=lambda w: [w.policy.pk],
        method="post",
        data=lambda w: {"limit": 12, "unit": "days", "basis": "", "version": w.policy.version},
    ),
    Case("timelimits:calendar", READ),
    Case("timelimits:calendar", READ, query={"year": "2035"}),
    Case("timelimits:calendar", CHANGE, method="post", data=lambda w: {"date": "2024-11-15", "kind": "holiday", "name": "县庆"}),
    Case("timelimits:calendar_day_delete", CHANGE, args=lambda w: [w.day.pk], method="post"),
    Case("timelimits:calendar_day_delete", {"reporter": 405, "bureau_user": 405}, args=lambda w: [w.day.pk]),
    Case("timelimits:calendar_day_delete", {"bureau_user": 404}, args=lambda w: [0], method="post"),
    Case("api:time_limit_policies", API_READ),
    Case("api:working_calendar", API_READ, query={"year": "2024"}),
    Case("api:my_escalations", API_READ),
]


class World:
    def __init__(self, county):
        self.county = county
        self.policy = Policy.objects.get(kind="complaint", urgency="normal")
        self.day = CalendarDay.objects.get(date=date(2024, 10, 12))


@pytest.fixture
def world(county):
    return World(county)


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
