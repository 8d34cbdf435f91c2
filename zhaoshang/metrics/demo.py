"""Demo data for the rankings and the dashboard: this year's assessment period of the
demo county, primary target 到位资金. Units get their division's default quota
(DOMAIN.md §2), so every competing division has a ranking at once."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from zhaoshang.core.demo import DemoWorld
from zhaoshang.targets import actions
from zhaoshang.targets.models import Period, PeriodKind, TargetKind


def build(world: DemoWorld) -> None:
    year = timezone.localdate().year
    actions.do_save_period(
        Period(jurisdiction=world.county),
        {
            "kind": PeriodKind.YEAR,
            "name": f"{year}年度",
            "start": date(year, 1, 1),
            "end": date(year, 12, 31),
            "primary_kind": TargetKind.FUNDS_ARRIVED,
        },
        world.users["zsj"],
    )
