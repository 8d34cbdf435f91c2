"""Demo data for the rankings and the dashboard: this year's assessment period of the
demo county, primary target 到位资金. Units get their division's default quota
(docs/domain.md §2), so every competing division has a ranking at once. The bureau has
also copied this year's 外贸出口 of the townships and zones in, month by month, and
set the zone's own tasks and the big-project tasks of seed 000."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from zhaoshang.core.demo import DemoWorld
from zhaoshang.targets import actions
from zhaoshang.organisation.demo import BIG_PROJECT_TASKS, WAN, ZONE_FUNDS_TASK_WAN, ZONE_NAME
from zhaoshang.organisation.models import Unit, UnitKind
from zhaoshang.projects.models import Category
from zhaoshang.targets.models import Period, PeriodKind, Target, TargetKind

# 外贸出口 per month in US cents: a township or zone's base, growing a little each month.
EXPORT_BASE = 1_500_000  # 1.5万美元


def build(world: DemoWorld) -> None:
    year = timezone.localdate().year
    bureau = world.users["zsj"]
    period = actions.do_save_period(
        Period(jurisdiction=world.county),
        {
            "kind": PeriodKind.YEAR,
            "name": f"{year}年度",
            "start": date(year, 1, 1),
            "end": date(year, 12, 31),
            "primary_kind": TargetKind.FUNDS_ARRIVED,
        },
        bureau,
    )
    _tasks(world, period, bureau)
    townships = Unit.objects.get_children(world.county).filter(kind__in=[UnitKind.TOWNSHIP, UnitKind.ZONE]).order_by("path")
    for index, unit in enumerate(townships, start=1):
        for month in range(1, timezone.localdate().month):
            amount = EXPORT_BASE * index + 100_000 * month
            actions.do_set_export_figure(unit, date(year, month, 1), amount, world.users["zsj"])


# Beyond seed 000, the bureau asks each township for 亿元以上 projects signed this year.
TOWNSHIP_BIG_PROJECTS = 2
TOWNSHIP_BIG_PROJECT_WAN = 10_000


def _tasks(world: DemoWorld, period: Period, bureau) -> None:
    """The zone's 到位资金 task and the 项目个数 tasks of seed 000 (signed projects of
    at least the named size and category), and the townships' 亿元以上 projects."""
    zone = world.units.get(ZONE_NAME)
    if zone is not None:
        target = {"period": period, "kind": TargetKind.FUNDS_ARRIVED, "unit": zone, "amount": ZONE_FUNDS_TASK_WAN * WAN}
        actions.do_save_target(Target(), target, bureau)
    for task in BIG_PROJECT_TASKS:
        unit = world.units.get(task.unit_name)
        if unit is None:
            continue
        target = {
            "period": period,
            "kind": TargetKind.PROJECT_COUNT,
            "unit": unit,
            "amount": task.count,
            "category": task.category,
            "min_investment": task.min_wan * WAN,
            "note": f"引进{task.count}个{task.min_wan // 10_000}亿元以上{Category(task.category).label if task.category else ''}项目",
        }
        actions.do_save_target(Target(), target, bureau)
    for unit in world.units.values():
        if unit.kind == UnitKind.TOWNSHIP:
            target = {
                "period": period,
                "kind": TargetKind.PROJECT_COUNT,
                "unit": unit,
                "amount": TOWNSHIP_BIG_PROJECTS,
                "min_investment": TOWNSHIP_BIG_PROJECT_WAN * WAN,
                "note": f"引进{TOWNSHIP_BIG_PROJECTS}个亿元以上项目",
            }
            actions.do_save_target(Target(), target, bureau)
