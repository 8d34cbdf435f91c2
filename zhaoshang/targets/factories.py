"""Small factories with arguments (STYLE.md)."""

from datetime import date

import factory

from .models import Period, Target, TargetKind


class PeriodFactory(factory.django.DjangoModelFactory):
    """PeriodFactory(jurisdiction=county.root): the calendar year 2026."""

    class Meta:
        model = Period

    name = factory.Sequence(lambda n: f"{2026}年度{n or ''}")
    start = date(2026, 1, 1)
    end = date(2026, 12, 31)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    period = factory.SubFactory(PeriodFactory)
    kind = TargetKind.FUNDS_ARRIVED
    amount = 60_000_000
