"""What the element screens show, computed here so the views stay thin: the filtered
step list, a project's steps with its predicted start, the departments ranked by
average resolution days, and the drill-down behind each figure."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from zhaoshang.accounts import access as accounts_access
from zhaoshang.core.excel import Column
from zhaoshang.projects.models import Project
from zhaoshang.timelimits.calendar import WorkingCalendar, unknown_years_warning

from . import access, figures
from .forms import StepFilterForm
from .models import ElementProblem, ElementStep
from .prediction import predict


def filtered_steps(user, form: StepFilterForm) -> QuerySet[ElementStep]:
    steps = ElementStep.objects.visible_to(user).select_related("project", "responsible_unit")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            steps = steps.filter(Q(project__name__icontains=data["q"]) | Q(name__icontains=data["q"]))
        if data["kind"]:
            steps = steps.filter(kind=data["kind"])
        if data["state"] == "open":
            steps = steps.unfinished()
        elif data["state"]:
            steps = steps.filter(state=data["state"])
        if data["mine"]:
            steps = steps.owed_within(accounts_access.write_paths(user))
    return steps.order_by("project__name", "project_id", "position", "id")


def project_summary(project: Project, user, today: date) -> dict[str, Any]:
    steps = list(project.element_steps.select_related("responsible_unit").prefetch_related("after"))
    calendar = WorkingCalendar()
    prediction = predict(steps, project.planned_started_on, today, calendar)
    return {
        "project": project,
        "steps": steps,
        "prediction": prediction,
        "critical": {step.pk for step in prediction.critical},
        "can_plan": access.can_plan_steps(user, project),
        "calendar_warning": unknown_years_warning(calendar.unknown_years),
    }


@dataclass(frozen=True)
class RankingRow:
    unit: str
    closed: int
    average_days: float


def resolution_ranking(user) -> list[RankingRow]:
    """Departments by average days from raising to solving their element problems
    (calendar days, fastest first), over the problems the user sees."""
    durations: dict[str, list[float]] = defaultdict(list)
    closed = ElementProblem.objects.visible_to(user).filter(closed_at__isnull=False)
    for unit, raised, solved in closed.values_list("step__responsible_unit__name", "raised_at", "closed_at"):
        durations[unit].append((solved - raised).total_seconds() / 86400)
    rows = [RankingRow(unit, len(days), round(sum(days) / len(days), 1)) for unit, days in durations.items()]
    return sorted(rows, key=lambda row: (row.average_days, row.unit))


PROBLEM_COLUMNS = [
    Column("项目名称", lambda p: p.step.project.name, 28),
    Column("环节", lambda p: p.step.name, 20),
    Column("责任部门", lambda p: p.step.responsible_unit.name, 18),
    Column("问题描述", lambda p: p.description, 36),
    Column("办理层级", lambda p: p.get_level_display(), 10),
    Column("提出时间", lambda p: p.raised_at, 18),
    Column("解决时间", lambda p: p.closed_at, 18),
    Column("解决情况", lambda p: p.resolution, 30),
]


@dataclass(frozen=True)
class DrillRow:
    project: Project
    since: date | None
    days: int | None


@dataclass(frozen=True)
class Drill:
    key: str
    label: str
    rows: list[DrillRow]


def drill_down(projects: QuerySet[Project], key: str, today: date) -> Drill | None:
    """The projects behind one figure; for the stuck lists with the day they
    entered the stage and how long they have been there."""
    if key in figures.STUCK_BY_KEY:
        rows = [
            DrillRow(project, project.stuck_since, (today - project.stuck_since).days if project.stuck_since else None)
            for project in figures.stuck(projects, key).select_related("introducing_unit")
        ]
        return Drill(key, figures.STUCK_BY_KEY[key].label, rows)
    if key == "not_started_by_agreed_date":
        late = figures.not_started_by_agreed_date(projects, today).select_related("introducing_unit")
        rows = [DrillRow(p, p.planned_started_on, (today - p.planned_started_on).days) for p in late]
        return Drill(key, "超过约定开工日期未开工", rows)
    lists = {"approved_not_supplied": ("批而未供", figures.approved_not_supplied), "supplied_not_used": ("供而未用", figures.supplied_not_used)}
    if key in lists:
        label, rule = lists[key]
        return Drill(key, label, [DrillRow(p, None, None) for p in rule(projects).select_related("introducing_unit").order_by("id")])
    return None


DRILL_COLUMNS = [
    Column("项目名称", lambda r: r.project.name, 28),
    Column("引进单位", lambda r: r.project.introducing_unit.name, 18),
    Column("当前阶段", lambda r: r.project.get_stage_display(), 10),
    Column("起始日期", lambda r: r.since, 14),
    Column("已停留天数", lambda r: r.days, 12),
]
