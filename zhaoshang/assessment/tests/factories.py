from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from zhaoshang.accounts.factories import UserFactory

from zhaoshang.assessment.models import GroupKind, Indicator, IndicatorKind, IndicatorTarget, Scheme, Source, UnitGroup


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme

    year = 2026
    name = factory.Sequence(lambda n: f"乡镇招商引资考核{n}")
    group_kind = GroupKind.TOWNSHIP
    cut_off = date(2026, 6, 30)
    created_by = factory.SubFactory(UserFactory)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    scheme = factory.SubFactory(SchemeFactory)
    name = factory.Sequence(lambda n: f"指标{n}")
    kind = IndicatorKind.RATIO
    source = Source.FUNDS_ARRIVED
    weight = Decimal(40)


def target(indicator: Indicator, unit, value: int | str) -> IndicatorTarget:
    return IndicatorTarget.objects.create(indicator=indicator, unit=unit, target=Decimal(value))


class UnitGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"分组{n}")

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)
