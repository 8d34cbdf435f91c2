"""Every write of the rewards app, shared by the screens and the API: finders and
shares, rule versions and the gate, approval into the ledger, payment, and the
periodic check that turns a late payment into a §8 commitment."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhaoshang.accounts import access as accounts_access
from zhaoshang.core.history import save_with_history
from zhaoshang.core.money import round_yuan
from zhaoshang.core.versions import bump_version
from zhaoshang.organisation.models import Unit
from zhaoshang.projects.models import Project
from zhaoshang.service.actions import do_create_commitment
from zhaoshang.service.models import CommitmentSource

from . import access, calculator, gate
from .facts import project_facts
from .models import (
    ClauseReview,
    ClauseStatus,
    Finder,
    FinderShare,
    InstalmentStatus,
    LedgerEntry,
    RewardAward,
    RewardRule,
    RuleStatus,
)

FINDER_FIELDS = (
    "name",
    "kind",
    "contact",
    "registered_on",
    "is_public_servant",
    "is_servant_relative",
    "is_investor_controller",
    "note",
)
RULE_FIELDS = (
    "code",
    "name",
    "base",
    "rate_type",
    "bands",
    "tiers",
    "cap",
    "extras",
    "thresholds",
    "instalments",
    "clawback_days",
    "excluded_categories",
    "requires_relocation",
    "requires_local_tax",
    "requires_local_statistics",
    "legal_basis",
    "note",
)
# Changing one of these after the compliance review voids the review.
REVIEWED_FIELDS = tuple(f for f in RULE_FIELDS if f not in ("name", "note"))
CLAUSE_FIELDS = ("status", "basis", "note")


def _require_manage(user: User) -> None:
    if not access.can_manage_rewards(user):
        raise PermissionDenied


# ---------------------------------------------------------------- finders


@transaction.atomic
def do_create_finder(data: Mapping[str, Any], user: User) -> Finder:
    _require_manage(user)
    finder = Finder(**{f: data[f] for f in FINDER_FIELDS if f in data})
    save_with_history(finder, user)
    return finder


@transaction.atomic
def do_update_finder(finder: Finder, data: Mapping[str, Any], expected_version: int, user: User) -> Finder:
    _require_manage(user)
    bump_version(finder, expected_version)
    for name in FINDER_FIELDS:
        if name in data:
            setattr(finder, name, data[name])
    save_with_history(finder, user)
    return finder


def check_shares(rows: list[tuple[Finder, int]]) -> None:
    finders = [finder.pk for finder, _ in rows]
    if len(set(finders)) != len(finders):
        raise ValidationError("同一引荐人不能重复登记")
    if len(rows) > 1 and sum(share for _, share in rows) != 100:
        raise ValidationError(f"引荐人份额合计为{sum(share for _, share in rows)}%，应为100%")


@transaction.atomic
def do_set_finders(project: Project, rows: Iterable[tuple[Finder, int]], user: User) -> list[FinderShare]:
    """Replace the project's finders: one finder, or shares summing to 100 %."""
    _require_manage(user)
    rows = list(rows)
    check_shares(rows)
    wanted = {finder.pk: share for finder, share in rows}
    kept = []
    for share in FinderShare.objects.filter(project=project):
        if share.finder_id not in wanted:
            share._history_user = user
            share.delete()
            continue
        if share.share != wanted[share.finder_id]:
            share.share = wanted[share.finder_id]
            save_with_history(share, user)
        kept.append(share)
    present = {share.finder_id for share in kept}
    for finder, value in rows:
        if finder.pk not in present:
            share = FinderShare(project=project, finder=finder, share=value)
            save_with_history(share, user)
            kept.append(share)
    return kept


# ---------------------------------------------------------------- rules


def _check_rule(rule: RewardRule) -> None:
    if rule.rate_type == calculator.RateType.FIXED_TIER:
        if not rule.tiers:
            raise ValidationError({"tiers": "定额分档至少一档"})
    elif not rule.bands:
        raise ValidationError({"bands": "费率分档至少一档"})
    if rule.instalments and sum(int(i["percent"]) for i in rule.instalments) != 100:
        raise ValidationError({"instalments": "分期比例合计应为100%"})
    if rule.cap is not None and rule.cap < 0:
        raise ValidationError({"cap": "上限不能为负数"})


