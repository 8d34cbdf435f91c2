"""The whole project workflow through the API, as an external client (Bearer token)
and as the browser's own scripts (session + CSRF) would drive it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts.models import ApiToken
from zhaoshang.projects.factories import PDF_BYTES, PNG_BYTES
from zhaoshang.projects.models import FundEntry, Project, Stage


def bearer(user) -> Client:
    _, key = ApiToken.objects.create_for(user, "同步")
    # CSRF enforced: a token client must not need it, a session client must.
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key}"})


def post_json(client: Client, name: str, args: list, body) -> object:
    return client.post(reverse(name, args=args), body, content_type="application/json")


def upload(client: Client, project_id: int, kind: str, name: str, content: bytes, **links) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("api:project_evidence_upload", args=[project_id]),
        {"kind": kind, "file": SimpleUploadedFile(name, content), **links},
    )


def test_reporter_signs_reports_funds_head_approves_and_bureau_verifies_with_tokens(county, reporter, unit_head, bureau_user):
    today = timezone.localdate()
    as_reporter, as_head, as_bureau = bearer(reporter), bearer(unit_head), bearer(bureau_user)

    created = post_json(
        as_reporter,
        "api:project_create",
        [],
        {
            "name": "年产10万吨高档包装纸项目",
            "category": "industry",
            "industry": "纸业",
            "introducing_unit_id": county.township.pk,
            "total_investment": 300_000_000,
            "stage": "negotiating",
            "stage_date": (today - timedelta(days=20)).isoformat(),
            "planned_signed_on": (today - timedelta(days=5)).isoformat(),
        },
    )
    assert created.status_code == 201, created.json()
    project_id = created.json()["id"]
    assert created.json()["is_yi_plus"] is True

    contract = upload(as_reporter, project_id, "contract", "合同.pdf", PDF_BYTES)
    assert contract.status_code == 201, contract.json()
    signed = post_json(
        as_reporter,
        "api:project_record_stage",
        [project_id],
        {
            "stage": "signed",
            "date": (today - timedelta(days=10)).isoformat(),
            "contract_amount": 250_000_000,
            "evidence_ids": [contract.json()["id"]],
        },
    )
    assert signed.status_code == 201, signed.json()
    assert [e["id"] for e in signed.json()["evidence"]] == [contract.json()["id"]]

    fund = post_json(as_reporter, "api:fund_create", [project_id], {"date": today.isoformat(), "amount": 20_000_000, "kind": "capital"})
    assert fund.status_code == 201, fund.json()
    fund_id = fund.json()["id"]
    slip = upload(as_reporter, project_id, "bank_slip", "进账单.png", PNG_BYTES, fund_entry_id=fund_id)
    assert slip.status_code == 201, slip.json()

    assert as_head.post(reverse("api:fund_approve", args=[fund_id])).json()["status"] == "unit_approved"
    verified = as_bureau.post(reverse("api:fund_verify", args=[fund_id]))
    assert verified.status_code == 200
    assert verified.json()["status"] == "verified"

    detail = as_reporter.get(reverse("api:project_detail", args=[project_id])).json()
    assert detail["stage"] == "signed"
    assert detail["contract_amount"] == 250_000_000
    assert detail["credits"] == [{"unit_id": county.township.pk, "unit_name": "城关镇", "share_bp": 10_000}]
    dates = {d["stage"]: (d["planned"], d["actual"]) for d in detail["dates"]}
    assert dates["signed"] == ((today - timedelta(days=5)).isoformat(), (today - timedelta(days=10)).isoformat())
    assert dates["started"] == (None, None)
    entry = FundEntry.objects.get(pk=fund_id)
    assert (entry.reported_by, entry.approved_by, entry.verified_by) == (reporter, unit_head, bureau_user)
    assert Project.objects.get(pk=project_id).history.first().history_user == reporter


def test_returning_funds_needs_a_reason_and_records_it(county, reporter, bureau_user, project):
    entry = FundEntry.objects.create(project=project, date=timezone.localdate(), amount=1_000, kind="other")
    client = bearer(bureau_user)

    refused = post_json(client, "api:fund_return", [entry.pk], {"reason": "  "})
    returned = post_json(client, "api:fund_return", [entry.pk], {"reason": "进账单与金额不符"})

    assert refused.status_code == 422
    assert refused.json() == {"detail": [{"field": "reason", "message": "退回须填写原因"}]}
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_reason"] == "进账单与金额不符"


def test_bureau_corrects_a_stage_and_sets_joint_credit(county, reporter, bureau_user, project):
    client = bearer(bureau_user)
    post_json(client, "api:project_record_stage", [project.pk], {"stage": "negotiating", "date": timezone.localdate().isoformat()})

    corrected = post_json(client, "api:project_correct_stage", [project.pk], {"stage": "lead", "reason": "尚未实质洽谈"})
    credits = client.put(
        reverse("api:project_set_credits", args=[project.pk]),
        [{"unit_id": county.township.pk, "share_bp": 7000}, {"unit_id": county.other_township.pk, "share_bp": 3000}],
        content_type="application/json",
    )

    assert corrected.status_code == 201
    assert corrected.json()["kind"] == "correction"
    project.refresh_from_db()
    assert project.stage == Stage.LEAD
    events = client.get(reverse("api:project_events", args=[project.pk])).json()
    assert [(e["stage"], e["voided"]) for e in events if e["kind"] == "stage"] == [("negotiating", True)]
    assert [(c["unit_name"], c["share_bp"]) for c in credits.json()] == [("城关镇", 7000), ("河口镇", 3000)]


def test_obstacle_is_raised_escalated_and_resolved(county, reporter, leader, project):
    client = bearer(reporter)
    raised = post_json(
        client,
        "api:obstacle_create",
        [project.pk],
        {"category": "land_approval", "description": "用地指标未落实", "responsible_unit_id": county.department.pk, "deadline": "2020-01-01"},
    )
    obstacle_id = raised.json()["id"]
    leader_id = leader.person.pk

    escalated = post_json(client, "api:obstacle_status", [obstacle_id], {"status": "escalated", "note": "请县长协调", "escalated_to_id": leader_id})
    resolved = post_json(client, "api:obstacle_status", [obstacle_id], {"status": "resolved", "note": "指标已调剂"})
    overdue = client.get(reverse("api:obstacle_list"), {"overdue": "true"}).json()

    assert raised.json()["is_overdue"] is True
    assert escalated.json()["escalated_to_id"] == leader_id
    assert resolved.json()["status"] == "resolved"
    assert resolved.json()["is_overdue"] is False
    assert overdue["count"] == 0


def test_investor_is_created_with_contacts_that_readers_without_a_project_see_masked(county, bureau_user, other_reporter):
    created = post_json(
        bearer(bureau_user),
        "api:investor_create",
        [],
        {"name": "温州鸿达塑业有限公司", "kind": "private", "region": "温州", "contacts": [{"name": "陈国平", "phone": "13812345678"}]},
    )
    investor_id = created.json()["id"]

    seen_by_other = bearer(other_reporter).get(reverse("api:investor_detail", args=[investor_id])).json()

    assert created.status_code == 201
    [contact] = created.json()["contacts"]
    assert contact == {"id": contact["id"], "name": "陈国平", "title": "", "phone": "13812345678", "email": ""}
    assert seen_by_other["contacts"] == [{"id": contact["id"], "name": "陈**", "title": "", "phone": "138****5678", "email": ""}]


class TestSessionClients:
    """The browser's own scripts use the session; their writes need the CSRF token."""

    @pytest.fixture
    def session(self, reporter) -> Client:
        client = Client(enforce_csrf_checks=True)
        client.force_login(reporter)
        return client

    def body(self, county) -> dict:
        return {"name": "城关镇物流园", "category": "logistics", "introducing_unit_id": county.township.pk}

    def test_a_session_write_without_the_csrf_token_is_refused(self, county, session):
        response = session.post(reverse("api:project_create"), self.body(county), content_type="application/json")

        assert response.status_code == 403
        assert not Project.objects.exists()

    def test_a_session_write_with_the_csrf_token_is_accepted(self, county, session):
        session.get(reverse("home"))
        token = session.cookies["csrftoken"].value

        response = session.post(reverse("api:project_create"), self.body(county), content_type="application/json", headers={"X-CSRFToken": token})

        assert response.status_code == 201
        assert Project.objects.get().name == "城关镇物流园"

    def test_reads_need_no_token(self, project, session):
        assert session.get(reverse("api:project_detail", args=[project.pk])).json()["name"] == "新能电池生产基地"
