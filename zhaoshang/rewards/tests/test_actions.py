from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhaoshang.rewards import actions
from zhaoshang.rewards.calculator import Base
from zhaoshang.rewards.factories import FinderFactory
from zhaoshang.rewards.models import InstalmentStatus, LedgerEntry, RuleStatus
from zhaoshang.service.models import Commitment

pytestmark = pytest.mark.django_db


def noon(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def test_gate_refuses_a_tax_linked_rule_without_basis_and_approval(tax_rule, bureau_user, reviewer):
    with pytest.raises(ValidationError) as error:
        actions.do_enable_rule(tax_rule, tax_rule.version, bureau_user)
    message = error.value.messages[0]
    assert "《公平竞争审查条例》（2024年8月1日起施行）" in message
    assert "以地方留成税收为奖励基数" in message and "未填写法律依据文号" in message and "未经合规审查员审核同意" in message
    tax_rule.legal_basis = "国发〔2099〕1号"
    tax_rule.save()
    with pytest.raises(ValidationError, match="未经合规审查员审核同意"):
        actions.do_enable_rule(tax_rule, tax_rule.version, bureau_user)
    with pytest.raises(PermissionDenied):
        actions.do_approve_compliance(tax_rule, tax_rule.version, bureau_user)
    actions.do_approve_compliance(tax_rule, tax_rule.version, reviewer)
    actions.do_enable_rule(tax_rule, tax_rule.version, bureau_user)
    tax_rule.refresh_from_db()
    assert tax_rule.status == RuleStatus.ENABLED


def test_a_relocation_condition_is_gated_too(rule, bureau_user):
    draft = actions.do_new_version(rule, bureau_user)
    actions.do_update_rule(draft, {"requires_relocation": True}, draft.version, bureau_user)
    with pytest.raises(ValidationError, match="以迁移注册地为条件"):
        actions.do_enable_rule(draft, draft.version, bureau_user)


def test_changing_a_reviewed_rule_voids_the_review(tax_rule, bureau_user, reviewer):
    actions.do_update_rule(tax_rule, {"legal_basis": "国发〔2099〕1号"}, tax_rule.version, bureau_user)
    actions.do_approve_compliance(tax_rule, tax_rule.version, reviewer)
    actions.do_update_rule(tax_rule, {"cap": 100_000}, tax_rule.version, bureau_user)
    tax_rule.refresh_from_db()
    assert tax_rule.compliance_approved_by is None


def test_new_version_copies_and_enabling_retires_the_old(rule, bureau_user):
    draft = actions.do_new_version(rule, bureau_user)
    assert (draft.number, draft.status, draft.bands) == (2, RuleStatus.DRAFT, rule.bands)
    actions.do_enable_rule(draft, draft.version, bureau_user)
    rule.refresh_from_db()
    assert rule.status == RuleStatus.RETIRED
    with pytest.raises(ValidationError):
        actions.do_update_rule(rule, {"cap": 1}, rule.version, bureau_user)


def test_shares_must_sum_to_100(project, bureau_user):
    a, b = FinderFactory(), FinderFactory()
    with pytest.raises(ValidationError, match="合计为90%"):
        actions.do_set_finders(project, [(a, 60), (b, 30)], bureau_user)
    actions.do_set_finders(project, [(a, 60), (b, 40)], bureau_user)
    assert sorted(project.finder_shares.values_list("share", flat=True)) == [40, 60]


def test_approval_writes_the_ledger_due_30_days_later(project, rule, bureau_user):
    award = actions.do_approve_award(project, rule, bureau_user, date(2025, 6, 1))
    # 1,000万 × 3‰ + 500万 × 4‰ = 50,000
    assert award.total == 50_000
    entry = award.entries.get()
    assert (entry.amount, entry.due_on, entry.status) == (50_000, date(2025, 7, 1), InstalmentStatus.DUE)
    assert award.paying_unit == bureau_user.roles.get().unit


def test_approval_refuses_a_finder_registered_after_signing(project, rule, bureau_user):
    project.finder_shares.update(finder=FinderFactory(name="王五", registered_on=date(2025, 3, 2)))
    with pytest.raises(ValidationError, match="引荐人登记日期晚于签约日期"):
        actions.do_approve_award(project, rule, bureau_user, date(2025, 6, 1))


def test_late_payment_becomes_a_commitment_once(project, rule, bureau_user):
    award = actions.do_approve_award(project, rule, bureau_user, date(2025, 6, 1))
    assert actions.check_late_payments(noon(date(2025, 7, 1))) == []  # due that day: not late yet
    late = actions.check_late_payments(noon(date(2025, 7, 2)))
    assert len(late) == 1
    entry = LedgerEntry.objects.get(award=award)
    assert entry.status == InstalmentStatus.LATE
    commitment = Commitment.objects.get(pk=entry.commitment_id)
    assert (commitment.amount, commitment.due_on, commitment.project) == (50_000, date(2025, 7, 1), project)
    assert actions.check_late_payments(noon(date(2025, 7, 3))) == []
    assert Commitment.objects.count() == 1


def test_paid_entries_are_not_late(project, rule, bureau_user):
    award = actions.do_approve_award(project, rule, bureau_user, date(2025, 6, 1))
    entry = award.entries.get()
    actions.do_mark_paid(entry, date(2025, 6, 20), entry.version, bureau_user)
    assert actions.check_late_payments(noon(date(2025, 8, 1))) == []


def test_waiting_instalment_gets_its_due_date_and_claw_back_cancels(project, rule, bureau_user):
    draft = actions.do_new_version(rule, bureau_user)
    actions.do_update_rule(
        draft,
        {
            "instalments": [{"percent": 50, "event": "approval", "years_after": 0}, {"percent": 50, "event": "producing", "years_after": 0}],
            "clawback_days": 180,
        },
        draft.version,
        bureau_user,
    )
    actions.do_enable_rule(draft, draft.version, bureau_user)
    award = actions.do_approve_award(project, draft, bureau_user, date(2025, 6, 1))
    first, second = award.entries.order_by("id")
    assert (first.amount, first.status, second.amount, second.status) == (25_000, "due", 25_000, "waiting")
    actions.do_mark_paid(first, date(2025, 6, 10), first.version, bureau_user)
    # agreed production 2025-12-31 + 180 days = 2026-06-29; not producing on 2026-06-30.
    actions.check_late_payments(noon(date(2026, 6, 30)))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (InstalmentStatus.CLAWBACK, InstalmentStatus.CANCELLED)


def test_only_the_bureau_approves(project, rule, reporter):
    with pytest.raises(PermissionDenied):
        actions.do_approve_award(project, rule, reporter, date(2025, 6, 1))


def test_scan_lists_tax_clauses_of_agreements(project, bureau_user):
    from zhaoshang.service.models import CommitmentSource

    Commitment.objects.create(
        unit=bureau_user.roles.get().unit,
        source=CommitmentSource.AGREEMENT,
        source_ref="投资协议第八条",
        project=project,
        content="企业在本县纳税满三年后按地方留成税收的50%给予奖励",
        due_on=date(2026, 1, 1),
        last_progress_on=date(2025, 1, 1),
        created_by=bureau_user,
    )
    added = actions.do_scan_agreements(bureau_user)
    assert len(added) == 1 and added[0].status == "pending"
    assert actions.do_scan_agreements(bureau_user) == []


def test_trial_of_a_tax_rule_uses_the_typed_tax(project, tax_rule):
    result = actions.trial(tax_rule, project, date(2025, 6, 1), {Base.LOCAL_TAX: 2000 * 10_000})
    # 1,000万 × 3‰ + 1,000万 × 4‰ = 70,000
    assert result.total == 70_000


def test_the_time_limit_timer_runs_the_late_payment_check(project, rule, bureau_user):
    from zhaoshang.timelimits.engine.actions import run_periodic_checks

    actions.do_approve_award(project, rule, bureau_user, date(2025, 6, 1))
    lines = run_periodic_checks(noon(date(2025, 8, 1)))
    assert "逾期未付奖励转为承诺事项 1 项" in lines