@transaction.atomic
def do_create_rule(data: Mapping[str, Any], user: User) -> RewardRule:
    _require_manage(user)
    if RewardRule.objects.filter(code=data["code"]).exists():
        raise ValidationError({"code": "该规则代码已存在；修改已有规则请新建版本"})
    rule = RewardRule(**{f: data[f] for f in RULE_FIELDS if f in data})
    _check_rule(rule)
    save_with_history(rule, user)
    return rule


@transaction.atomic
def do_update_rule(rule: RewardRule, data: Mapping[str, Any], expected_version: int, user: User) -> RewardRule:
    """Edit a draft. An enabled or retired version is fixed (rewards were approved
    on it): changes go into a new version. A change the compliance review covered
    voids the review."""
    _require_manage(user)
    if rule.status != RuleStatus.DRAFT:
        raise ValidationError("只能修改草稿状态的规则；已启用或已停用的版本请新建版本后修改")
    bump_version(rule, expected_version)
    reviewed_changed = any(name in data and data[name] != getattr(rule, name) for name in REVIEWED_FIELDS)
    for name in RULE_FIELDS:
        if name in data and name != "code":
            setattr(rule, name, data[name])
    voided = reviewed_changed and rule.compliance_approved_by_id is not None
    if voided:
        rule.compliance_approved_by = None
        rule.compliance_approved_at = None
    _check_rule(rule)
    save_with_history(rule, user, reason="规则内容已修改，原合规审查意见作废" if voided else "")
    return rule


@transaction.atomic
def do_new_version(rule: RewardRule, user: User) -> RewardRule:
    """A draft copy of `rule` numbered after the family's latest version."""
    _require_manage(user)
    latest = RewardRule.objects.filter(code=rule.code).aggregate(n=Max("number"))["n"] or 0
    copy = RewardRule(number=latest + 1, **{f: getattr(rule, f) for f in RULE_FIELDS})
    save_with_history(copy, user, reason=f"复制第{rule.number}版")
    return copy


@transaction.atomic
def do_approve_compliance(rule: RewardRule, expected_version: int, user: User, now: datetime | None = None) -> RewardRule:
    """A compliance reviewer agrees that the rule's legal basis holds."""
    if not access.is_compliance_reviewer(user):
        raise PermissionDenied("只有合规审查员可以审核奖励规则")
    if not gate.triggers(rule):
        raise ValidationError("该规则不涉及公平竞争审查的限制性条件，无需合规审查")
    if not rule.legal_basis.strip():
        raise ValidationError({"legal_basis": "请先填写法律依据文号"})
    bump_version(rule, expected_version)
    rule.compliance_approved_by = user
    rule.compliance_approved_at = now or timezone.now()
    save_with_history(rule, user, reason="合规审查同意")
    return rule


@transaction.atomic
def do_enable_rule(rule: RewardRule, expected_version: int, user: User) -> RewardRule:
    """Enable this version (retiring the family's enabled one), through the gate."""
    _require_manage(user)
    if rule.status == RuleStatus.ENABLED:
        raise ValidationError("该规则已启用")
    refusal = gate.refusal(rule)
    if refusal:
        raise ValidationError(refusal)
    _check_rule(rule)
    bump_version(rule, expected_version)
    for other in RewardRule.objects.filter(code=rule.code, status=RuleStatus.ENABLED).exclude(pk=rule.pk):
        other.status = RuleStatus.RETIRED
        other.version += 1
        save_with_history(other, user, reason=f"第{rule.number}版启用")
    rule.status = RuleStatus.ENABLED
    save_with_history(rule, user)
    return rule


@transaction.atomic
def do_retire_rule(rule: RewardRule, expected_version: int, user: User) -> RewardRule:
    _require_manage(user)
    if rule.status != RuleStatus.ENABLED:
        raise ValidationError("只能停用已启用的规则")
    bump_version(rule, expected_version)
    rule.status = RuleStatus.RETIRED
    save_with_history(rule, user)
    return rule


