"""Who may open each projects URL (UI and API). 404 for records outside the user's
scope, 403 for records they may see but not change.

Every engineer on the projects app appends their Cases to CASES below and builds
on the `world` fixture: w.project (城关镇), w.other_project (河口镇), w.fund_entry,
w.obstacle and w.evidence on w.project, w.investor (w.project's investor)."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from zhaoshang.core import testing
from zhaoshang.core.testing import Case
from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.organisation.models import Person, Unit
from zhaoshang.projects.factories import (
    EvidenceFactory,
    FundEntryFactory,
    InvestorFactory,
    ObstacleFactory,
    ProjectFactory,
    StageEventFactory,
)
from zhaoshang.projects.models import (
    DuplicateStatus,
    Evidence,
    FundEntry,
    Investor,
    InvestorContact,
    Obstacle,
    Project,
    Stage,
)


@dataclass
class World:
    township: Unit
    other_township: Unit
    investor: Investor
    project: Project
    other_project: Project
    fund_entry: FundEntry
    obstacle: Obstacle
    evidence: Evidence
    # A 城关镇 project held as a suspected duplicate of w.other_project.
    suspect: Project
    # A cadre of 城关镇, for team screens.
    person: Person


@pytest.fixture
def world(county) -> World:
    investor = InvestorFactory(name="深圳新能科技有限公司")
    InvestorContact.objects.create(investor=investor, name="张伟", title="总经理", phone="13812345678")
    # In 洽谈, with its events, so stage screens and the bureau's correction have something to act on.
    project = ProjectFactory(name="新能电池生产基地", investor=investor, introducing_unit=county.township, stage=Stage.NEGOTIATING)
    today = timezone.localdate()
    StageEventFactory(project=project, stage=Stage.LEAD, date=today)
    StageEventFactory(project=project, stage=Stage.NEGOTIATING, date=today)
    other_project = ProjectFactory(name="河口物流园", introducing_unit=county.other_township)
    suspect = ProjectFactory(
        name="河口物流园二期",
        investor=other_project.investor,
        introducing_unit=county.township,
        duplicate_status=DuplicateStatus.SUSPECTED,
        duplicate_of=other_project,
    )
    return World(
        township=county.township,
        other_township=county.other_township,
        investor=investor,
        project=project,
        other_project=other_project,
        fund_entry=FundEntryFactory(project=project),
        obstacle=ObstacleFactory(project=project),
        evidence=EvidenceFactory(project=project),
        suspect=suspect,
        person=PersonFactory(name="李四", unit=county.township),
    )


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
# A page of 城关镇's project.
PROJECT_READ = {**READ_LIST, "other_reporter": 404}
# Changing 城关镇's project: its reporter and unit head, the bureau; a leader only
# what they lead (not this one).
PROJECT_WRITE = {**PROJECT_READ, "leader": 403}
PROJECT_WRITE_DONE = {**PROJECT_WRITE, "reporter": 302, "unit_head": 302, "bureau_user": 302, "admin_user": 302}
# The bureau's decisions on 城关镇's project.
PROJECT_BUREAU = {**PROJECT_READ, "reporter": 403, "unit_head": 403, "leader": 403}
PROJECT_BUREAU_DONE = {**PROJECT_BUREAU, "bureau_user": 302, "admin_user": 302}
WRITERS = {**READ_LIST, "leader": 403}
BUREAU_ONLY = {**READ_LIST, "reporter": 403, "other_reporter": 403, "unit_head": 403, "leader": 403}
# 客商库 is shared; editing needs the bureau or someone working one of its projects.
INVESTOR_WRITE = {**READ_LIST, "other_reporter": 403, "leader": 403}
INVESTOR_WRITE_DONE = {**INVESTOR_WRITE, "reporter": 302, "unit_head": 302, "bureau_user": 302, "admin_user": 302}


def project(w):
    return [w.project.pk]


def suspect(w):
    return [w.suspect.pk]


def investor(w):
    return [w.investor.pk]


def project_post(w) -> dict:
    return {
        "name": "新能电池生产基地",
        "investor": w.investor.pk,
        "category": "industry",
        "currency": "CNY",
        "total_investment_wan": "5000",
        "introducing_unit": w.township.pk,
        "key_level": "",
        "land_status": "not_started",
        "env_screening": "pending",
        "initial_stage": "lead",
        "version": w.project.version,
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "team-TOTAL_FORMS": "0",
        "team-INITIAL_FORMS": "0",
    }


def investor_post(w) -> dict:
    return {"name": "深圳新能科技有限公司", "uscc": w.investor.uscc, "kind": "private", "region": "珠三角", "version": w.investor.version}


CASES = [
    # Projects (views/projects.py)
    Case("projects:project_list", READ_LIST),
    Case("projects:project_export", READ_LIST),
    Case("projects:project_create", WRITERS),
    Case(
        "projects:project_create",
        # 河口镇's reporter cannot pick 城关镇: the form refuses and shows the page again.
        {**WRITERS, "reporter": 302, "unit_head": 302, "bureau_user": 302, "admin_user": 302},
        method="post",
        data=project_post,
    ),
    Case("projects:project_detail", PROJECT_READ, args=project),
    Case("projects:project_edit", PROJECT_WRITE, args=project),
    Case("projects:project_edit", PROJECT_WRITE_DONE, args=project, method="post", data=project_post),
    Case("projects:project_stage", PROJECT_WRITE, args=project),
    Case(
        "projects:project_stage",
        PROJECT_WRITE_DONE,
        args=project,
        method="post",
        data=lambda w: {"stage": "stalled", "date": timezone.localdate().isoformat(), "note": "资金未到位"},
    ),
    Case("projects:project_intent", PROJECT_WRITE, args=project),
    Case(
        "projects:project_intent",
        PROJECT_WRITE_DONE,
        args=project,
        method="post",
        data=lambda w: {"date": timezone.localdate().isoformat(), "note": "签订投资意向书"},
    ),
    Case("projects:project_correct", PROJECT_BUREAU, args=project),
    Case(
        "projects:project_correct",
        PROJECT_BUREAU_DONE,
        args=project,
        method="post",
        data=lambda w: {"stage": "lead", "reason": "洽谈记录有误"},
    ),
    Case("projects:project_credits", PROJECT_BUREAU, args=project),
    Case(
        "projects:project_credits",
        PROJECT_BUREAU_DONE,
        args=project,
        method="post",
        data=lambda w: {
            "credits-TOTAL_FORMS": "2",
            "credits-INITIAL_FORMS": "0",
            "credits-0-unit": w.township.pk,
            "credits-0-share": "60",
            "credits-1-unit": w.other_township.pk,
            "credits-1-share": "40",
        },
    ),
    Case("projects:project_team", PROJECT_WRITE, args=project),
    Case(
        "projects:project_team",
        PROJECT_WRITE_DONE,
        args=project,
        method="post",
        data=lambda w: {
            "team-TOTAL_FORMS": "1",
            "team-INITIAL_FORMS": "0",
            "team-0-person": w.person.pk,
            "team-0-role": "tracker",
        },
    ),
    Case(
        "projects:follow_up_add",
        PROJECT_WRITE_DONE,
        args=project,
        method="post",
        data=lambda w: {"date": timezone.localdate().isoformat(), "note": "走访企业，设备已进场"},
    ),
    Case("projects:follow_up_add", {"anonymous": LOGIN, "reporter": 405}, args=project),
    Case("projects:duplicate_list", BUREAU_ONLY),
    Case("projects:duplicate_merge", PROJECT_BUREAU_DONE, args=suspect, method="post", data=lambda w: {"survivor": "other"}),
    Case("projects:duplicate_merge", PROJECT_BUREAU, args=suspect, query={"survivor": "other"}),
    Case("projects:duplicate_distinct", PROJECT_BUREAU_DONE, args=suspect, method="post"),
    # Investors (views/investors.py)
    Case("projects:investor_list", READ_LIST),
    Case("projects:investor_export", READ_LIST),
    Case("projects:investor_create", WRITERS),
    Case(
        "projects:investor_create",
        {**dict.fromkeys(WRITERS, 302), "anonymous": LOGIN, "leader": 403},
        method="post",
        data=lambda w: {"name": "温州精工机械有限公司", "uscc": "", "kind": "private"},
    ),
    Case("projects:investor_detail", READ_LIST, args=investor),
    Case("projects:investor_edit", INVESTOR_WRITE, args=investor),
    Case("projects:investor_edit", INVESTOR_WRITE_DONE, args=investor, method="post", data=investor_post),
    Case("projects:investor_contact_add", INVESTOR_WRITE, args=investor),
    Case(
        "projects:investor_contact_add",
        INVESTOR_WRITE_DONE,
        args=investor,
        method="post",
        data=lambda w: {"name": "王芳", "title": "财务总监", "phone": "13900001111", "email": ""},
    ),
]


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
