"""Funds arrived: reported → unit_approved → verified, or returned with a reason;
who may do each step; verified entries are locked."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum

from zhaoshang.projects import actions
from zhaoshang.projects.actions import Upload
from zhaoshang.projects.factories import FundEntryFactory, pdf_file
from zhaoshang.projects.models import EvidenceKind, FundEntry, FundKind, FundStatus


def slip():
    return Upload(EvidenceKind.BANK_SLIP, pdf_file("进账单.pdf"))


@pytest.fixture
def reported(project, reporter, days_ago):
    return actions.do_report_funds(project, {"date": days_ago(3), "amount": 20_000_000, "kind": FundKind.INVESTMENT}, reporter, evidence=[slip()])


def test_reporter_reports_an_arrival_with_its_evidence(reported, reporter):
    assert reported.status == FundStatus.REPORTED
    assert reported.reported_by == reporter
    assert reported.evidence.get().kind == EvidenceKind.BANK_SLIP
    assert reported.history.get().history_user == reporter


def test_reporting_a_future_arrival_is_refused(project, reporter, days_ago):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_report_funds(project, {"date": days_ago(-2), "amount": 1, "kind": FundKind.OTHER}, reporter)
    assert excinfo.value.message_dict == {"date": ["到位日期不能晚于今天"]}


def test_reporting_a_zero_or_negative_amount_is_refused(project, reporter, days_ago):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_report_funds(project, {"date": days_ago(1), "amount": -5, "kind": FundKind.OTHER}, reporter)
    assert excinfo.value.message_dict == {"amount": ["到位金额须大于0"]}


def test_another_units_reporter_cannot_report_funds(project, other_reporter, days_ago):
    with pytest.raises(PermissionDenied):
        actions.do_report_funds(project, {"date": days_ago(1), "amount": 1, "kind": FundKind.OTHER}, other_reporter)


def test_a_read_only_leader_cannot_report_funds_for_a_project_they_do_not_lead(project, leader, days_ago):
    with pytest.raises(PermissionDenied):
        actions.do_report_funds(project, {"date": days_ago(1), "amount": 1, "kind": FundKind.OTHER}, leader)


def test_reporter_cannot_approve_or_verify(reported, reporter):
    with pytest.raises(PermissionDenied):
        actions.do_approve_funds(reported, reporter)
    with pytest.raises(PermissionDenied):
        actions.do_verify_funds(reported, reporter)


def test_unit_head_approves_own_units_entry(reported, unit_head):
    entry = actions.do_approve_funds(reported, unit_head)
    assert (entry.status, entry.approved_by) == (FundStatus.UNIT_APPROVED, unit_head)
    assert entry.approved_at is not None


def test_unit_head_cannot_approve_another_units_entry(county, unit_head, other_project):
    entry = FundEntryFactory(project=other_project)
    with pytest.raises(PermissionDenied):
        actions.do_approve_funds(entry, unit_head)


def test_unit_head_cannot_verify(reported, unit_head):
    actions.do_approve_funds(reported, unit_head)
    with pytest.raises(PermissionDenied):
        actions.do_verify_funds(reported, unit_head)


def test_bureau_verifies_an_approved_entry_and_it_counts_from_then(reported, unit_head, bureau_user):
    actions.do_approve_funds(reported, unit_head)
    entry = actions.do_verify_funds(reported, bureau_user)
    assert (entry.status, entry.verified_by) == (FundStatus.VERIFIED, bureau_user)
    assert FundEntry.objects.verified_as_of(entry.verified_at).get() == entry
    assert not FundEntry.objects.pending().exists()


def test_bureau_cannot_verify_an_entry_the_unit_has_not_approved(reported, bureau_user):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_verify_funds(reported, bureau_user)
    assert "status" in excinfo.value.message_dict


def test_unit_head_cannot_approve_without_evidence(project, reporter, unit_head, days_ago):
    """The same evidence rule as the bureau's: nothing approved is stuck for want of a file."""
    entry = actions.do_report_funds(project, {"date": days_ago(1), "amount": 9, "kind": FundKind.CAPITAL}, reporter)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_approve_funds(entry, unit_head)
    assert excinfo.value.message_dict == {"evidence": ["核实前须有银行进账单、验资报告等证明材料"]}
    entry.refresh_from_db()
    assert entry.status == FundStatus.REPORTED