# ---------------------------------------------------------------- trial and approval


def trial(rule: RewardRule, project: Project, as_of: date, overrides: Mapping[str, int] | None = None) -> calculator.Result:
    """Any version, enabled or not, on any project the caller sees: nothing is written."""
    return calculator.calculate(rule.spec(), project_facts(project, overrides), as_of=as_of, approved_on=as_of)


def _paying_unit(user: User, project: Project) -> Unit:
    paths = accounts_access.bureau_paths(user)
    unit = Unit.objects.filter(path__in=paths).order_by("depth").first() if paths and paths != [""] else None
    return unit or project.introducing_unit


@transaction.atomic
def do_approve_award(project: Project, rule: RewardRule, user: User, today: date, overrides: Mapping[str, int] | None = None) -> RewardAward:
    """Approve the reward of an enabled rule: the award keeps its steps; each
    instalment × finder becomes a ledger entry, due 30 days after approval or
    after its event (waiting while the event has not happened)."""
    _require_manage(user)
    if rule.status != RuleStatus.ENABLED:
        raise ValidationError("只能按已启用的规则审批奖励")
    if RewardAward.objects.filter(project=project, rule__code=rule.code).exists():
        raise ValidationError("该项目已按此规则审批过奖励")
    facts = project_facts(project, overrides)
    result = calculator.calculate(rule.spec(), facts, as_of=today, approved_on=today)
    if result.refusals:
        raise ValidationError("；".join(result.refusals))
    if result.total <= 0:
        raise ValidationError("按该规则计算的奖励为0，无需审批")
    award = RewardAward(
        project=project,
        rule=rule,
        total=result.total,
        steps=[{"label": s.label, "formula": s.formula, "amount": s.amount} for s in result.steps],
        paying_unit=_paying_unit(user, project),
        approved_on=today,
        approved_by=user,
    )
    save_with_history(award, user)
    shares = list(project.finder_shares.select_related("finder").order_by("id"))
    spec = rule.spec()
    for part, scheduled in zip(spec.instalments, result.schedule, strict=True):
        left = scheduled.amount
        for n, share in enumerate(shares):
            percent = 100 if len(shares) == 1 else share.share
            amount = left if n == len(shares) - 1 else round_yuan(Decimal(scheduled.amount) * percent / 100)
            left -= amount
            entry = LedgerEntry(
                award=award,
                finder=share.finder,
                label=scheduled.label,
                event=part.event,
                years_after=part.years_after,
                amount=amount,
                due_on=scheduled.due_on,
                status=InstalmentStatus.DUE if scheduled.due_on else InstalmentStatus.WAITING,
            )
            save_with_history(entry, user)
    return award


@transaction.atomic
def do_mark_paid(entry: LedgerEntry, day: date, expected_version: int, user: User) -> LedgerEntry:
    _require_manage(user)
    if entry.status not in (InstalmentStatus.DUE, InstalmentStatus.LATE):
        raise ValidationError(f"该期奖励{entry.get_status_display()}，不能登记支付")
    bump_version(entry, expected_version)
    entry.status = InstalmentStatus.PAID
    entry.paid_on = day
    save_with_history(entry, user)
    return entry


# ---------------------------------------------------------------- the periodic check


def _event_on(entry: LedgerEntry, facts: calculator.Facts) -> date | None:
    return {calculator.Event.REGISTERED: facts.registered_on, calculator.Event.PRODUCING: facts.producing_on}.get(entry.event)


def _late_commitment(entry: LedgerEntry, today: date) -> None:
    award = entry.award
    project = award.project
    commitment = do_create_commitment(
        award.paying_unit,
        {
            "source": CommitmentSource.POLICY,
            "source_ref": f"招商引资奖励：{award.rule}",
            "investor": project.investor,
            "project": project,
            "content": f"向引荐人{entry.finder.name}支付{project.name}引荐奖励（{entry.label}），应于{entry.due_on:%Y-%m-%d}前支付，逾期未付",
            "amount": entry.amount,
            "condition": "奖励已审批",
            "due_on": entry.due_on,
        },
        [],
        award.approved_by,
        today,
    )
    entry.commitment = commitment
    entry.status = InstalmentStatus.LATE
    entry.version += 1
    save_with_history(entry, None, reason="逾期未付，转入承诺兑现台账")


