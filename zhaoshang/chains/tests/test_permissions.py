"""Who may open and change chains and targets: every login of the county reads its
chains; the bureau and the writers of the lead unit (城关镇 here) manage them; a
target is its owner unit's (another unit gets 404) and the chain's lead unit's."""

import pytest

from django.core.files.base import ContentFile

from zhaoshang.chains import actions
from zhaoshang.chains.factories import TargetFactory, make_chain, segment
from zhaoshang.chains.models import ChainReport
from zhaoshang.core import testing
from zhaoshang.core.testing import Case
from zhaoshang.projects.factories import InvestorFactory

LOGIN = 302
READ = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
MANAGE = {**READ, "other_reporter": 403, "leader": 403}
MANAGE_POST = {"anonymous": LOGIN, "reporter": 302, "other_reporter": 403, "unit_head": 302, "leader": 403, "bureau_user": 302, "admin_user": 302}
TARGET = {**READ, "other_reporter": 404}
TARGET_EDIT = {**TARGET, "leader": 403}
TARGET_POST = {**MANAGE_POST, "other_reporter": 404}
API_READ = {**READ, "anonymous": 401}


class World:
    def __init__(self, county, bureau_user):
        self.county = county
        self.chain = make_chain(county.root, "新能源电池", lead_unit=county.township)
        self.cell = segment(self.chain, "电芯制造")
        self.spare = segment(self.chain, "电池包")
        self.attachment = actions.do_attach(self.cell, bureau_user, investor=InvestorFactory(), is_local_above_size=True)
        self.target = TargetFactory(link=self.cell, owner_unit=county.township)
        self.report = ChainReport.objects.create(county=county.root, year=2026, quarter=1, status="done", requested_by=bureau_user)
        self.report.docx_file.save("报告.docx", ContentFile(b"PK"), save=True)


@pytest.fixture
def world(county, bureau_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return World(county, bureau_user)


def _pk(name):
    return lambda w: [getattr(w, name).pk]


CASES = [
    Case("chains:chain_list", READ),
    Case("chains:chain_create", {**READ, "reporter": 403, "other_reporter": 403, "unit_head": 403, "leader": 403}),
    Case(
        "chains:chain_create",
        {"anonymous": LOGIN, "reporter": 403, "bureau_user": 302},
        method="post",
        data=lambda w: {"name": "绿色食品", "lead_unit": w.county.township.pk, "sort_order": 1},
    ),
    Case("chains:chain_detail", READ, args=_pk("chain")),
    Case("chains:chain_detail", {"bureau_user": 404}, args=lambda w: [0]),
    Case("chains:chain_edit", MANAGE, args=_pk("chain")),
    Case("chains:chain_map", READ, args=_pk("chain")),
    Case("chains:link_drill", READ, args=_pk("cell")),
    Case("chains:link_edit", MANAGE, args=_pk("cell")),
    Case("chains:link_add", MANAGE_POST, args=_pk("cell"), method="post", data=lambda w: {"name": "磷酸铁锂电芯"}),
    Case("chains:link_add", {"reporter": 405}, args=_pk("cell")),
    Case("chains:link_delete", MANAGE_POST, args=_pk("spare"), method="post"),
    Case(
        "chains:link_attach",
        MANAGE_POST,
        args=_pk("cell"),
        method="post",
        data=lambda w: {"investor": InvestorFactory().pk, "is_local_above_size": "on"},
    ),
    Case("chains:link_override", MANAGE_POST, args=_pk("cell"), method="post", data=lambda w: {"state": "strong", "reason": "县外配套"}),
    Case("chains:attachment_delete", MANAGE_POST, args=_pk("attachment"), method="post"),
    Case("chains:link_import", READ),
    Case("chains:target_import", READ),
    Case("chains:import_template", READ, args=lambda w: ["targets"]),
    Case("chains:target_list", READ),
    Case("chains:target_list", READ, query={"tier": "listed", "sort": "name", "q": "目标"}),
    Case("chains:target_export", READ),
    Case("chains:target_create", {**READ, "leader": 403}, args=_pk("chain")),
    Case(
        "chains:target_create",
        {"anonymous": LOGIN, "reporter": 302, "other_reporter": 200, "leader": 403, "bureau_user": 302},
        args=_pk("chain"),
        method="post",
        data=lambda w: {"link": w.cell.pk, "name": "甲公司", "tier": "listed", "owner_unit": w.county.township.pk, "contact_stage": "none"},
    ),
    Case("chains:target_detail", TARGET, args=_pk("target")),
    Case("chains:target_edit", TARGET_EDIT, args=_pk("target")),
    Case("chains:target_convert", TARGET_POST, args=_pk("target"), method="post"),
    Case("chains:report_list", READ),
    Case(
        "chains:report_list",
        {"anonymous": LOGIN, "reporter": 403, "leader": 403, "bureau_user": 302},
        method="post",
        data=lambda w: {"year": 2026, "quarter": 1},
    ),
    Case("chains:report_download", READ, args=_pk("report")),
    Case("api:chain_list", API_READ),
    Case("api:chain_detail", API_READ, args=_pk("chain")),
    Case("api:chain_links", API_READ, args=_pk("chain")),
    Case("api:chain_target_list", API_READ),
    Case("api:chain_target_detail", {**API_READ, "other_reporter": 404}, args=_pk("target")),
]


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
