"""待办 (todo.registry): a compliance reviewer's rules waiting at the gate with a
legal basis filled in; the bureau's reward instalments due within a week or late."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse

from zhaoshang.accounts import access as accounts_access
from zhaoshang.todo.registry import Item, Source, register

from . import access
from .calculator import Base
from .models import InstalmentStatus, LedgerEntry, RewardRule, RuleStatus

GATED = Q(base__in=Base.TAX_LINKED) | Q(requires_relocation=True) | Q(requires_local_tax=True) | Q(requires_local_statistics=True)


def _rule_item(rule: RewardRule) -> Item:
    return Item(f"奖励规则待合规审查：{rule}", f"法律依据：{rule.legal_basis}", reverse("rewards:rule_detail", args=[rule.pk]), rule)


def _entry_item(entry: LedgerEntry) -> Item:
    return Item(
        f"「{entry.award.project.name}」引荐奖励 {entry.label}",
        f"{entry.finder.name}，{entry.amount:,}元，应于{entry.due_on:%Y-%m-%d}前支付；{entry.get_status_display()}",
        reverse("rewards:ledger") + f"?q={entry.award.project.name}",
        entry,
    )


register(
    Source(
        key="reward_rules_to_review",
        label="待合规审查的奖励规则",
        applies=access.is_compliance_reviewer,
        records=lambda user, today: (
            RewardRule.objects.filter(GATED, status=RuleStatus.DRAFT, compliance_approved_by__isnull=True)
            .exclude(legal_basis="")
            .order_by("code", "number")
        ),
        item=_rule_item,
        more=lambda user: reverse("rewards:rule_list"),
    )
)

register(
    Source(
        key="reward_payments_due",
        label="待支付的引荐奖励",
        applies=lambda user: accounts_access.is_bureau(user),
        records=lambda user, today: (
            LedgerEntry.objects.visible_to(user)
            .filter(status__in=[InstalmentStatus.DUE, InstalmentStatus.LATE], due_on__lte=today + timedelta(days=7))
            .select_related("award__project", "finder")
            .order_by("due_on", "id")
        ),
        item=_entry_item,
        more=lambda user: reverse("rewards:ledger") + "?status=due",
    )
)