def test_bureau_cannot_verify_without_evidence(project, bureau_user):
    # Approved before the unit head's evidence rule, or its file since taken away.
    entry = FundEntryFactory(project=project, status=FundStatus.UNIT_APPROVED)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_verify_funds(entry, bureau_user)
    assert excinfo.value.message_dict == {"evidence": ["核实前须有银行进账单、验资报告等证明材料"]}


def test_verified_entries_are_locked(reported, unit_head, bureau_user, reporter, days_ago):
    actions.do_approve_funds(reported, unit_head)
    entry = actions.do_verify_funds(reported, bureau_user)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_update_fund_entry(entry, {"amount": 1}, entry.version, reporter)
    assert "已核实的到位资金不能修改" in excinfo.value.message_dict["status"][0]
    with pytest.raises(ValidationError):
        actions.do_return_funds(entry, "金额有误", bureau_user)
    with pytest.raises(ValidationError):
        actions.do_attach_evidence(entry.project, slip(), reporter, fund_entry=entry)
    entry.refresh_from_db()
    assert entry.amount == 20_000_000


def test_a_correction_of_a_verified_entry_is_a_new_entry_that_may_be_negative(reported, unit_head, bureau_user, reporter, days_ago):
    actions.do_approve_funds(reported, unit_head)
    actions.do_verify_funds(reported, bureau_user)
    correction = actions.do_report_funds(
        reported.project,
        {"date": days_ago(1), "amount": -5_000_000, "kind": FundKind.INVESTMENT, "corrects": reported},
        reporter,
    )
    assert correction.corrects == reported
    assert FundEntry.objects.filter(project=reported.project).aggregate(t=Sum("amount"))["t"] == 15_000_000


def test_returning_needs_a_reason(reported, unit_head):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_return_funds(reported, "", unit_head)
    assert excinfo.value.message_dict == {"reason": ["退回须填写原因"]}


def test_unit_head_returns_a_report_and_the_reporter_resubmits_it(reported, unit_head, reporter):
    returned = actions.do_return_funds(reported, "进账单不清晰", unit_head)
    assert (returned.status, returned.return_reason, returned.returned_by) == (
        FundStatus.RETURNED,
        "进账单不清晰",
        unit_head,
    )
    again = actions.do_update_fund_entry(returned, {"amount": 19_000_000}, returned.version, reporter)
    assert (again.status, again.amount) == (FundStatus.REPORTED, 19_000_000)


def test_unit_head_cannot_return_what_the_bureau_is_checking(reported, unit_head, bureau_user):
    actions.do_approve_funds(reported, unit_head)
    with pytest.raises(PermissionDenied):
        actions.do_return_funds(reported, "再看看", unit_head)
    returned = actions.do_return_funds(reported, "与银行流水不符", bureau_user)
    assert returned.status == FundStatus.RETURNED


def test_approving_twice_is_refused(reported, unit_head):
    actions.do_approve_funds(reported, unit_head)
    with pytest.raises(ValidationError):
        actions.do_approve_funds(reported, unit_head)


def test_usd_amounts_are_cents_and_convert_at_the_years_rate(project, reporter, days_ago):
    from zhaoshang.projects.factories import ExchangeRateFactory

    entry = actions.do_report_funds(
        project,
        {"date": days_ago(1), "amount": 100_000_00, "currency": "USD", "kind": FundKind.CAPITAL},
        reporter,
    )
    assert entry.amount_cny() is None  # no rate configured for the year yet
    ExchangeRateFactory(year=entry.date.year, currency="USD", rate="7.100000")
    assert entry.amount_cny() == 710_000
