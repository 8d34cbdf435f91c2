"""Who may call each projects API endpoint. 404 for records outside the user's scope,
403 for records they may see but not change; the API answers 401 to anonymous callers."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhaoshang.core import testing
from zhaoshang.core.testing import Case
from zhaoshang.projects.factories import (
    PDF_BYTES,
    EvidenceFactory,
    FundEntryFactory,
    InvestorFactory,
    ObstacleFactory,
    ProjectFactory,
    StageEventFactory,
)
from zhaoshang.projects.models import FundStatus, Stage

API_READ_LIST = {
    "anonymous": 401,
    "reporter": 200,
    "other_reporter": 200,
    "unit_head": 200,
    "leader": 200,
    "bureau_user": 200,
    "admin_user": 200,
}
# Reading a record of 城关镇.
API_READ = {**API_READ_LIST, "other_reporter": 404}
# Creating something on 城关镇's project: its reporter and unit head, the bureau.
API_WRITE_CREATED = {
    "anonymous": 401,
    "reporter": 201,
    "other_reporter": 404,
    "unit_head": 201,
    "leader": 403,
    "bureau_user": 201,
    "admin_user": 201,
}
API_WRITE = {**API_WRITE_CREATED, "reporter": 200, "unit_head": 200, "bureau_user": 200, "admin_user": 200}
# Approving (unit head) and returning: not the reporter.
API_APPROVE = {**API_WRITE, "reporter": 403}
# Verifying, correcting stages, settling credit: the bureau's.
API_BUREAU = {**API_APPROVE, "unit_head": 403}


def today() -> str:
    return timezone.localdate().isoformat()


def project(w):
    return [w.project.pk]


def fund_entry(w):
    return [w.fund_entry.pk]


def negotiating(w) -> list:
    """城关镇's project with a lead and a negotiating event, so that the bureau has a
    stage to correct. Built here rather than in `world`, so the shared fixture stays
    the plain project that the screens' Cases expect."""
    day = timezone.localdate() - timedelta(days=30)
    StageEventFactory(project=w.project, stage=Stage.LEAD, date=day - timedelta(days=30))
    StageEventFactory(project=w.project, stage=Stage.NEGOTIATING, date=day)
    type(w.project).objects.filter(pk=w.project.pk).update(stage=Stage.NEGOTIATING)
    return [w.project.pk]


def upload(w) -> dict:
    return {"kind": "other", "file": SimpleUploadedFile("说明.pdf", PDF_BYTES, content_type="application/pdf")}


CASES = [
    # API: projects
    Case("api:project_list", API_READ_LIST),
    Case("api:project_detail", API_READ, args=project),
    Case(
        "api:project_create",
        API_WRITE_CREATED,
        method="post",
        data=lambda w: {"name": "年产5万吨纸箱项目", "category": "industry", "introducing_unit_id": w.township.pk},
    ),
    Case("api:project_update", API_WRITE, args=project, method="patch", data=lambda w: {"version": 1, "progress_text": "主体完工"}),
    Case("api:project_events", API_READ, args=project),
    Case(
        "api:project_record_stage",
        API_WRITE_CREATED,
        args=project,
        method="post",
        data=lambda w: {"stage": "stalled", "date": today(), "note": "客商资金链紧张"},
    ),
    Case(
        "api:project_correct_stage",
        {**API_BUREAU, "bureau_user": 201, "admin_user": 201},
        args=negotiating,
        method="post",
        data=lambda w: {"stage": "lead", "reason": "洽谈记录有误"},
    ),
    Case(
        "api:project_set_credits",
        API_BUREAU,
        args=project,
        method="put",
        data=lambda w: [{"unit_id": w.township.pk, "share_bp": 6000}, {"unit_id": w.other_township.pk, "share_bp": 4000}],
    ),
    # API: funds arrived
    Case("api:fund_list", API_READ_LIST),
    Case("api:fund_detail", API_READ, args=fund_entry),
    Case(
        "api:fund_create",
        API_WRITE_CREATED,
        args=project,
        method="post",
        data=lambda w: {"date": today(), "amount": 5_000_000, "kind": "investment"},
    ),
    Case("api:fund_approve", API_APPROVE, args=fund_entry, method="post"),
    Case("api:fund_verify", API_BUREAU, args=lambda w: [w.approved_entry.pk], method="post"),
    Case("api:fund_return", API_APPROVE, args=fund_entry, method="post", data=lambda w: {"reason": "缺少进账单"}),
    # API: evidence
    Case("api:project_evidence_upload", API_WRITE_CREATED, args=project, method="post_form", data=upload),
    Case("api:project_evidence_download", API_READ, args=lambda w: [w.evidence.pk]),
    # API: obstacles
    Case("api:obstacle_list", API_READ_LIST),
    Case(
        "api:obstacle_create",
        API_WRITE_CREATED,
        args=project,
        method="post",
        data=lambda w: {"category": "funds", "description": "贷款未落实", "responsible_unit_id": w.township.pk, "deadline": today()},
    ),
    Case("api:obstacle_status", API_WRITE, args=lambda w: [w.obstacle.pk], method="post", data=lambda w: {"status": "in_progress"}),
    # API: follow-ups
    Case("api:project_follow_ups", API_READ, args=project),
    Case(
        "api:project_follow_up_create",
        API_WRITE_CREATED,
        args=project,
        method="post",
        data=lambda w: {"date": today(), "note": "电话询问设备进场情况"},
    ),
    # API: investors (the 客商库 is shared by the jurisdiction)
    Case("api:investor_list", API_READ_LIST),
    Case("api:investor_detail", API_READ_LIST, args=lambda w: [w.investor.pk]),
    Case(
        "api:investor_create",
        {**API_WRITE_CREATED, "other_reporter": 201},
        method="post",
        data=lambda w: {"name": "温州鸿达塑业有限公司", "kind": "private", "region": "温州"},
    ),
]


@pytest.fixture
def world(county):
    """城关镇's project with a reported and a unit-approved fund entry, an obstacle
    and an evidence file; 河口镇's project for the other reporter."""
    w = SimpleNamespace(**vars(county))
    w.investor = InvestorFactory(name="深圳新能科技有限公司")
    w.project = ProjectFactory(name="新能电池生产基地", investor=w.investor, introducing_unit=county.township)
    w.other_project = ProjectFactory(name="河口物流园", introducing_unit=county.other_township)
    w.fund_entry = FundEntryFactory(project=w.project)
    w.approved_entry = FundEntryFactory(project=w.project, status=FundStatus.UNIT_APPROVED)
    EvidenceFactory(project=w.project, fund_entry=w.approved_entry)
    w.evidence = EvidenceFactory(project=w.project, fund_entry=w.fund_entry)
    w.obstacle = ObstacleFactory(project=w.project)
    return w


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
