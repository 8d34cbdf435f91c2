"""Who may open each funds, obstacles and import URL. 404 for records outside the
user's scope, 403 for records they may see but not change."""

from types import SimpleNamespace

import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case

LOGIN = 302
# Pages of 城关镇's project: 河口镇 cannot see it.
PROJECT_READ = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 404, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
# Write screens on 城关镇's project: the leader reads but does not lead it.
PROJECT_WRITE = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 404, "unit_head": 200, "leader": 403, "bureau_user": 200, "admin_user": 200}
READ_LIST = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
BUREAU_ONLY = {"anonymous": LOGIN, "reporter": 403, "other_reporter": 403, "unit_head": 403, "leader": 403, "bureau_user": 200, "admin_user": 200}
IMPORTERS = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 403, "bureau_user": 200, "admin_user": 200}
# An import belongs to whoever uploaded it (reporter); the admin may look.
IMPORT_OWNER = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 404, "leader": 404, "bureau_user": 404, "admin_user": 200}


def project(w):
    return [w.project.pk]


def fund_entry(w):
    return [w.fund_entry.pk]


def obstacle(w):
    return [w.obstacle.pk]


CASES = [
    # Funds
    Case("projects:fund_report", PROJECT_WRITE, args=project),
    Case(
        "projects:fund_report",
        {**PROJECT_WRITE, "reporter": 302, "unit_head": 302, "bureau_user": 302, "admin_user": 302},
        args=project,
        method="post",
        data=lambda w: {"date": "2024-05-01", "amount_wan": "100", "currency": "CNY", "kind": "investment", "evidence_kind": "bank_slip"},
    ),
    Case("projects:fund_edit", PROJECT_WRITE, args=fund_entry),
    Case(
        "projects:fund_approve",
        {"anonymous": LOGIN, "reporter": 403, "other_reporter": 404, "leader": 403, "unit_head": 302, "bureau_user": 302, "admin_user": 302},
        args=fund_entry,
        method="post",
    ),
    Case("projects:fund_approve", {"anonymous": LOGIN, "unit_head": 405}, args=fund_entry),
    Case(
        "projects:fund_verify",
        {"anonymous": LOGIN, "reporter": 403, "other_reporter": 404, "unit_head": 403, "leader": 403, "bureau_user": 302, "admin_user": 302},
        args=lambda w: [w.approved_entry.pk],
        method="post",
    ),
    Case(
        "projects:fund_return",
        {"anonymous": LOGIN, "reporter": 403, "other_reporter": 404, "leader": 403, "unit_head": 302, "bureau_user": 302, "admin_user": 302},
        args=fund_entry,
        method="post",
        data=lambda w: {"reason": "金额与进账单不符"},
    ),
    Case(
        "projects:fund_attach",
        {**PROJECT_WRITE, "reporter": 302, "unit_head": 302, "bureau_user": 302, "admin_user": 302},
        args=fund_entry,
        method="post",
        data=lambda w: {"evidence_kind": "bank_slip"},
    ),
    Case("projects:fund_list", READ_LIST),
    Case("projects:fund_export", READ_LIST),
    Case("projects:fund_pending", BUREAU_ONLY),
    Case(
        "projects:fund_verify_bulk",
        {**BUREAU_ONLY, "bureau_user": 302, "admin_user": 302},
        method="post",
        data=lambda w: {"entries": [w.approved_entry.pk]},
    ),
    Case("projects:evidence_download", PROJECT_READ, args=lambda w: [w.evidence.pk]),
    # Obstacles
    Case("projects:obstacle_add", PROJECT_WRITE, args=project),
    Case(
        "projects:obstacle_add",
        {**PROJECT_WRITE, "reporter": 302, "unit_head": 302, "bureau_user": 302, "admin_user": 302},
        args=project,
        method="post",
        data=lambda w: {"category": "funds", "responsible_unit": w.township.pk, "deadline": "2030-01-01", "description": "融资未到位"},
    ),
    Case(
        "projects:obstacle_status",
        {**PROJECT_WRITE, "reporter": 302, "unit_head": 302, "bureau_user": 302, "admin_user": 302},
        args=obstacle,
        method="post",
        data=lambda w: {"status": "in_progress", "version": w.obstacle.version},
    ),
    Case("projects:obstacle_board", READ_LIST),
    Case("projects:obstacle_export", READ_LIST),
    # Imports
    Case("projects:import_list", READ_LIST),
    Case("projects:import_export", READ_LIST),
    Case("projects:import_upload", IMPORTERS, args=lambda w: ["projects"]),
    Case("projects:import_template", IMPORTERS, args=lambda w: ["funds"]),
    Case("projects:import_preview", IMPORT_OWNER, args=lambda w: [w.import_log.pk]),
    Case(
        "projects:import_confirm",
        {**IMPORT_OWNER, "reporter": 302, "admin_user": 403},
        args=lambda w: [w.import_log.pk],
        method="post",
    ),
]


@pytest.fixture
def world(county, reporter):
    from zhaoshang.projects.factories import (
        EvidenceFactory,
        FundEntryFactory,
        InvestorFactory,
        ObstacleFactory,
        ProjectFactory,
    )
    from zhaoshang.projects.models import FundStatus, ImportKind, ImportLog, ImportStatus

    w = SimpleNamespace(**vars(county))
    w.investor = InvestorFactory(name="深圳新能科技有限公司")
    w.project = ProjectFactory(name="新能电池生产基地", investor=w.investor, introducing_unit=county.township)
    w.other_project = ProjectFactory(name="河口物流园", introducing_unit=county.other_township)
    w.fund_entry = FundEntryFactory(project=w.project)
    w.approved_entry = FundEntryFactory(project=w.project, status=FundStatus.UNIT_APPROVED)
    EvidenceFactory(project=w.project, fund_entry=w.approved_entry)
    w.evidence = EvidenceFactory(project=w.project, fund_entry=w.fund_entry)
    w.obstacle = ObstacleFactory(project=w.project)
    w.import_log = ImportLog.objects.create(
        kind=ImportKind.FUNDS, user=reporter, file_name="资金.xlsx", status=ImportStatus.FAILED, errors=["文件是空的"]
    )
    return w


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
