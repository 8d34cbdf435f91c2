"""Who may open the time-limit screens: everyone logged in reads the policies and
the calendar; only the bureau and admins change them."""

from datetime import date

import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case
from zhaoshang.timelimits.engine import actions
from zhaoshang.timelimits.models import CalendarDay, Clock, Pause, Policy

LOGIN = 302
READ = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
EDIT = {"anonymous": LOGIN, "reporter": 403, "other_reporter": 403, "unit_head": 403, "leader": 403, "bureau_user": 200, "admin_user": 200}
API_READ = {**READ, "anonymous": 401}
CHANGE = {**EDIT, "bureau_user": 302, "admin_user": 302}
CLOCK_READ = {**READ, "other_reporter": 404}
CLOCK_CHANGE = {**CLOCK_READ, "reporter": 302, "unit_head": 302, "leader": 403, "bureau_user": 302, "admin_user": 302}
CLOCK_API = {**CLOCK_READ, "anonymous": 401, "leader": 403}

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
    # One clock of 城关镇: read by whoever reads the unit, changed by whoever writes for it.
    Case("timelimits:clock_detail", CLOCK_READ, args=lambda w: [w.clock.pk]),
    Case("timelimits:clock_detail", {"bureau_user": 404}, args=lambda w: [0]),
    Case("timelimits:clock_pause", CLOCK_CHANGE, args=lambda w: [w.clock.pk], method="post", data=lambda w: {"reason": "等待材料"}),
    Case("timelimits:clock_pause", {"reporter": 405}, args=lambda w: [w.clock.pk]),
    Case("timelimits:clock_resume", CLOCK_CHANGE, args=lambda w: [w.paused.pk], method="post"),
    Case(
        "timelimits:clock_extension",
        CLOCK_CHANGE,
        args=lambda w: [w.clock.pk],
        method="post",
        data=lambda w: {"days": 5, "reason": "需现场核查"},
    ),
    Case(
        "timelimits:clock_extension_decide",
        {**CLOCK_CHANGE, "reporter": 403, "bureau_user": 403},
        args=lambda w: [w.requested.pk],
        method="post",
        data=lambda w: {"approve": "1"},
    ),
    Case("api:clock_detail", {**CLOCK_READ, "anonymous": 401}, args=lambda w: [w.clock.pk]),
    Case("api:clock_pause", CLOCK_API, args=lambda w: [w.clock.pk], method="post", data=lambda w: {"reason": "等待材料"}),
    Case("api:clock_resume", CLOCK_API, args=lambda w: [w.paused.pk], method="post"),
    Case(
        "api:clock_extension",
        CLOCK_API,
        args=lambda w: [w.clock.pk],
        method="post",
        data=lambda w: {"days": 5, "reason": "需现场核查"},
    ),
    Case(
        "api:clock_extension_decide",
        {**CLOCK_API, "reporter": 403, "bureau_user": 403},
        args=lambda w: [w.requested.pk],
        method="post",
        data=lambda w: {"approve": True},
    ),
]


class World:
    def __init__(self, county):
        self.county = county
        self.policy = Policy.objects.get(kind="complaint", urgency="normal")
        self.day = CalendarDay.objects.get(date=date(2024, 10, 12))
        self.clock = actions.do_start_clock(county.township, kind="complaint", unit=county.township, title="用电报装迟缓")
        self.requested = actions.do_start_clock(county.township, kind="help", unit=county.township, title="水电配套")
        self.paused = actions.do_start_clock(county.township, kind="consult", unit=county.township, title="政策咨询")
        Pause.objects.create(clock=self.paused, started_at=self.paused.started_at, reason="等待材料")
        Clock.objects.filter(pk=self.paused.pk).update(paused_at=self.paused.started_at)
        Clock.objects.filter(pk=self.requested.pk).update(extension_status="requested", extension_days=3, extension_reason="现场核查")


@pytest.fixture
def world(county):
    return World(county)


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
