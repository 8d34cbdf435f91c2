"""Who may call the team, intent, duplicate, fund-edit, investor and investment-plan
endpoints: the same rules as their screens. 404 for another unit's project, 403 for
what the user sees but may not change, 401 for anonymous callers. A unit user's
attempt on another unit's project writes nothing."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from zhaoshang.core import testing
from zhaoshang.core.testing import Case
from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.projects.factories import FundEntryFactory, InvestorFactory, ProjectFactory
from zhaoshang.projects.models import (
    DuplicateStatus,
    Evidence,
    FundEntry,
    InvestmentPlan,
    Investor,
    InvestorContact,
    KeyLevel,
    MonthlyInvestment,
    Project,
    StageEvent,
    TeamMember,
)

from .test_permissions_api import API_READ, API_READ_LIST, API_WRITE, API_WRITE_CREATED

# Settling duplicates is the bureau's; unit users who see the project get 403.
API_BUREAU_ON_PROJECT = {
    "anonymous": 401,
    "reporter": 403,
    "other_reporter": 404,
    "unit_head": 403,
    "leader": 403,
    "bureau_user": 200,
    "admin_user": 200,
}
API_BUREAU_LIST = {**API_BUREAU_ON_PROJECT, "other_reporter": 403}
# The 客商库 is shared: 河口镇 reads the investor but does not work its projects.
API_INVESTOR_WRITE = {**API_WRITE, "other_reporter": 403}


def today() -> str:
    return timezone.localdate().isoformat()


def project(w) -> list:
    return [w.project.pk]


def this_year(w) -> list:
    return [w.project.pk, timezone.localdate().year]


def this_month(w) -> list:
    """The current month of a plan for this year (future months are refused)."""
    today = timezone.localdate()
    InvestmentPlan.objects.create(project=w.project, year=today.year, planned_amount=80_000_000)
    return [w.project.pk, today.year, today.month]


CASES = [
    Case("api:project_set_team", API_WRITE, args=project, method="put", data=lambda w: [{"person_id": w.person.pk, "role": "lead"}]),
    Case(
        "api:project_record_intent",
        API_WRITE_CREATED,
        args=project,
        method="post",
        data=lambda w: {"date": today(), "note": "签订框架意向协议"},
    ),
    Case("api:duplicate_list", API_BUREAU_LIST),
    Case(
        "api:project_merge",
        API_BUREAU_ON_PROJECT,
        args=lambda w: [w.suspect.pk],
        method="post",
        data=lambda w: {"into_id": w.twin.pk},
    ),
    Case("api:project_mark_distinct", API_BUREAU_ON_PROJECT, args=lambda w: [w.suspect.pk], method="post"),
    Case(
        "api:fund_update",
        API_WRITE,
        args=lambda w: [w.fund_entry.pk],
        method="patch",
        data=lambda w: {"version": w.fund_entry.version, "amount": 6_000_000},
    ),
    Case(
        "api:investor_update",
        API_INVESTOR_WRITE,
        args=lambda w: [w.investor.pk],
        method="patch",
        data=lambda w: {"region": "深圳", "version": w.investor.version},
    ),
    Case("api:investor_contacts", API_READ_LIST, args=lambda w: [w.investor.pk]),
    Case(
        "api:investor_contact_create",
        {**API_WRITE_CREATED, "other_reporter": 403},
        args=lambda w: [w.investor.pk],
        method="post",
        data=lambda w: {"name": "李娜", "title": "财务总监", "phone": "13900001111"},
    ),
    Case("api:project_investment_plans", API_READ, args=project),
    Case(
        "api:project_set_investment_plan",
        API_WRITE,
        args=this_year,
        method="put",
        data=lambda w: {"planned_amount": 120_000_000},
    ),
    Case(
        "api:project_record_monthly_investment",
        API_WRITE,
        args=this_month,
        method="put",
        data=lambda w: {"completed_amount": 9_000_000},
    ),
]


@pytest.fixture
def world(county):
    """城关镇's key project (with a reported fund entry and a team candidate), its
    investor with a contact, and a 城关镇 project held as a duplicate of 河口镇's."""
    w = SimpleNamespace(**vars(county))
    w.investor = InvestorFactory(name="深圳新能科技有限公司")
    InvestorContact.objects.create(investor=w.investor, name="张伟", title="总经理", phone="13812345678")
    w.project = ProjectFactory(name="新能电池生产基地", investor=w.investor, introducing_unit=county.township, key_level=KeyLevel.COUNTY)
    w.fund_entry = FundEntryFactory(project=w.project)
    w.person = PersonFactory(name="李镇长", post="镇长", unit=county.township)
    w.twin = ProjectFactory(name="河口物流园", introducing_unit=county.other_township)
    w.suspect = ProjectFactory(
        name="河口物流园二期",
        investor=w.twin.investor,
        introducing_unit=county.township,
        duplicate_status=DuplicateStatus.SUSPECTED,
        duplicate_of=w.twin,
    )
    return w


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status


WRITTEN = (Project, TeamMember, StageEvent, Evidence, FundEntry, Investor, InvestorContact, InvestmentPlan, MonthlyInvestment)


def written(models=WRITTEN) -> dict[str, int]:
    """Rows and history rows: every action saves with history, so an unchanged
    count of history rows means nothing was written."""
    return {m.__name__: (m.objects.count(), m.history.count()) for m in models}


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.method != "get" and c.expect.get("other_reporter") in (403, 404)],
    ids=testing.param_id,
)
def test_a_unit_user_writes_nothing_on_another_units_records(case, world, request, client_for, other_reporter):
    args = case.args(world)  # may build what the endpoint works on (a plan)
    before = written()
    client = client_for(other_reporter)

    response = getattr(client, case.method)(reverse(case.name, args=args), case.data(world) if case.data else {}, content_type="application/json")

    assert response.status_code == case.expect["other_reporter"]
    assert response.json() in ({"detail": "记录不存在或无权查看"}, {"detail": "无权执行该操作"})
    assert written() == before
