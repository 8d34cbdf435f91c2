"""Small factories with arguments (STYLE.md)."""

from __future__ import annotations

from datetime import date

import factory

from .models import DEFAULT_COLUMNS, Disclosure


class DisclosureFactory(factory.django.DjangoModelFactory):
    """DisclosureFactory(period=period): jurisdiction follows the period."""

    class Meta:
        model = Disclosure

    period = None
    jurisdiction = factory.SelfAttribute("period.jurisdiction")
    title = "2026年上半年招商引资任务完成情况"
    as_of = date(2026, 6, 30)
    columns = factory.LazyFunction(lambda: [str(c) for c in DEFAULT_COLUMNS])
    is_published = False
