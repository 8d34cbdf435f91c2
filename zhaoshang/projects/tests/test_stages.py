"""Stage life cycle: forward only, gates ask for each stage's evidence, skipped
stages are dated, intent is not signing, going back is a bureau correction."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.projects import actions
from zhaoshang.projects.actions import Upload
from zhaoshang.projects.factories import make_uscc, pdf_file, png_file, project_with_history
from zhaoshang.projects.models import EventKind, EvidenceKind, Project, Stage, StageEvent


@pytest.fixture
def negotiating(county, reporter, investor, days_ago):
    return project_with_history(
        reporter,
        {Stage.LEAD: days_ago(60), Stage.NEGOTIATING: days_ago(50)},
        introducing_unit=county.township,
        investor=investor,
    )


def contract():
    return Upload(EvidenceKind.CONTRACT, pdf_file())


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_signing_with_contract_date_amount_and_file_moves_the_project_and_mirrors_the_contract(negotiating, reporter, days_ago):
    event = actions.do_record_stage(negotiating, Stage.SIGNED, days_ago(10), reporter, contract_amount=300_000_000, evidence=[contract()])
    negotiating.refresh_from_db()
    assert negotiating.stage == Stage.SIGNED
    assert negotiating.signed_on == days_ago(10)
    assert negotiating.contract_amount == 300_000_000
    assert event.recorded_by == reporter
    assert event.evidence.get().kind == EvidenceKind.CONTRACT
    assert Project.objects.signed_between(days_ago(11), days_ago(9)).get() == negotiating


def test_signing_without_contract_amount_or_file_is_refused_naming_both(negotiating, reporter, days_ago):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_record_stage(negotiating, Stage.SIGNED, days_ago(10), reporter)
    assert errors_of(excinfo) == {
        "contract_amount": ["签约须填写合同金额（大于0）"],
        "evidence": ["签约须上传正式合同（意向协议不算签约）"],
    }
    negotiating.refresh_from_db()
    assert negotiating.stage == Stage.NEGOTIATING
    assert not negotiating.events.filter(stage=Stage.SIGNED).exists()


def test_an_intent_agreement_file_does_not_satisfy_the_signing_gate(negotiating, reporter, days_ago):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_record_stage(
            negotiating,
            Stage.SIGNED,
            days_ago(10),
            reporter,
            contract_amount=1_000_000,
            evidence=[Upload(EvidenceKind.INTENT, pdf_file("意向书.pdf"))],
        )
    assert "evidence" in errors_of(excinfo)


def test_an_intent_agreement_is_recorded_but_is_not_a_signing(negotiating, reporter, days_ago):
    event = actions.do_record_intent(negotiating, days_ago(5), reporter, note="签订投资意向书")
    negotiating.refresh_from_db()
    assert event.kind == EventKind.INTENT
    assert negotiating.intent_signed_on == days_ago(5)
    assert negotiating.stage == Stage.NEGOTIATING
    assert negotiating.signed_on is None
    assert not Project.objects.signed_between(days_ago(30), days_ago(0)).exists()


def test_a_future_date_is_refused(negotiating, reporter, days_ago):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_record_stage(negotiating, Stage.SIGNED, days_ago(-1), reporter, contract_amount=1, evidence=[contract()])
    assert errors_of(excinfo) == {"date": ["实际日期不能晚于今天"]}


def test_a_date_before_the_previous_stage_is_refused(negotiating, reporter, days_ago):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_record_stage(negotiating, Stage.SIGNED, days_ago(55), reporter, contract_amount=1, evidence=[contract()])
    assert "date" in errors_of(excinfo)


def test_registering_needs_a_valid_company_uscc_and_a_landing_place(county, reporter, days_ago):
    project = project_with_history(reporter, {Stage.LEAD: days_ago(30), Stage.SIGNED: days_ago(20)}, introducing_unit=county.township)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_record_stage(project, Stage.REGISTERED, days_ago(10), reporter, company_uscc="914403001922038217")
    assert set(errors_of(excinfo)) == {"company_uscc", "landing_unit"}
    assert "校验位" in errors_of(excinfo)["company_uscc"][0]

    actions.do_record_stage(project, Stage.REGISTERED, days_ago(10), reporter, company_uscc=make_uscc(1), landing_unit=county.township)
    project.refresh_from_db()
    assert (project.stage, project.company_uscc, project.landing_unit) == (
        Stage.REGISTERED,
        make_uscc(1),
        county.township,
    )


def test_starting_needs_a_site_photo_or_a_permit(county, reporter, days_ago):
    project = project_with_history(
        reporter,
        {Stage.LEAD: days_ago(30), Stage.REGISTERED: days_ago(20)},
        introducing_unit=county.township,
    )
    with pytest.raises(ValidationError) as excinfo:
        actions.do_record_stage(project, Stage.STARTED, days_ago(5), reporter)
    assert errors_of(excinfo) == {"evidence": ["开工须上传现场照片或施工许可"]}

    actions.do_record_stage(project, Stage.STARTED, days_ago(5), reporter, evidence=[Upload(EvidenceKind.PERMIT, pdf_file("许可证.pdf"))])
    project.refresh_from_db()
    assert project.stage == Stage.STARTED


def test_producing_needs_only_its_date(county, reporter, days_ago):
    project = project_with_history(
        reporter,
        {Stage.LEAD: days_ago(90), Stage.STARTED: days_ago(60), Stage.COMPLETED: days_ago(20)},
        introducing_unit=county.township,
    )
    actions.do_record_stage(project, Stage.PRODUCING, days_ago(3), reporter)
    project.refresh_from_db()
    assert project.stage == Stage.PRODUCING


def test_skipping_stages_needs_a_date_for_each_skipped_stage(negotiating, reporter, days_ago):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_record_stage(
            negotiating,
            Stage.STARTED,
            days_ago(5),
            reporter,
            contract_amount=1_000_000,
            company_uscc=make_uscc(2),
            landing_unit=negotiating.introducing_unit,
            evidence=[contract(), Upload(EvidenceKind.SITE_PHOTO, png_file())],
        )
    assert errors_of(excinfo) == {"skipped_dates": ["跳过的阶段须填写实际日期：签约、落地"]}


def test_skipping_signed_to_started_dates_each_skipped_stage_and_checks_its_gate(county, reporter, days_ago):
    project = project_with_history(reporter, {Stage.LEAD: days_ago(40), Stage.SIGNED: days_ago(30)}, introducing_unit=county.township)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_record_stage(
            project,
            Stage.STARTED,
            days_ago(5),
            reporter,
            evidence=[Upload(EvidenceKind.SITE_PHOTO, png_file())],
            skipped_dates={Stage.REGISTERED: days_ago(20)},
        )
    assert set(errors_of(excinfo)) == {"company_uscc", "landing_unit"}

    actions.do_record_stage(
        project,
        Stage.STARTED,
        days_ago(5),
        reporter,
        company_uscc=make_uscc(3),
        landing_unit=county.township,
        evidence=[Upload(EvidenceKind.SITE_PHOTO, png_file())],
        skipped_dates={Stage.REGISTERED: days_ago(20)},
    )
    dates = dict(project.events.active().filter(kind=EventKind.STAGE).values_list("stage", "date"))
    assert dates[Stage.REGISTERED] == days_ago(20)
    assert dates[Stage.STARTED] == days_ago(5)
    assert project.events.get(stage=Stage.STARTED).evidence.get().kind == EvidenceKind.SITE_PHOTO


def test_skipped_stage_dates_must_be_in_order(negotiating, reporter, days_ago):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_record_stage(
            negotiating,
            Stage.REGISTERED,
            days_ago(10),
            reporter,
            contract_amount=1,
            company_uscc=make_uscc(4),
            landing_unit=negotiating.introducing_unit,
            evidence=[contract()],
            skipped_dates={Stage.SIGNED: days_ago(5)},
        )
    assert "skipped_dates" in errors_of(excinfo)


@pytest.mark.parametrize("target", [Stage.NEGOTIATING, Stage.LEAD])
def test_stages_never_move_backwards_or_repeat(county, reporter, bureau_user, days_ago, target):
    project = project_with_history(reporter, {Stage.LEAD: days_ago(30), Stage.NEGOTIATING: days_ago(20)}, introducing_unit=county.township)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_record_stage(project, target, days_ago(1), bureau_user)
    assert "只能向前推进" in errors_of(excinfo)["stage"][0]


def test_stalling_needs_a_reason_and_the_project_can_resume_where_it_was(negotiating, reporter, days_ago):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_record_stage(negotiating, Stage.STALLED, days_ago(40), reporter)
    assert errors_of(excinfo) == {"note": ["停滞须填写原因"]}

    actions.do_record_stage(negotiating, Stage.STALLED, days_ago(40), reporter, note="客商资金链紧张")
    negotiating.refresh_from_db()
    assert (negotiating.stage, negotiating.stage_reason) == (Stage.STALLED, "客商资金链紧张")

    actions.do_record_stage(negotiating, Stage.NEGOTIATING, days_ago(30), reporter, note="重新洽谈")
    negotiating.refresh_from_db()
    assert negotiating.stage == Stage.NEGOTIATING


def test_a_dropped_project_cannot_move_until_the_bureau_corrects_it(negotiating, reporter, bureau_user, days_ago):
    actions.do_record_stage(negotiating, Stage.DROPPED, days_ago(40), reporter, note="客商另择他地")
    with pytest.raises(ValidationError):
        actions.do_record_stage(negotiating, Stage.SIGNED, days_ago(1), reporter, contract_amount=1, evidence=[contract()])

    actions.do_correct_stage(negotiating, Stage.NEGOTIATING, "终止登记有误", bureau_user)
    negotiating.refresh_from_db()
    assert negotiating.stage == Stage.NEGOTIATING
    assert negotiating.events.get(stage=Stage.DROPPED).voided_at is not None


def test_an_environmentally_refused_project_cannot_be_signed(negotiating, reporter, days_ago):
    Project.objects.filter(pk=negotiating.pk).update(env_screening="refused")
    negotiating.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        actions.do_record_stage(negotiating, Stage.SIGNED, days_ago(1), reporter, contract_amount=1, evidence=[contract()])
    assert "环保" in errors_of(excinfo)["stage"][0]


def test_other_units_reporter_cannot_record_a_stage(negotiating, other_reporter, days_ago):
    with pytest.raises(PermissionDenied):
        actions.do_record_stage(negotiating, Stage.STALLED, days_ago(1), other_reporter, note="x")


def test_bureau_correction_voids_later_events_keeps_them_and_records_why(county, reporter, bureau_user, days_ago):
    project = project_with_history(
        reporter,
        {Stage.LEAD: days_ago(60), Stage.SIGNED: days_ago(40), Stage.STARTED: days_ago(10)},
        introducing_unit=county.township,
    )
    correction = actions.do_correct_stage(project, Stage.NEGOTIATING, "合同系意向协议，误报签约", bureau_user)
    project.refresh_from_db()
    assert project.stage == Stage.NEGOTIATING
    assert project.signed_on is None and project.contract_amount is None
    voided = StageEvent.objects.filter(project=project, voided_at__isnull=False)
    assert set(voided.values_list("stage", flat=True)) == {Stage.SIGNED, Stage.REGISTERED, Stage.STARTED}
    assert set(voided.values_list("void_reason", flat=True)) == {"合同系意向协议，误报签约"}
    assert correction.kind == EventKind.CORRECTION and correction.recorded_by == bureau_user
    assert not Project.objects.signed_between(days_ago(60), days_ago(0)).exists()
    # The voided events are still there, and the project's history tells the story.
    assert project.events.count() == 6
    assert "招商局更正" in project.history.first().history_change_reason


def test_figures_as_of_a_date_before_the_correction_still_see_the_signing(county, reporter, bureau_user, days_ago):
    project = project_with_history(reporter, {Stage.LEAD: days_ago(60), Stage.SIGNED: days_ago(40)}, introducing_unit=county.township)
    # The signing was recorded a month ago; the bureau corrects it today.
    project.events.update(recorded_at=timezone.now() - timedelta(days=30))
    actions.do_correct_stage(project, Stage.LEAD, "误报", bureau_user)
    assert Project.objects.reached_by(Stage.SIGNED, days_ago(1)).get() == project
    assert not Project.objects.reached_by(Stage.SIGNED, days_ago(0)).exists()


def test_correction_needs_a_reason(negotiating, bureau_user):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_correct_stage(negotiating, Stage.LEAD, "  ", bureau_user)
    assert errors_of(excinfo) == {"reason": ["更正阶段须填写原因"]}


@pytest.mark.parametrize("persona", ["reporter", "unit_head", "leader"])
def test_only_the_bureau_may_correct_a_stage(negotiating, request, persona):
    with pytest.raises(PermissionDenied):
        actions.do_correct_stage(negotiating, Stage.LEAD, "误报", request.getfixturevalue(persona))


def test_correction_cannot_move_forward(negotiating, bureau_user):
    with pytest.raises(ValidationError):
        actions.do_correct_stage(negotiating, Stage.SIGNED, "想直接签约", bureau_user)


def test_stage_changes_are_recorded_in_history_with_the_acting_user(negotiating, reporter, days_ago):
    actions.do_record_stage(negotiating, Stage.SIGNED, days_ago(1), reporter, contract_amount=5, evidence=[contract()])
    assert negotiating.history.first().history_user == reporter
    assert negotiating.events.get(stage=Stage.SIGNED).history.get().history_user == reporter
