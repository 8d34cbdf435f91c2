"""Who may open and change cases: a unit its own (another unit gets 404), the bureau
all, a leader reads; the handler never visits his own case back."""

import pytest

from zhaoshang.cases import actions
from zhaoshang.core import testing
from zhaoshang.core.testing import Case

LOGIN = 302
READ = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
ONE = {**READ, "other_reporter": 404}
WRITERS = {"reporter": 302, "unit_head": 302, "bureau_user": 302, "admin_user": 302}
ACT = {"anonymous": LOGIN, "other_reporter": 404, "leader": 403, **WRITERS}
API_ONE = {**ONE, "anonymous": 401}
API_ACT = {"anonymous": 401, "other_reporter": 404, "leader": 403, "reporter": 200, "unit_head": 200, "bureau_user": 200, "admin_user": 200}
CREATED = {key: 201 if status == 200 else status for key, status in API_ACT.items()}

INTAKE = {
    "title": "用电报装迟缓",
    "channel": "phone",
    "case_type": "consult",
    "urgency": "normal",
    "investor_name": "宏达电子",
    "description": "两个月未接通",
}


def _form(w) -> dict:
    return {**INTAKE, "unit": w.county.township.pk}


def _api(w) -> dict:
    return {**INTAKE, "unit_id": w.county.township.pk}


def _version(case):
    return lambda w: {"version": getattr(w, case).version}


CASES = [
    Case("cases:case_list", READ),
    Case("cases:case_list", READ, query={"status": "new", "sort": "status", "q": "电"}),
    Case("cases:case_export", READ),
    Case("cases:case_create", {**READ, "leader": 403}),
    Case("cases:case_create", {**ACT, "other_reporter": 200}, method="post", data=_form),
    Case("cases:case_detail", ONE, args=lambda w: [w.new.pk]),
    Case("cases:case_detail", {"bureau_user": 404}, args=lambda w: [0]),
    Case("cases:case_accept", ACT, args=lambda w: [w.new.pk], method="post", data=_version("new")),
    Case("cases:case_accept", {"reporter": 405}, args=lambda w: [w.new.pk]),
    Case("cases:case_refuse", ACT, args=lambda w: [w.new.pk], method="post", data=lambda w: {"version": w.new.version, "reason": "不属本镇"}),
    Case(
        "cases:case_transfer",
        ACT,
        args=lambda w: [w.new.pk],
        method="post",
        data=lambda w: {"version": w.new.version, "unit": w.county.department.pk, "reason": "属经信局"},
    ),
    Case(
        "cases:case_close",
        ACT,
        args=lambda w: [w.handling.pk],
        method="post",
        data=lambda w: {"version": w.handling.version, "result": "已接通", "evidence": "回执", "resolved": "on"},
    ),
    Case(
        "cases:case_visit",
        {**ACT, "reporter": 422},  # the reporter closed it: someone else visits back
        args=lambda w: [w.closed.pk],
        method="post",
        data=lambda w: {"version": w.closed.version, "satisfaction": "4", "note": ""},
    ),
    Case("cases:case_note", ACT, args=lambda w: [w.handling.pk], method="post", data=lambda w: {"text": "已联系供电公司"}),
    Case("cases:case_attachment", ACT, args=lambda w: [w.handling.pk], method="post", data=lambda w: {"kind": "material"}),
    Case("api:case_list", {**READ, "anonymous": 401}),
    Case("api:case_detail", API_ONE, args=lambda w: [w.new.pk]),
    Case("api:case_create", {**CREATED, "other_reporter": 403}, method="post", data=_api),
    Case("api:case_accept", API_ACT, args=lambda w: [w.new.pk], method="post", data=_version("new")),
    Case("api:case_refuse", API_ACT, args=lambda w: [w.new.pk], method="post", data=lambda w: {"version": w.new.version, "reason": "不属本镇"}),
    Case(
        "api:case_transfer",
        API_ACT,
        args=lambda w: [w.new.pk],
        method="post",
        data=lambda w: {"version": w.new.version, "unit_id": w.county.department.pk, "reason": "属经信局"},
    ),
    Case(
        "api:case_close",
        API_ACT,
        args=lambda w: [w.handling.pk],
        method="post",
        data=lambda w: {"version": w.handling.version, "result": "已接通", "evidence": "回执", "resolved": True},
    ),
    Case(
        "api:case_visit",
        {**API_ACT, "reporter": 422},
        args=lambda w: [w.closed.pk],
        method="post",
        data=lambda w: {"version": w.closed.version, "satisfaction": 4},
    ),
    Case("api:case_note", CREATED, args=lambda w: [w.handling.pk], method="post", data=lambda w: {"text": "已联系"}),
]


class World:
    def __init__(self, county, reporter):
        self.county = county
        data = {**INTAKE, "unit": county.township, "uscc": "", "foreign": False, "project": None, "contact": ""}
        self.new = actions.do_receive_case(data, reporter)
        self.handling = actions.do_accept_case(actions.do_receive_case(data, reporter), reporter)
        closed = actions.do_accept_case(actions.do_receive_case(data, reporter), reporter)
        self.closed = actions.do_close_case(closed, "已接通", "回执", True, reporter)


@pytest.fixture
def world(county, reporter):
    return World(county, reporter)


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
