"""Demo data for the rankings and the dashboard: this year's assessment period of the
demo county, primary target 到位资金. Units get their division's default quota
(DOMAIN.md §2), so every competing division has a ranking at once. The bureau has
also copied this year's 外贸出口 of the townships and zones in, month by month."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from zhaoshang.core.demo import DemoWorld
from zhaoshang.targets import actions
from zhaoshang.organisation.models import Unit, UnitKind
from zhaoshang.targets.models import Period, PeriodKind, TargetKind

# 外贸出口 per month in US cents: a township or zone's base, growing a little each month.
EXPORT_BASE = 1_500_000  # 1.5万美元


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
    townships = Unit.objects.get_children(world.county).filter(kind__in=[UnitKind.TOWNSHIP, UnitKind.ZONE]).order_by("path")
    for index, unit in enumerate(townships, start=1):
        for month in range(1, timezone.localdate().month):
            amount = EXPORT_BASE * index + 100_000 * month
            actions.do_set_export_figure(unit, date(year, month, 1), amount, world.users["zsj"])
