"""Demo data: the templates with the county's departments as owners, and element
steps for the signed projects not yet started — some blocked on land (征收补偿) and
on power (容量不足) with their problems, some late against the agreed start."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from zhaoshang.core.demo import DemoWorld
from zhaoshang.projects.models import Project, Stage
from zhaoshang.timelimits.calendar import WorkingCalendar

from . import actions
from .defaults import seed_templates
from .models import ElementStep, LandThreshold, StepState, StepTemplate

OWNERS = {
    "land": "县自然资源局",
    "filing": "县发展和改革委员会",
    "energy": "县发展和改革委员会",
    "environment": "县发展和改革委员会",
    "planning": "县住房和城乡建设局",
    "construction": "县住房和城乡建设局",
    # The power company is no unit of the county; 经信局 chases it for the project.
    "power": "县经济和信息化局",
    "gas": "县经济和信息化局",
    "water": "县水利局",
    "financing": "县财政局",
    "labour": "县人力资源和社会保障局",
}
PROJECT_TYPES = ["new_land", "park_factory", "existing_building"]
# The development zone asks more of the land it gives than the county's defaults.
ZONE_THRESHOLD = ("清河经济开发区", 4_000_000, 300_000)


def build(world: DemoWorld) -> None:
    seed_templates(StepTemplate)
    for kind, unit_name in OWNERS.items():
        if unit_name in world.units:
            StepTemplate.objects.filter(kind=kind, responsible_unit__isnull=True).update(responsible_unit=world.units[unit_name])
    zone, investment, tax = ZONE_THRESHOLD
    if zone in world.units:
        LandThreshold.objects.get_or_create(park=world.units[zone], industry="", defaults={"investment_per_mu": investment, "tax_per_mu_year": tax})
    projects = list(
        Project.objects.counted()
        .filter(introducing_unit__path__startswith=world.county.path, stage__in=[Stage.SIGNED, Stage.REGISTERED])
        .order_by("pk")[:12]
    )
    if not projects or ElementStep.objects.filter(project__in=projects).exists():
        return
    bureau = world.users.get("zsj")
    today = timezone.localdate()
    calendar = WorkingCalendar()
    for index, project in enumerate(projects):
        actions.do_generate_steps(project, PROJECT_TYPES[index % 3], bureau)
        _progress(project, index, today, calendar, world)


def _progress(project: Project, index: int, today, calendar: WorkingCalendar, world: DemoWorld) -> None:
    steps = {step.code: step for step in project.element_steps.all()}
    done = ["filing", "land_preselect", "land_approval"][: 1 + index % 3]
    for code in done:
        if code in steps:
            ElementStep.objects.filter(pk=steps[code].pk).update(
                state=StepState.DONE, completed_on=today - timedelta(days=30 - index), evidence_note="批复文件已归档"
            )
    if "land_supply" in steps:
        ElementStep.objects.filter(pk=steps["land_supply"].pk).update(planned_date=calendar.add_working_days(today, 15 + 5 * index))
    if project.planned_started_on is None:
        Project.objects.filter(pk=project.pk).update(planned_started_on=calendar.add_working_days(today, 40 + 10 * (index % 4)))
    bureau = world.users.get("zsj")
    if index % 4 == 0 and "land_supply" in steps:
        actions.do_block_step(steps["land_supply"], "征收补偿标准未谈妥，三户未签约", bureau)
    elif index % 4 == 1 and "power_scheme" in steps:
        actions.do_start_step(steps["power_scheme"], bureau)
        actions.do_block_step(steps["power_scheme"], "园区变电站容量不足，需扩容", bureau)
    elif "power_scheme" in steps:
        actions.do_start_step(steps["power_scheme"], bureau)
