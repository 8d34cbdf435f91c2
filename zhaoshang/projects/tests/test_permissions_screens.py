"""Who may open the key projects' investment-plan URLs and the investor picker. A
unit user gets 404 on another unit's project; a leader reads but does not write a
project they do not lead (403)."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from zhaoshang.core import testing
from zhaoshang.core.testing import Case
from zhaoshang.projects import actions
from zhaoshang.projects.factories import InvestorFactory, ProjectFactory
from zhaoshang.projects.models import KeyLevel, Project

LOGIN = 302
READ_LIST = {
    "anonymous": LOGIN,
    "reporter": 200,
    "other_reporter": 200,
    "unit_head": 200,
    "leader": 200,
    "bureau_user": 200,
    "admin_user": 200,
}
# A write on 城关镇's key project: saved, then back to the project page (302).
KEY_PROJECT_WRITE = {
    "anonymous": LOGIN,
    "reporter": 302,
    "other_reporter": 404,
    "unit_head": 302,
    "leader": 403,
    "bureau_user": 302,
    "admin_user": 302,
}
POST_ONLY = {"anonymous": LOGIN, "reporter": 405, "other_reporter": 405}


@dataclass
class World:
    key_project: Project


@pytest.fixture
def world(county, reporter) -> World:
    key_project = ProjectFactory(name="新能电池生产基地", introducing_unit=county.township, key_level=KeyLevel.COUNTY)
    actions.do_set_investment_plan(key_project, timezone.localdate().year - 1, 10_000_000, reporter)
    InvestorFactory(name="深圳新能科技有限公司")
    return World(key_project=key_project)


def key_project(w):
    return [w.key_project.pk]


def last_year() -> int:
    return timezone.localdate().year - 1


CASES = [
    Case(
        "projects:investment_plan_set",
        KEY_PROJECT_WRITE,
        args=key_project,
        method="post",
        data=lambda w: {"plan-year": last_year(), "plan-planned_amount": "1000"},
    ),
    Case("projects:investment_plan_set", POST_ONLY, args=key_project),
    Case(
        "projects:investment_month_set",
        KEY_PROJECT_WRITE,
        args=key_project,
        method="post",
        data=lambda w: {"month-year": last_year(), "month-month": "6", "month-completed_amount": "80"},
    ),
    Case("projects:investment_month_set", POST_ONLY, args=key_project),
    Case("projects:investment_export", READ_LIST),
    Case("projects:investor_search", READ_LIST, query={"q": "新能"}),
]


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
