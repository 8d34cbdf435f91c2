"""The stage screen asks only for the target stage's evidence (and the skipped
stages'), refuses without it in Chinese, swaps its fields by htmx; intents and
the bureau's correction have their own screens."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhaoshang.projects import actions
from zhaoshang.projects.factories import PDF_BYTES, PNG_BYTES, make_uscc
from zhaoshang.projects.models import EventKind, Stage, StageEvent


def url(project, name="project_stage"):
    return reverse(f"projects:{name}", args=[project.pk])


@pytest.fixture
def negotiating(project, reporter, days_ago):
    actions.do_record_stage(project, Stage.NEGOTIATING, days_ago(30), reporter)
    project.refresh_from_db()
    return project


def fields_for(client, project, stage) -> set[str]:
    return set(client.get(url(project), {"stage": stage}).context["form"].fields)


def test_only_later_stages_and_stalled_or_dropped_are_offered(client_for, reporter, negotiating):
    form = client_for(reporter).get(url(negotiating)).context["form"]
    offered = [value for value, _ in form.fields["stage"].choices]
    assert offered == ["signed", "registered", "started", "completed", "producing", "effective", "stalled", "dropped"]


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        ("signed", {"stage", "date", "contract_amount_wan", "contract_file", "note"}),
        ("stalled", {"stage", "date", "note"}),
        ("dropped", {"stage", "date", "note"}),
    ],
)
def test_the_form_asks_only_for_the_target_stages_evidence(stage, expected, client_for, reporter, negotiating):
    assert fields_for(client_for(reporter), negotiating, stage) == expected


def test_skipped_stages_get_their_own_dates_and_evidence(client_for, reporter, negotiating):
    fields = fields_for(client_for(reporter), negotiating, "started")
    assert fields == {
        "stage",
        "date",
        "note",
        "skipped_signed",
        "contract_amount_wan",
        "contract_file",
        "skipped_registered",
        "company_uscc",
        "landing_unit",
        "site_file_kind",
        "site_file",
    }


def test_a_project_already_registered_is_asked_only_for_the_start_evidence(client_for, reporter, county, project, days_ago):
    actions.do_record_stage(
        project,
        Stage.REGISTERED,
        days_ago(5),
        reporter,
        contract_amount=10_000_000,
        company_uscc=make_uscc(5),
        landing_unit=county.township,
        evidence=[actions.Upload("contract", SimpleUploadedFile("合同.pdf", PDF_BYTES))],
        skipped_dates={Stage.NEGOTIATING: days_ago(7), Stage.SIGNED: days_ago(6)},
    )
    project.refresh_from_db()
    assert fields_for(client_for(reporter), project, "started") == {"stage", "date", "note", "site_file_kind", "site_file"}


def test_htmx_swaps_only_the_evidence_fields(client_for, reporter, negotiating):
    response = client_for(reporter).get(url(negotiating), {"stage": "registered"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="stage-fields">')
    assert 'name="company_uscc"' in body and 'name="contract_file"' in body  # signed is skipped on the way
    assert "<html" not in body


def test_signing_without_amount_or_contract_is_refused_in_chinese(client_for, reporter, negotiating, today):
    response = client_for(reporter).post(url(negotiating), {"stage": "signed", "date": today.isoformat()})
    body = response.content.decode()
    assert response.status_code == 200
    assert "签约须填写合同金额" in body and "签约须上传正式合同（意向协议不算签约）" in body
    assert not StageEvent.objects.filter(stage=Stage.SIGNED).exists()


def test_a_wrong_file_type_is_refused_in_chinese(client_for, reporter, negotiating, today):
    data = {
        "stage": "signed",
        "date": today.isoformat(),
        "contract_amount_wan": "8000",
        "contract_file": SimpleUploadedFile("合同.exe", b"MZ\x90\x00"),
    }
    response = client_for(reporter).post(url(negotiating), data)
    assert "只能上传PDF、JPG或PNG文件" in response.content.decode()
    assert not StageEvent.objects.filter(stage=Stage.SIGNED).exists()


def test_signing_with_its_evidence_is_recorded_with_the_amount_in_yuan(client_for, reporter, negotiating, today):
    data = {
        "stage": "signed",
        "date": today.isoformat(),
        "contract_amount_wan": "8000.5",
        "contract_file": SimpleUploadedFile("合同.pdf", PDF_BYTES),
    }
    response = client_for(reporter).post(url(negotiating), data)
    negotiating.refresh_from_db()
    assert response.status_code == 302
    assert negotiating.stage == Stage.SIGNED and negotiating.contract_amount == 80_005_000
    assert negotiating.evidence.get().kind == "contract"


def test_a_skip_to_started_records_every_stage_with_its_own_date(client_for, reporter, county, negotiating, days_ago):
    data = {
        "stage": "started",
        "date": days_ago(1).isoformat(),
        "skipped_signed": days_ago(10).isoformat(),
        "contract_amount_wan": "5000",
        "contract_file": SimpleUploadedFile("合同.pdf", PDF_BYTES),
        "skipped_registered": days_ago(5).isoformat(),
        "company_uscc": make_uscc(9),
        "landing_unit": county.township.pk,
        "site_file_kind": "site_photo",
        "site_file": SimpleUploadedFile("现场.png", PNG_BYTES),
    }
    response = client_for(reporter).post(url(negotiating), data)
    assert response.status_code == 302
    dates = dict(negotiating.events.filter(kind=EventKind.STAGE).values_list("stage", "date"))
    assert dates["signed"] == days_ago(10) and dates["registered"] == days_ago(5) and dates["started"] == days_ago(1)


def test_a_skipped_stage_without_its_date_is_refused(client_for, reporter, county, negotiating, today):
    data = {"stage": "registered", "date": today.isoformat(), "company_uscc": make_uscc(9), "landing_unit": county.township.pk}
    body = client_for(reporter).post(url(negotiating), data).content.decode()
    assert "跳过的「签约」阶段须填写实际日期" in body


def test_a_future_date_is_refused_by_the_action_and_shown_on_the_field(client_for, reporter, negotiating, today):
    from datetime import timedelta

    data = {"stage": "stalled", "date": (today + timedelta(days=3)).isoformat(), "note": "等待"}
    response = client_for(reporter).post(url(negotiating), data)
    assert response.context["form"].errors["date"] == ["实际日期不能晚于今天"]


def test_stalling_needs_a_reason(client_for, reporter, negotiating, today):
    body = client_for(reporter).post(url(negotiating), {"stage": "stalled", "date": today.isoformat()}).content.decode()
    assert "停滞须填写原因" in body


def test_an_intent_is_recorded_apart_and_does_not_sign(client_for, reporter, negotiating, today):
    data = {"date": today.isoformat(), "note": "意向书", "file": SimpleUploadedFile("意向.pdf", PDF_BYTES)}
    response = client_for(reporter).post(url(negotiating, "project_intent"), data)
    negotiating.refresh_from_db()
    assert response.status_code == 302
    assert negotiating.intent_signed_on == today and negotiating.signed_on is None
    assert negotiating.stage == Stage.NEGOTIATING
    assert negotiating.evidence.get().kind == "intent"


def test_the_bureau_corrects_a_stage_back_with_a_reason(client_for, bureau_user, negotiating):
    client = client_for(bureau_user)
    offered = [v for v, _ in client.get(url(negotiating, "project_correct")).context["form"].fields["stage"].choices]
    assert offered == ["lead"]
    response = client.post(url(negotiating, "project_correct"), {"stage": "lead", "reason": "误报"})
    negotiating.refresh_from_db()
    assert response.status_code == 302 and negotiating.stage == Stage.LEAD
    assert negotiating.events.filter(voided_at__isnull=False).get().void_reason == "误报"


def test_a_correction_without_a_reason_is_refused(client_for, bureau_user, negotiating):
    response = client_for(bureau_user).post(url(negotiating, "project_correct"), {"stage": "lead", "reason": ""})
    assert response.status_code == 200
    negotiating.refresh_from_db()
    assert negotiating.stage == Stage.NEGOTIATING
