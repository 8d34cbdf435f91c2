"""Who may open and act on the element screens: a project's steps are read where the
project is (another township gets 404), planned by its owners and the bureau, acted
on by the department that owes them; templates are the bureau's."""

import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case
from zhaoshang.elements import actions
from zhaoshang.elements.models import LandThreshold, StepTemplate

LOGIN = 302
ALL = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
OWN = {**ALL, "other_reporter": 404}
PLAN = {**OWN, "leader": 403}
DONE = {"anonymous": LOGIN, "reporter": 302, "other_reporter": 404, "unit_head": 302, "leader": 403, "bureau_user": 302, "admin_user": 302}
BUREAU = {**ALL, "reporter": 403, "other_reporter": 403, "unit_head": 403, "leader": 403}
BUREAU_DONE = {**BUREAU, "bureau_user": 302, "admin_user": 302}
POST_ONLY = {"reporter": 405}

CASES = [
    Case("elements:step_list", ALL),
    Case("elements:step_list", ALL, query={"mine": "on", "state": "open", "export": "xlsx"}),
    Case("elements:step_import", ALL),
    Case("elements:step_import", {**ALL, "anonymous": LOGIN}, method="post", data=lambda w: {}),
    Case("elements:step_detail", OWN, args=lambda w: [w.step.pk]),
    Case("elements:step_detail", {"bureau_user": 404}, args=lambda w: [0]),
    Case("elements:step_edit", PLAN, args=lambda w: [w.step.pk]),
    Case(
        "elements:step_edit",
        DONE,
        args=lambda w: [w.step.pk],
        method="post",
        data=lambda w: {
            "name": "供地",
            "responsible_unit": w.step.responsible_unit_id,
            "planned_date": "2025-06-16",
            "limit_days": 20,
            "blocks_start": "on",
            "version": w.step.version,
        },
    ),
    Case("elements:step_start", DONE, args=lambda w: [w.step.pk], method="post"),
    Case("elements:step_start", POST_ONLY, args=lambda w: [w.step.pk]),
    Case(
        "elements:step_complete",
        DONE,
        args=lambda w: [w.step.pk],
        method="post",
        data=lambda w: {"evidence_note": "供地批复", "version": w.step.version},
    ),
    Case("elements:step_complete", POST_ONLY, args=lambda w: [w.step.pk]),
    Case("elements:step_block", DONE, args=lambda w: [w.step.pk], method="post", data=lambda w: {"description": "征收未完成"}),
    Case("elements:step_block", POST_ONLY, args=lambda w: [w.step.pk]),
    Case("elements:project_steps", OWN, args=lambda w: [w.project.pk]),
    Case("elements:project_steps", OWN, args=lambda w: [w.project.pk], query={"card": "1"}),
    Case("elements:project_steps", DONE, args=lambda w: [w.project.pk], method="post", data=lambda w: {"project_type": "new_land"}),
    Case("elements:land_review", OWN, args=lambda w: [w.project.pk]),
    Case(
        "elements:land_review",
        DONE,
        args=lambda w: [w.project.pk],
        method="post",
        data=lambda w: {"kind": "signing", "signing-area_mu": "50", "signing-investment_wan": "15000", "signing-tax_wan": "1250"},
    ),
    Case("elements:problem_list", ALL),
    Case("elements:problem_list", ALL, query={"export": "xlsx"}),
    Case("elements:problem_detail", OWN, args=lambda w: [w.problem.pk]),
    Case("elements:problem_escalate", DONE, args=lambda w: [w.problem.pk], method="post"),
    Case("elements:problem_escalate", POST_ONLY, args=lambda w: [w.problem.pk]),
    Case("elements:problem_close", DONE, args=lambda w: [w.problem.pk], method="post", data=lambda w: {"resolution": "已协调"}),
    Case("elements:problem_close", POST_ONLY, args=lambda w: [w.problem.pk]),
    Case("elements:template_list", ALL),
    Case("elements:template_edit", BUREAU, args=lambda w: [w.template.pk]),
    Case(
        "elements:template_edit",
        BUREAU_DONE,
        args=lambda w: [w.template.pk],
        method="post",
        data=lambda w: {
            "kind": "land",
            "name": "供地（改）",
            "limit_days": 25,
            "blocks_start": "on",
            "after": "land_approval",
            "position": 4,
            "version": w.template.version,
        },
    ),
    Case("elements:threshold_list", BUREAU),
    Case("elements:threshold_create", BUREAU),
    Case(
        "elements:threshold_create", BUREAU_DONE, method="post", data=lambda w: {"park": "", "industry": "", "investment_wan": "300", "tax_wan": "25"}
    ),
    Case("elements:threshold_edit", BUREAU, args=lambda w: [w.threshold.pk]),
    Case("elements:threshold_edit", {"bureau_user": 404}, args=lambda w: [0]),
    Case(
        "elements:threshold_edit",
        BUREAU_DONE,
        args=lambda w: [w.threshold.pk],
        method="post",
        data=lambda w: {"park": "", "industry": "", "investment_wan": "350", "tax_wan": "30", "version": w.threshold.version},
    ),
    Case("elements:figures", ALL),
    Case("elements:figures", ALL, query={"list": "approved_not_started"}),
    Case("elements:figures", ALL, query={"card": "1"}),
    Case("elements:figures", ALL, query={"list": "supplied_not_used", "export": "xlsx"}),
]


API_ALL = {**ALL, "anonymous": 401}
API_OWN = {**OWN, "anonymous": 401}
API_DONE = {**DONE, "anonymous": 401, "reporter": 200, "unit_head": 200, "bureau_user": 200, "admin_user": 200}
API_BLOCK = {**API_DONE, "reporter": 201, "unit_head": 201, "bureau_user": 201, "admin_user": 201}

CASES += [
    Case("api:element_step_list", API_ALL),
    Case("api:element_step_list", {"reporter": 200, "other_reporter": 200}, query={"mine": "true", "state": "not_started"}),
    Case("api:element_step_list", {"reporter": 404, "bureau_user": 404}, query={"project": "999999"}),
    Case("api:element_prediction", API_OWN, args=lambda w: [w.project.pk]),
    Case(
        "api:element_step_complete",
        API_DONE,
        args=lambda w: [w.step.pk],
        method="post",
        data=lambda w: {"version": w.step.version, "evidence_note": "供地批复"},
    ),
    Case("api:element_step_block", API_BLOCK, args=lambda w: [w.step.pk], method="post", data=lambda w: {"description": "征收未完成"}),
    Case("api:element_problem_list", API_ALL),
    Case("api:element_problem_close", API_DONE, args=lambda w: [w.problem.pk], method="post", data=lambda w: {"resolution": "已协调"}),
]


class World:
    def __init__(self, project, reporter):
        self.project = project
        self.step = project.element_steps.get(code="land_supply")
        other = project.element_steps.get(code="power_scheme")
        self.problem = actions.do_block_step(other, "容量不足", reporter)
        self.template = StepTemplate.objects.get(project_type="new_land", code="land_supply")
        self.threshold = LandThreshold.objects.create(park=project.introducing_unit, industry="")


@pytest.fixture
def world(project, reporter, county):
    # The steps are owed by the township itself here (the department case is in test_views).
    project.element_steps.update(responsible_unit=county.township)
    return World(project, reporter)


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
