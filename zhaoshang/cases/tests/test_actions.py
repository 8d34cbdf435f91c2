"""The case workflow through its actions, with a controlled clock."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.cases import actions
from zhaoshang.cases.models import CaseStatus, CaseType, Satisfaction
from zhaoshang.projects.factories import InvestorFactory
from zhaoshang.projects.models import InvestorKind
from zhaoshang.timelimits.models import Clock, Policy

from .conftest import at


def clocks(case) -> list[tuple[str, bool]]:
    return [(c.kind, c.closed_at is None) for c in Clock.objects.for_subject(case).order_by("id")]


def test_an_investor_known_by_its_uscc_is_linked_and_a_foreign_one_gets_the_mofcom_limits(receive):
    investor = InvestorFactory(name="德国精密机械有限公司", uscc="91330100MA2B3C4D5E", kind=InvestorKind.FOREIGN)
    case = receive(uscc="91330100ma2b3c4d5e", investor_name="", case_type=CaseType.COMPLAINT, now=at(2024, 11, 4, 10))
    assert case.investor == investor and case.investor_name == investor.name and case.foreign
    accept = Clock.objects.for_subject(case).get()
    assert (accept.kind, accept.limit) == ("foreign_accept", 7)
    assert accept.due_at == at(2024, 11, 13, 17)


def test_a_foreign_complaint_is_finished_within_sixty_working_days(receive, reporter):
    case = receive(foreign=True, case_type=CaseType.COMPLAINT, urgency="urgent", now=at(2024, 11, 4, 10))
    actions.do_accept_case(case, reporter, now=at(2024, 11, 4, 11))
    finish = Clock.objects.for_subject(case).running().get()
    assert (finish.kind, finish.limit, finish.limit_unit) == ("foreign_finish", 60, "days")


def test_an_unknown_uscc_keeps_the_name_given_and_a_case_needs_a_name(receive):
    assert receive(uscc="91330100MA2B3C4D5E").investor is None
    with pytest.raises(ValidationError, match="请填写企业名称"):
        receive(investor_name=" ")


def test_a_unit_cannot_receive_for_another_unit(receive, county, other_reporter):
    with pytest.raises(PermissionDenied):
        receive(user=other_reporter)


def test_accepting_stops_the_sign_off_clock_and_starts_the_one_to_finish(receive, reporter):
    case = receive(now=at(2024, 11, 4, 10))
    case = actions.do_accept_case(case, reporter, now=at(2024, 11, 5, 9))
    assert case.status == CaseStatus.HANDLING and case.handler == reporter
    assert clocks(case) == [("sign_off", False), ("consult", True)]
    with pytest.raises(ValidationError, match="办理中"):
        actions.do_accept_case(case, reporter)


def test_asking_for_material_pauses_the_clock_and_the_deadline_moves_by_the_pause(receive, reporter):
    from zhaoshang.timelimits.engine import actions as time_limits

    case = actions.do_accept_case(receive(now=at(2024, 11, 4, 10)), reporter, now=at(2024, 11, 4, 11))
    clock = actions.running_clock(case)
    assert clock.due_at == at(2024, 11, 6, 17)
    time_limits.do_pause_clock(clock, "等待企业补充用电申请表", reporter, now=at(2024, 11, 5, 9))
    with pytest.raises(ValidationError, match="暂停中"):
        actions.do_close_case(case, "已接通", "回执", True, reporter)
    time_limits.do_resume_clock(clock, reporter, now=at(2024, 11, 8, 9))  # three working days
    clock.refresh_from_db()
    assert clock.due_at == at(2024, 11, 11, 17)


def test_a_refusal_needs_a_reason_and_ends_a_case_received_here(receive, reporter):
    case = receive()
    with pytest.raises(ValidationError, match="须说明理由"):
        actions.do_refuse_case(case, " ", reporter)
    case = actions.do_refuse_case(case, "属司法程序", reporter)
    assert case.status == CaseStatus.REFUSED and clocks(case) == [("sign_off", False)]
    assert case.history.first().history_change_reason == "不予受理：属司法程序"


def test_a_case_bounced_more_than_twice_goes_to_the_bureau(receive, county, reporter, other_reporter):
    case = receive()
    case = actions.do_transfer_case(case, county.other_township, "属河口镇辖区", reporter)
    assert (case.unit, case.previous_unit, case.sent_back) == (county.other_township, county.township, 1)
    case = actions.do_refuse_case(case, "不属本镇", other_reporter)  # back to 城关镇
    assert (case.unit, case.sent_back) == (county.township, 2)
    case = actions.do_transfer_case(case, county.department, "用电属经信局", reporter)
    assert (case.unit, case.sent_back, case.status) == (county.bureau, 3, CaseStatus.NEW)
    assert [kind for kind, running in clocks(case) if running] == ["sign_off"]


def test_closing_needs_result_and_evidence_and_sets_the_visit_due(receive, reporter):
    case = actions.do_accept_case(receive(now=at(2024, 11, 4, 10)), reporter, now=at(2024, 11, 4, 11))
    with pytest.raises(ValidationError, match="佐证"):
        actions.do_close_case(case, "已接通", "", True, reporter)
    case = actions.do_close_case(case, "已接通", "回执", True, reporter, now=at(2024, 11, 5, 10))
    assert case.status == CaseStatus.CLOSED and case.visit_due == at(2024, 11, 8, 17)


def test_the_handler_may_not_visit_back_and_a_dissatisfied_case_reopens_once(receive, reporter, bureau_user, unit_head):
    case = actions.do_accept_case(receive(), reporter)
    case = actions.do_close_case(case, "已接通", "回执", True, reporter)
    with pytest.raises(ValidationError, match="承办人以外"):
        actions.do_record_visit(case, Satisfaction.SATISFIED, reporter)
    actions.do_record_visit(case, Satisfaction.VERY_DISSATISFIED, bureau_user)
    case.refresh_from_db()
    assert case.status == CaseStatus.HANDLING and case.reopened
    case = actions.do_close_case(case, "再次协调", "照片", True, reporter)
    actions.do_record_visit(case, Satisfaction.DISSATISFIED, unit_head)
    case.refresh_from_db()
    assert case.status == CaseStatus.VISITED


def test_a_stale_version_is_refused(receive, reporter):
    from zhaoshang.core.versions import ConflictError

    case = receive()
    with pytest.raises(ConflictError):
        actions.do_accept_case(case, reporter, expected_version=case.version - 1)


def test_the_return_visit_is_a_bureau_clock_that_escalates_goes_overdue_and_stops_on_the_visit(receive, county, reporter, bureau_user, leader):
    from zhaoshang.timelimits.engine.actions import check_time_limits
    from zhaoshang.todo import registry

    case = actions.do_accept_case(receive(now=at(2024, 11, 4, 10)), reporter, now=at(2024, 11, 4, 11))
    case = actions.do_close_case(case, "已接通", "回执", True, reporter, now=at(2024, 11, 5, 10))
    clock = Clock.objects.for_subject(case).running().get()
    assert (clock.kind, clock.unit, clock.due_at) == ("return_visit", county.bureau, at(2024, 11, 8, 17))
    assert case.visit_due == clock.due_at
    assert check_time_limits(at(2024, 11, 6, 9)) == []  # not yet half of three working days
    assert [e.level for e in check_time_limits(at(2024, 11, 11, 10))] == [50, 80, 100]
    clock.refresh_from_db()
    assert clock.overdue
    source = next(s for s in registry.sources_for(leader) if s.key == "time_limit_escalations")
    assert [e.clock for e in source.records(leader, at(2024, 11, 11, 10).date())] == [clock]
    actions.do_record_visit(case, Satisfaction.SATISFIED, bureau_user, now=at(2024, 11, 11, 11))
    clock.refresh_from_db()
    assert clock.closed_at == at(2024, 11, 11, 11) and clock.overdue  # the mark stays
    assert list(source.records(leader, at(2024, 11, 11, 11).date())) == []


def test_a_reopened_case_stops_the_visit_clock_and_runs_a_finish_clock(receive, reporter, bureau_user):
    case = actions.do_accept_case(receive(now=at(2024, 11, 4, 10)), reporter, now=at(2024, 11, 4, 11))
    case = actions.do_close_case(case, "已接通", "回执", True, reporter, now=at(2024, 11, 5, 10))
    actions.do_record_visit(case, Satisfaction.DISSATISFIED, bureau_user, now=at(2024, 11, 6, 10))
    assert [kind for kind, running in clocks(case) if running] == ["consult"]


def test_the_data_migration_adds_the_return_visit_policy_to_an_existing_database():
    import importlib

    from django.apps import apps as global_apps

    migration = importlib.import_module("zhaoshang.timelimits.migrations.0006_return_visit_kind")
    Policy.objects.filter(kind="return_visit").delete()
    migration.add_return_visit_policy(global_apps, None)
    policy = Policy.objects.get(kind="return_visit", urgency="normal")
    assert (policy.limit, policy.unit) == (3, "days")
