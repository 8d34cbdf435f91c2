"""Small factories with arguments (STYLE.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from zhaoshang.organisation.factories import UnitFactory

from .models import Campaign, CampaignKind, CampaignTarget, Prize, RuleKind, ScoringRule


class CampaignFactory(factory.django.DjangoModelFactory):
    """CampaignFactory(jurisdiction=root, units=[a, b])."""

    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    jurisdiction = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"百日竞赛{n}")
    kind = CampaignKind.HUNDRED_DAYS
    start = date(2026, 9, 1)
    end = date(2026, 12, 9)

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)


class ScoringRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoringRule

    campaign = factory.SubFactory(CampaignFactory)
    kind = RuleKind.FUNDS
    points = Decimal("1")
    per_wan = 100


class CampaignTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignTarget

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.SubFactory(UnitFactory)


class PrizeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prize

    campaign = factory.SubFactory(CampaignFactory)
    rank_from = 1
    rank_to = 1
    text = "一等奖"
