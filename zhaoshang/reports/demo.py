"""Demo data for the circular: the county's targets for this year (年度任务), so
that the demo circular has rankings. The division quotas of seed 000 apply as the
defaults; nothing else is needed. Skipped when another builder (targets, the
dashboard) has already made this year's period."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from zhaoshang.core.demo import DemoWorld
from zhaoshang.targets import actions as target_actions
from zhaoshang.targets.models import Period, PeriodKind, TargetKind


def build(world: DemoWorld) -> None:
    year = timezone.localdate().year
    county = world.county
    if Period.objects.filter(jurisdiction=county, kind=PeriodKind.YEAR, start__year=year).exists():
        return
    data = {
        "jurisdiction": county,
        "kind": PeriodKind.YEAR,
        "name": f"{year}年度",
        "start": date(year, 1, 1),
        "end": date(year, 12, 31),
        "primary_kind": TargetKind.FUNDS_ARRIVED,
    }
    target_actions.do_save_period(Period(), data, world.users["zsj"])
