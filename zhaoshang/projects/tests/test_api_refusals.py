"""Every refusal comes back the same way: 401 anonymous, 404 out of scope, 403 not
allowed, 409 stale version, 422 with the fields and Chinese messages."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zhaoshang.projects import actions
from zhaoshang.projects.factories import (
    PDF_BYTES,
    PNG_BYTES,
    EvidenceFactory,
    FundEntryFactory,
    ObstacleFactory,
    StageEventFactory,
)
from zhaoshang.projects.models import Evidence, FundStatus, Project, Stage, StageEvent

TODAY = "today"

# (URL name, method, body) of every endpoint on one of 河口镇's records.
OTHER_UNIT_ENDPOINTS = [
    ("api:project_detail", "get", None),
    ("api:project_update", "patch", {"version": 1, "name": "改名"}),
    ("api:project_events", "get", None),
    ("api:project_record_stage", "post", {"stage": "negotiating", "date": TODAY}),
    ("api:project_correct_stage", "post", {"stage": "lead", "reason": "x"}),
    ("api:project_set_credits", "put", [{"unit_id": 1, "share_bp": 10000}]),
    ("api:fund_create", "post", {"date": TODAY, "amount": 1, "kind": "other"}),
    ("api:obstacle_create", "post", {"category": "funds", "description": "x", "responsible_unit_id": 1, "deadline": TODAY}),
    ("api:fund_detail", "get", None),
    ("api:fund_approve", "post", None),
    ("api:fund_verify", "post", None),
    ("api:fund_return", "post", {"reason": "x"}),
    ("api:obstacle_status", "post", {"status": "in_progress"}),
    ("api:project_evidence_download", "get", None),
]


def call(client, name: str, method: str, pk: int, body):
    url = reverse(name, args=[pk])
    if body is None:
        return getattr(client, method)(url)
    body = {k: timezone.localdate().isoformat() if v == TODAY else v for k, v in body.items()} if isinstance(body, dict) else body
    return getattr(client, method)(url, body, content_type="application/json")


@pytest.mark.parametrize(("name", "method", "body"), OTHER_UNIT_ENDPOINTS, ids=[e[0] for e in OTHER_UNIT_ENDPOINTS])
def test_another_units_records_are_not_found_on_every_endpoint(name, method, body, other_project, client_for, reporter):
    objects = {
        "fund": FundEntryFactory(project=other_project),
        "obstacle": ObstacleFactory(project=other_project),
        "evidence": EvidenceFactory(project=other_project),
    }
    pk = next((obj.pk for prefix, obj in objects.items() if prefix in name), other_project.pk)

    response = call(client_for(reporter), name, method, pk, body)

    assert response.status_code == 404
    assert response.json() == {"detail": "记录不存在或无权查看"}


def test_another_units_evidence_cannot_be_uploaded_to(other_project, client_for, reporter):
    response = client_for(reporter).post(
        reverse("api:project_evidence_upload", args=[other_project.pk]),
        {"kind": "other", "file": SimpleUploadedFile("a.pdf", PDF_BYTES)},
    )

    assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_reporter_cannot_verify_funds(project, client_for, reporter):
    entry = FundEntryFactory(project=project, status=FundStatus.UNIT_APPROVED)
    EvidenceFactory(project=project, fund_entry=entry)

    response = client_for(reporter).post(reverse("api:fund_verify", args=[entry.pk]))

    assert response.status_code == 403
    assert response.json() == {"detail": "无权执行该操作"}
    entry.refresh_from_db()
    assert entry.status == FundStatus.UNIT_APPROVED


def test_anonymous_callers_get_401_and_nothing_is_written(county, client_for):
    response = client_for(None).post(
        reverse("api:project_create"),
        {"name": "x", "category": "industry", "introducing_unit_id": county.township.pk},
        content_type="application/json",
    )

    assert response.status_code == 401
    assert not Project.objects.exists()


def test_signing_without_amount_or_contract_is_refused_naming_both_fields(project, client_for, reporter):
    StageEventFactory(project=project, stage=Stage.NEGOTIATING, date=timezone.localdate() - timedelta(days=3))

    response = client_for(reporter).post(
        reverse("api:project_record_stage", args=[project.pk]),
        {"stage": "signed", "date": timezone.localdate().isoformat()},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert sorted(response.json()["detail"], key=lambda e: e["field"]) == [
        {"field": "contract_amount", "message": "签约须填写合同金额（大于0）"},
        {"field": "evidence", "message": "签约须上传正式合同（意向协议不算签约）"},
    ]
    assert not StageEvent.objects.filter(stage=Stage.SIGNED).exists()


def test_registering_without_uscc_or_landing_place_names_the_fields_as_the_api_takes_them(project, client_for, reporter):
    response = client_for(reporter).post(
        reverse("api:project_record_stage", args=[project.pk]),
        {
            "stage": "registered",
            "date": timezone.localdate().isoformat(),
            "skipped_dates": {"negotiating": timezone.localdate().isoformat(), "signed": timezone.localdate().isoformat()},
            "contract_amount": 1,
        },
        content_type="application/json",
    )

    fields = {e["field"] for e in response.json()["detail"]}
    assert response.status_code == 422
    # The contract file of the skipped signing is missing too.
    assert fields == {"company_uscc", "landing_unit_id", "evidence"}


def test_a_file_already_linked_elsewhere_does_not_satisfy_the_gate(project, client_for, reporter):
    entry = FundEntryFactory(project=project)
    linked = EvidenceFactory(project=project, fund_entry=entry, kind="contract")

    response = client_for(reporter).post(
        reverse("api:project_record_stage", args=[project.pk]),
        {"stage": "negotiating", "date": timezone.localdate().isoformat(), "evidence_ids": [linked.pk]},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "evidence"


def test_another_projects_evidence_id_is_refused(project, other_project, client_for, reporter):
    foreign = EvidenceFactory(project=other_project, kind="contract")

    response = client_for(reporter).post(
        reverse("api:project_record_stage", args=[project.pk]),
        {"stage": "negotiating", "date": timezone.localdate().isoformat(), "evidence_ids": [foreign.pk]},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [{"field": "evidence_ids", "message": "部分证明材料不存在或不属于该项目"}]


def test_a_stale_version_is_refused_with_409_and_the_changed_fields(county, project, client_for, reporter, unit_head):
    fresh = Project.objects.get(pk=project.pk)
    actions.do_update_project(fresh, {"progress_text": "已完成土地平整"}, 1, unit_head)

    response = client_for(reporter).patch(
        reverse("api:project_update", args=[project.pk]), {"version": 1, "name": "改名"}, content_type="application/json"
    )

    assert response.status_code == 409
    assert response.json()["changed_fields"] == ["形象进度"]
    detail = response.json()["detail"]
    assert detail.startswith(f"保存失败：该项目已被{unit_head.get_full_name() or unit_head.username}于")
    assert "（形象进度）" in detail
    project.refresh_from_db()
    assert project.name == "新能电池生产基地"


def test_the_current_version_saves_and_bumps_it(project, client_for, reporter):
    response = client_for(reporter).patch(
        reverse("api:project_update", args=[project.pk]), {"version": 1, "name": "新能电池二期"}, content_type="application/json"
    )

    assert response.status_code == 200
    assert (response.json()["name"], response.json()["version"]) == ("新能电池二期", 2)


def test_an_invalid_choice_is_a_field_error(project, client_for, reporter):
    response = client_for(reporter).patch(
        reverse("api:project_update", args=[project.pk]), {"version": 1, "category": "casino"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "category"


def test_an_unknown_landing_unit_is_a_field_error(project, client_for, reporter):
    response = client_for(reporter).patch(
        reverse("api:project_update", args=[project.pk]), {"version": 1, "landing_unit_id": 999_999}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [{"field": "landing_unit_id", "message": "落地园区/乡镇不存在"}]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("合同.pdf", PNG_BYTES, "证明材料「合同.pdf」的内容与扩展名不符（实际为PNG文件）"),
        ("setup.exe", b"MZ" + b"\x00" * 40, "证明材料「setup.exe」格式不支持：只能上传PDF、JPG或PNG文件"),
        ("合同.pdf", b"MZ\x90\x00" + b"\x00" * 40, "证明材料「合同.pdf」不是有效的PDF、JPG或PNG文件"),
    ],
)
def test_evidence_upload_checks_the_file_type_by_its_bytes(project, client_for, reporter, name, content, message):
    response = client_for(reporter).post(
        reverse("api:project_evidence_upload", args=[project.pk]), {"kind": "contract", "file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "file", "message": message}]}
    assert not Evidence.objects.exists()


def test_uploaded_evidence_downloads_with_its_name_and_type(project, client_for, reporter):
    client = client_for(reporter)
    uploaded = client.post(
        reverse("api:project_evidence_upload", args=[project.pk]), {"kind": "site_photo", "file": SimpleUploadedFile("现场.png", PNG_BYTES)}
    ).json()

    response = client.get(reverse("api:project_evidence_download", args=[uploaded["id"]]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PNG_BYTES


def test_evidence_cannot_be_added_to_a_verified_fund_entry(project, client_for, reporter):
    entry = FundEntryFactory(project=project, status=FundStatus.VERIFIED)

    response = client_for(reporter).post(
        reverse("api:project_evidence_upload", args=[project.pk]),
        {"kind": "bank_slip", "file": SimpleUploadedFile("进账单.pdf", PDF_BYTES), "fund_entry_id": entry.pk},
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [{"field": "evidence", "message": "已核实的到位资金不能再修改证明材料"}]


def test_verifying_twice_is_refused(project, client_for, bureau_user):
    entry = FundEntryFactory(project=project, status=FundStatus.VERIFIED)

    response = client_for(bureau_user).post(reverse("api:fund_verify", args=[entry.pk]))

    assert response.status_code == 422
    assert response.json()["detail"] == [{"field": "status", "message": "只有单位已审核的到位资金可以核实，当前为「招商局核实」"}]


def test_a_get_on_a_write_endpoint_is_not_allowed(project, client_for, reporter):
    assert client_for(reporter).get(reverse("api:fund_create", args=[project.pk])).status_code == 405
