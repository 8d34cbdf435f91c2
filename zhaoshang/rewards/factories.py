"""RewardRuleFactory(base=..., bands=[...]); FinderFactory(registered_on=...)."""

from __future__ import annotations

from datetime import date

import factory

from .calculator import Base, RateType
from .models import Finder, FinderShare, RewardRule

WAN = 10_000
# 3‰ below 1,000万, 4‰ to 1亿, 5‰ above.
PROGRESSIVE_BANDS = [{"start": 0, "rate_bp": 30}, {"start": 1000 * WAN, "rate_bp": 40}, {"start": 10000 * WAN, "rate_bp": 50}]


class FinderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finder

    name = factory.Sequence(lambda n: f"引荐人{n}")
    registered_on = date(2025, 1, 10)


class FinderShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinderShare

    finder = factory.SubFactory(FinderFactory)
    share = 100


class RewardRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RewardRule

    code = factory.Sequence(lambda n: f"rule{n}")
    name = factory.Sequence(lambda n: f"招商引资奖励规则{n}")
    base = Base.FIXED_INVESTMENT
    rate_type = RateType.PROGRESSIVE
    bands = factory.LazyFunction(lambda: list(PROGRESSIVE_BANDS))
    instalments = factory.LazyFunction(lambda: [{"percent": 100, "event": "approval", "years_after": 0}])
