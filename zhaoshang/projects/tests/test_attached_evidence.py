"""Files uploaded before the stage is recorded (as the API does) count for the
stage gate and are linked to the event they prove; files can be added to a stage
event afterwards."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhaoshang.projects import actions
from zhaoshang.projects.actions import Upload
from zhaoshang.projects.factories import StageEventFactory, make_uscc, pdf_file, png_file
from zhaoshang.projects.models import EvidenceKind, Stage


@pytest.fixture
def negotiating(project):
    StageEventFactory(project=project, stage=Stage.NEGOTIATING, date=timezone.localdate() - timedelta(days=20))
    return project


def test_an_earlier_uploaded_contract_satisfies_the_signing_gate_and_is_linked(negotiating, reporter):
    contract = actions.do_attach_evidence(negotiating, Upload(EvidenceKind.CONTRACT, pdf_file()), reporter)

    event = actions.do_record_stage(negotiating, Stage.SIGNED, timezone.localdate(), reporter, contract_amount=1_000_000, attached=[contract])

    contract.refresh_from_db()
    assert contract.stage_event == event
    assert contract.history.first().history_user == reporter


def test_skipping_to_started_links_each_file_to_the_stage_it_proves(negotiating, reporter, county):
    day = timezone.localdate()
    contract = actions.do_attach_evidence(negotiating, Upload(EvidenceKind.CONTRACT, pdf_file()), reporter)
    photo = actions.do_attach_evidence(negotiating, Upload(EvidenceKind.SITE_PHOTO, png_file()), reporter)

    actions.do_record_stage(
        negotiating,
        Stage.STARTED,
        day,
        reporter,
        contract_amount=1,
        company_uscc=make_uscc(5),
        landing_unit=county.township,
        attached=[contract, photo],
        skipped_dates={Stage.SIGNED: day, Stage.REGISTERED: day},
    )

    contract.refresh_from_db()
    photo.refresh_from_db()
    assert (contract.stage_event.stage, photo.stage_event.stage) == (Stage.SIGNED, Stage.STARTED)


def test_a_file_of_another_project_is_refused(negotiating, other_project, bureau_user):
    foreign = actions.do_attach_evidence(other_project, Upload(EvidenceKind.CONTRACT, pdf_file()), bureau_user)

    with pytest.raises(ValidationError) as excinfo:
        actions.do_record_stage(negotiating, Stage.SIGNED, timezone.localdate(), bureau_user, contract_amount=1, attached=[foreign])

    assert excinfo.value.message_dict == {"evidence": ["证明材料「合同.pdf」不是本项目尚未关联的文件"]}


def test_a_file_can_be_added_to_a_recorded_stage_event(negotiating, reporter):
    event = negotiating.events.get()

    evidence = actions.do_attach_evidence(negotiating, Upload(EvidenceKind.OTHER, pdf_file()), reporter, stage_event=event)

    assert evidence.stage_event == event


def test_a_stage_event_of_another_project_is_refused(negotiating, other_project, reporter):
    foreign = StageEventFactory(project=other_project)

    with pytest.raises(ValidationError) as excinfo:
        actions.do_attach_evidence(negotiating, Upload(EvidenceKind.OTHER, pdf_file()), reporter, stage_event=foreign)

    assert excinfo.value.message_dict == {"stage_event": ["阶段事件不属于该项目"]}