def check_late_payments(now: datetime | None = None) -> list[LedgerEntry]:
    """The periodic run: an instalment whose event has now happened gets its due
    date; a rule's claw-back cancels what is unpaid and marks what was paid for
    recovery; an instalment unpaid past its due date becomes a commitment (§8)."""
    today = timezone.localdate(now) if now else timezone.localdate()
    for entry in LedgerEntry.objects.filter(status=InstalmentStatus.WAITING).select_related("award", "award__project"):
        event_on = _event_on(entry, project_facts(entry.award.project))
        if event_on is not None:
            start = max(event_on, entry.award.approved_on)
            with transaction.atomic():
                entry.due_on = calculator.add_years(start, entry.years_after) + timedelta(days=calculator.PAYABLE_DAYS)
                entry.status = InstalmentStatus.DUE
                entry.version += 1
                save_with_history(entry, None, reason=f"{calculator.Event.label(entry.event)}条件成就")
    for award in RewardAward.objects.filter(rule__clawback_days__isnull=False).select_related("project", "rule"):
        do_check_clawback(award, today)
    late = []
    for entry in LedgerEntry.objects.late_on(today).select_related("award", "award__project", "award__rule", "finder"):
        with transaction.atomic():
            _late_commitment(entry, today)
        late.append(entry)
    return late


@transaction.atomic
def do_check_clawback(award: RewardAward, today: date) -> int:
    """Not producing `clawback_days` after the agreed date: unpaid instalments are
    cancelled, paid ones are to be recovered. Returns the entries changed."""
    if not calculator.clawback_due(award.rule.spec(), project_facts(award.project), today):
        return 0
    changed = 0
    for entry in award.entries.exclude(status__in=[InstalmentStatus.CANCELLED, InstalmentStatus.CLAWBACK]):
        entry.status = InstalmentStatus.CLAWBACK if entry.status == InstalmentStatus.PAID else InstalmentStatus.CANCELLED
        entry.version += 1
        save_with_history(entry, None, reason="约定投产日后逾期未投产，奖励追回")
        changed += 1
    return changed


# ---------------------------------------------------------------- the clause ledger

# Words in an agreement commitment that suggest a clause the regulation forbids.
CLAUSE_WORDS = ("纳税", "税收", "留成", "迁入", "注册地", "迁移", "纳入本地统计", "本地统计")


@transaction.atomic
def do_add_clause(project: Project, clause: str, user: User, commitment=None) -> ClauseReview:
    _require_manage(user)
    review = ClauseReview(project=project, clause=clause, commitment=commitment)
    save_with_history(review, user)
    return review


@transaction.atomic
def do_update_clause(review: ClauseReview, data: Mapping[str, Any], expected_version: int, user: User) -> ClauseReview:
    _require_manage(user)
    if data.get("status") == ClauseStatus.LAWFUL and not (data.get("basis") or "").strip():
        raise ValidationError({"basis": "标记为有法律依据须填写依据文号"})
    bump_version(review, expected_version)
    for name in CLAUSE_FIELDS:
        if name in data:
            setattr(review, name, data[name])
    save_with_history(review, user)
    return review


@transaction.atomic
def do_scan_agreements(user: User) -> list[ClauseReview]:
    """Add to the ledger every agreement commitment whose text ties a reward to
    tax, relocation or local statistics and is not listed yet."""
    from zhaoshang.service.models import Commitment

    _require_manage(user)
    listed = set(ClauseReview.objects.filter(commitment__isnull=False).values_list("commitment_id", flat=True))
    added = []
    for commitment in Commitment.objects.filter(source=CommitmentSource.AGREEMENT, project__isnull=False).select_related("project"):
        text = f"{commitment.content}{commitment.condition}"
        if commitment.pk in listed or not any(word in text for word in CLAUSE_WORDS):
            continue
        added.append(do_add_clause(commitment.project, commitment.content, user, commitment=commitment))
    return added
