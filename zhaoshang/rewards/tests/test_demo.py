"""The demo county's rewards: no gated rule is enabled, one waits at the gate,
normal rules in force, finders, an approved reward and the clause ledger."""

from django.test import override_settings

from zhaoshang import demo
from zhaoshang.rewards import gate
from zhaoshang.rewards.models import ClauseReview, Finder, LedgerEntry, RewardRule, RuleStatus


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_demo_county_has_rewards_and_nothing_gated_enabled(db):
    demo.build()
    rules = list(RewardRule.objects.all())
    assert not [r for r in rules if gate.triggers(r) and r.status == RuleStatus.ENABLED]
    assert [r for r in rules if gate.missing(r)]  # waiting at the gate
    assert sum(r.status == RuleStatus.ENABLED for r in rules) >= 2
    assert Finder.objects.filter(is_public_servant=True).exists()
    assert LedgerEntry.objects.filter(status="paid").exists()
    assert ClauseReview.objects.filter(status="pending").exists()
