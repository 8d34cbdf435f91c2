"""The commitments ledger: states, the refused reasons, the 政府违约 complaint, the
daily check (逾期, 督办 after three months without progress) and its 待办."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zhaoshang.core.versions import ConflictError
from zhaoshang.service import actions
from zhaoshang.service.factories import CommitmentFactory, MilestoneFactory
from zhaoshang.service.models import Commitment, CommitmentStatus
from zhaoshang.todo import registry
from zhaoshang.todo.models import Notification


@pytest.fixture
def commitment(county, bureau_user):
    return CommitmentFactory(unit=county.township, created_by=bureau_user, due_on=date(2026, 6, 30), last_progress_on=date(2026, 1, 5))


def test_creating_records_the_unit_and_starts_the_progress_clock(county, reporter):
    data = {"source": "minutes", "source_ref": "纪要〔2026〕1号", "content": "协调用电增容", "due_on": date(2026, 8, 31), "not_yet": True}
    milestones = [{"title": "完成线路设计", "due_on": date(2026, 5, 1)}]
    created = actions.do_create_commitment(county.township, data, milestones, reporter, date(2026, 2, 1))
    assert (created.status, created.last_progress_on, created.created_by) == (CommitmentStatus.NOT_YET, date(2026, 2, 1), reporter)
    assert created.milestones.get().title == "完成线路设计"


def test_another_units_reporter_cannot_record_for_this_unit(county, other_reporter):
    data = {"source": "policy", "source_ref": "x", "content": "y", "due_on": date(2026, 8, 31)}
    with pytest.raises(PermissionDenied):
        actions.do_create_commitment(county.township, data, [], other_reporter, date(2026, 2, 1))


@pytest.mark.parametrize("reason", ["机构调整，新部门不认可", "经办人员变动", "政府换届"])
def test_reorganisation_or_staff_change_is_never_a_reason(commitment, reporter, reason):
    with pytest.raises(ValidationError) as refused:
        actions.do_record_progress(commitment, CommitmentStatus.PARTIAL, "暂缓", reason, date(2026, 2, 1), commitment.version, reporter)
    assert "不得以机构调整、人员变动" in refused.value.message_dict["reason"][0]
    commitment.refresh_from_db()
    assert (commitment.status, commitment.version) == (CommitmentStatus.DUE, 1)


def test_the_refusal_shows_on_the_page(commitment, reporter, client_for):
    url = reverse("service:commitment_progress", args=[commitment.pk])
    response = client_for(reporter).post(url, {"status": "partial", "date": "2026-01-10", "note": "暂缓", "reason": "人员变动", "version": 1})
    assert response.status_code == 400
    assert "不得以机构调整、人员变动" in response.content.decode()


def test_fulfilling_sets_the_day_and_is_final(commitment, reporter):
    actions.do_record_progress(commitment, CommitmentStatus.FULFILLED, "补助已拨付", "", date(2026, 3, 1), 1, reporter)
    commitment.refresh_from_db()
    assert (commitment.status, commitment.fulfilled_on, commitment.last_progress_on) == (
        CommitmentStatus.FULFILLED,
        date(2026, 3, 1),
        date(2026, 3, 1),
    )
    with pytest.raises(ValidationError):
        actions.do_record_progress(commitment, CommitmentStatus.PARTIAL, "再记", "", date(2026, 3, 2), commitment.version, reporter)


def test_impossible_needs_the_legal_basis(commitment, reporter):
    with pytest.raises(ValidationError) as refused:
        actions.do_record_progress(commitment, CommitmentStatus.IMPOSSIBLE, "政策取消", "", date(2026, 3, 1), 1, reporter)
    assert "法律依据" in refused.value.message_dict["reason"][0]


def test_a_stale_progress_note_is_a_conflict(commitment, reporter, unit_head):
    actions.do_record_progress(commitment, CommitmentStatus.PARTIAL, "首期", "分期拨付", date(2026, 2, 1), 1, reporter)
    with pytest.raises(ConflictError):
        actions.do_record_progress(Commitment.objects.get(pk=commitment.pk), CommitmentStatus.FULFILLED, "全部", "", date(2026, 2, 2), 1, unit_head)


def test_the_daily_check_marks_overdue_and_supervises_once(commitment, county, unit_head, bureau_user, reporter):
    fresh = CommitmentFactory(unit=county.township, created_by=bureau_user, due_on=date(2026, 12, 31), last_progress_on=date(2026, 6, 1))
    # 2026-01-05 + 91 days = 04-06: on 04-07 it has been three months without progress.
    assert actions.do_check_commitments(date(2026, 4, 6)) == (0, 0)
    assert actions.do_check_commitments(date(2026, 4, 7)) == (0, 1)
    assert actions.do_check_commitments(date(2026, 4, 8)) == (0, 0)
    assert actions.do_check_commitments(date(2026, 7, 1)) == (1, 0)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.OVERDUE
    fresh.refresh_from_db()
    assert (commitment.supervised_on, fresh.supervised_on) == (date(2026, 4, 7), None)
    assert Notification.objects.filter(recipient=unit_head, kind="commitment_stale").count() == 1
    assert Notification.objects.filter(recipient=bureau_user, kind="commitment_stale").count() == 1
    assert "三个月无进展，督办" in [h.history_change_reason for h in commitment.history.all()]


def test_supervision_shows_in_the_todo_list_until_progress_is_recorded(commitment, reporter, other_reporter):
    actions.do_check_commitments(date(2026, 4, 7))
    source = next(s for s in registry.sources_for(reporter) if s.key == "commitments")
    assert list(source.records(reporter, date(2026, 4, 7))) == [commitment]
    assert list(source.records(other_reporter, date(2026, 4, 7))) == []
    commitment.refresh_from_db()
    actions.do_record_progress(commitment, CommitmentStatus.PARTIAL, "已协调", "分期", date(2026, 4, 8), commitment.version, reporter)
    assert list(source.records(reporter, date(2026, 4, 8))) == []


def test_a_breach_complaint_is_raised_once_and_notifies(commitment, reporter, unit_head):
    actions.do_raise_breach(commitment, "补助逾期未拨付", date(2026, 7, 2), reporter)
    commitment.refresh_from_db()
    assert (commitment.breach_raised_on, commitment.breach_note) == (date(2026, 7, 2), "补助逾期未拨付")
    assert Notification.objects.filter(recipient=unit_head, kind="commitment_breach").exists()
    with pytest.raises(PermissionDenied):
        actions.do_raise_breach(commitment, "再次", date(2026, 7, 3), reporter)


def test_a_completed_milestone_counts_as_progress(commitment, reporter):
    milestone = MilestoneFactory(commitment=commitment)
    actions.do_complete_milestone(milestone, date(2026, 3, 3), reporter)
    commitment.refresh_from_db()
    assert commitment.last_progress_on == date(2026, 3, 3)
    with pytest.raises(ValidationError):
        actions.do_complete_milestone(milestone, date(2026, 3, 4), reporter)


def test_the_page_tells_the_history_in_chinese(commitment, reporter, client_for):
    actions.do_record_progress(commitment, CommitmentStatus.PARTIAL, "首期已拨付", "分期拨付", date(2026, 2, 1), 1, reporter)
    page = client_for(reporter).get(reverse("service:commitment_detail", args=[commitment.pk])).content.decode()
    assert "新增兑现进展" in page
    assert "应兑现 → 部分兑现" in page


def test_the_api_refuses_staff_change_with_422(commitment, reporter, client_for):
    url = reverse("api:commitment_progress", args=[commitment.pk])
    body = {"version": 1, "status": "partial", "date": "2026-02-01", "note": "暂缓", "reason": "人员变动"}
    response = client_for(reporter).post(url, body, content_type="application/json")
    assert response.status_code == 422
    assert "人员变动" in str(response.json())


def test_a_breach_complaint_becomes_a_timed_case_linked_both_ways(county, reporter, bureau_user, client_for):
    from zhaoshang.cases.models import Case, CaseStatus, CaseType, Channel
    from zhaoshang.projects.factories import InvestorFactory, ProjectFactory
    from zhaoshang.timelimits.models import Clock

    investor = InvestorFactory()
    project = ProjectFactory(investor=investor, introducing_unit=county.township)
    commitment = CommitmentFactory(unit=county.township, investor=investor, project=project, created_by=bureau_user)
    actions.do_raise_breach(commitment, "设备补助逾期未拨付", date(2026, 7, 2), reporter, channel=Channel.PHONE)
    commitment.refresh_from_db()
    case = Case.objects.get()
    assert commitment.breach_case == case
    assert (case.case_type, case.channel, case.status) == (CaseType.BREACH, Channel.PHONE, CaseStatus.NEW)
    assert (case.unit, case.investor, case.project) == (county.township, investor, project)
    assert "设备补助逾期未拨付" in case.description
    clock = Clock.objects.for_subject(case).running().get()
    assert (clock.kind, clock.unit) == ("sign_off", county.township)
    commitment_page = client_for(reporter).get(reverse("service:commitment_detail", args=[commitment.pk])).content.decode()
    assert reverse("cases:case_detail", args=[case.pk]) in commitment_page
    case_page = client_for(reporter).get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert reverse("service:commitment_detail", args=[commitment.pk]) in case_page


def test_a_breach_case_through_the_api_reports_its_case(commitment, reporter, client_for):
    response = client_for(reporter).post(
        reverse("api:commitment_breach", args=[commitment.pk]), {"note": "补助未按约拨付", "channel": "hotline"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    commitment.refresh_from_db()
    assert response.json()["breach_case_id"] == commitment.breach_case_id
    assert commitment.breach_case.channel == "hotline"
    assert commitment.breach_case.investor_name == commitment.source_ref
