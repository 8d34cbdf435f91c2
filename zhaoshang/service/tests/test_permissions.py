"""Who may open each 营商环境 URL. Decision (service/access.py): everyone reads the
records of the units they read (河口镇's reporter gets 404 for 城关镇's); the
bureau imports and corrects service items; whoever writes for the promising unit
keeps its commitments; a leader reads only (403)."""

import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case

LOGIN = 302
ALL = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
READ = {**ALL, "other_reporter": 404}
BUREAU = {"anonymous": LOGIN, "reporter": 403, "other_reporter": 403, "unit_head": 403, "leader": 403, "bureau_user": 200, "admin_user": 200}
ITEM_EDIT = {**BUREAU, "other_reporter": 404}
KEEP = {**READ, "leader": 403}
KEEP_POST = {**KEEP, "reporter": 302, "unit_head": 302, "bureau_user": 302, "admin_user": 302}
CREATE = {**ALL, "leader": 403}
API_ALL = {**ALL, "anonymous": 401}
API_READ = {**READ, "anonymous": 401}
API_KEEP = {**KEEP, "anonymous": 401}


def item(w):
    return [w.item.pk]


def commitment(w):
    return [w.commitment.pk]


def _item_post(w):
    return {
        "name": "施工许可",
        "applicant": "示例公司",
        "applicant_uscc": "",
        "project": "",
        "accepted_on": "2026-03-02",
        "committed_days": "5",
        "statutory_days": "20",
        "finished_on": "2026-03-06",
        "version": w.item.version,
    }


def _commitment_post(w):
    return {
        "unit": w.township.pk,
        "source": "agreement",
        "source_ref": "投资协议第七条",
        "content": "三年内返还租金",
        "amount_wan": "50",
        "condition": "",
        "due_on": "2026-12-31",
        "version": w.commitment.version,
    }


def _progress(w):
    return {"status": "partial", "date": "2026-01-10", "note": "已拨付首期", "reason": "财政资金分期", "version": w.commitment.version}


CASES = [
    Case("service:item_list", ALL),
    Case("service:item_list", READ, query={"scope": "unit:{}"}),  # formatted in the fixture
    Case("service:item_export", ALL),
    Case("service:item_detail", READ, args=item),
    Case("service:item_edit", ITEM_EDIT, args=item),
    Case("service:item_edit", {**ITEM_EDIT, "bureau_user": 302, "admin_user": 302}, args=item, method="post", data=_item_post),
    Case("service:item_import", BUREAU),
    Case("service:item_import", BUREAU, method="post", data=lambda w: {}),
    Case("service:item_template", BUREAU),
    Case("service:commitment_list", ALL),
    Case("service:commitment_export", ALL),
    Case("service:commitment_create", CREATE),
    Case(
        "service:commitment_create",
        {**CREATE, "reporter": 302, "unit_head": 302, "bureau_user": 302, "admin_user": 302},
        method="post",
        data=_commitment_post,
    ),
    Case("service:commitment_detail", READ, args=commitment),
    Case("service:commitment_edit", KEEP, args=commitment),
    Case("service:commitment_edit", KEEP_POST, args=commitment, method="post", data=_commitment_post),
    Case("service:commitment_progress", KEEP_POST, args=commitment, method="post", data=_progress),
    Case("service:commitment_progress", {"reporter": 405}, args=commitment),
    Case("service:milestone_add", KEEP_POST, args=commitment, method="post", data=lambda w: {"title": "签订补充协议", "due_on": "2026-05-01"}),
    Case("service:milestone_done", KEEP_POST, args=lambda w: [w.milestone.pk], method="post"),
    Case("service:commitment_breach", KEEP_POST, args=commitment, method="post", data=lambda w: {"note": "补助未按约拨付"}),
    Case("service:ranking", ALL),
    Case("service:ranking", ALL, query={"as_of": "2026-06-30", "by": "commitment_fulfilment"}),
    Case("service:ranking_export", ALL),
    Case("api:service_item_list", API_ALL, query={"state": "late"}),
    Case("api:service_item_detail", API_READ, args=item),
    Case("api:commitment_list", API_ALL, query={"attention": "true"}),
    Case("api:commitment_detail", API_READ, args=commitment),
    Case(
        "api:commitment_create",
        {**API_KEEP, "reporter": 201, "unit_head": 201, "bureau_user": 201, "admin_user": 201},
        method="post",
        data=lambda w: {
            "unit_id": w.township.pk,
            "source": "minutes",
            "source_ref": "县政府常务会议纪要〔2026〕3号",
            "content": "协调解决用电增容",
            "due_on": "2026-08-31",
        },
    ),
    Case("api:commitment_progress", API_KEEP, args=commitment, method="post", data=lambda w: {**_progress(w), "status": "fulfilled"}),
    Case("api:commitment_breach", API_KEEP, args=commitment, method="post", data=lambda w: {"note": "补助未按约拨付"}),
    Case("api:service_figures", {**API_READ, "other_reporter": 404}, query={"scope": "unit:{}"}),
]


@pytest.fixture
def world(county, bureau_user):
    from zhaoshang.service.factories import CommitmentFactory, MilestoneFactory, ServiceItemFactory

    county.item = ServiceItemFactory(unit=county.township)
    county.commitment = CommitmentFactory(unit=county.township, created_by=bureau_user)
    county.milestone = MilestoneFactory(commitment=county.commitment)
    return county


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    if case.query.get("scope") == "unit:{}":
        case = Case(case.name, case.expect, case.args, case.method, case.data, {**case.query, "scope": f"unit:{world.township.pk}"})
    assert testing.run(case, persona, world, request, client_for) == status
