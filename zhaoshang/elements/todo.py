"""The department's 待办 (todo.registry): the steps it owes on any unit's project, and
the element problems waiting at its level; the bureau's task force sees the problems
escalated to it, a leader those escalated to him."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from zhaoshang.accounts import access
from zhaoshang.accounts.models import Role
from zhaoshang.organisation.models import subtree_q
from zhaoshang.projects.models import Project
from zhaoshang.todo.registry import Item, Source, register

from . import land
from .models import ElementProblem, ElementStep, ProblemLevel


def _works_for_unit(user) -> bool:
    return bool(access.roles(user) & {Role.REPORTER, Role.UNIT_HEAD})


def _is_bureau(user) -> bool:
    return access.is_bureau(user) or access.is_admin(user)


def _step_item(step: ElementStep) -> Item:
    planned = f"计划{step.planned_date:%Y-%m-%d}完成；" if step.planned_date else ""
    return Item(
        f"「{step.project.name}」{step.name}",
        f"{planned}时限{step.limit_days}个工作日；{step.get_state_display()}{'；影响开工' if step.blocks_start else ''}",
        reverse("elements:step_detail", args=[step.pk]),
        step,
    )


def _problem_item(problem: ElementProblem) -> Item:
    return Item(
        f"「{problem.step.project.name}」{problem.step.name}受阻：{problem.description[:40]}",
        f"责任部门 {problem.step.responsible_unit.name}；{problem.get_level_display()}办理",
        reverse("elements:problem_detail", args=[problem.pk]),
        problem,
    )


register(
    Source(
        key="element_steps",
        label="本单位承办的要素环节",
        applies=_works_for_unit,
        records=lambda user, today: (
            ElementStep.objects.owed_within(access.write_paths(user))
            .select_related("project", "responsible_unit")
            .order_by("planned_date", "project_id", "position", "id")
        ),
        item=_step_item,
        more=lambda user: reverse("elements:step_list") + "?mine=1",
    )
)

register(
    Source(
        key="element_problems",
        label="待协调的要素问题",
        applies=lambda user: _works_for_unit(user) or _is_bureau(user) or Role.LEADER in access.roles(user),
        records=lambda user, today: (
            ElementProblem.objects.open()
            .filter(_problems_for(user))
            .select_related("step__project", "step__responsible_unit")
            .order_by("raised_at", "id")
        ),
        item=_problem_item,
        more=lambda user: reverse("elements:problem_list"),
    )
)


def _problems_for(user) -> Q:
    """The open problems at the level the user holds: department (the unit's own),
    task force (the bureau), leader (the projects he leads)."""
    wanted = Q(level=ProblemLevel.DEPARTMENT) & subtree_q(access.write_paths(user), "step__responsible_unit__path")
    if _is_bureau(user):
        wanted |= Q(level=ProblemLevel.TASK_FORCE, step__project__in=Project.objects.in_bureau_scope_of(user).values("pk"))
    if Role.LEADER in access.roles(user):
        wanted |= Q(level=ProblemLevel.LEADER, leader__user=user)
    return wanted


def _land_item(project: Project) -> Item:
    return Item(
        f"「{project.name}」亩均效益投产复核",
        f"约定投产日期 {project.planned_producing_on:%Y-%m-%d}；请对比承诺值与实际值",
        reverse("elements:land_review", args=[project.pk]),
        project,
    )


register(
    Source(
        key="land_reviews",
        label="亩均效益投产复核与未达承诺",
        applies=_works_for_unit,
        records=lambda user, today: Project.objects.filter(
            Q(pk__in=land.production_reviews_due(Project.objects.editable_by(user), today).values("pk"))
            | Q(pk__in=land.shortfalls(Project.objects.editable_by(user)).values("pk"))
        ).order_by("planned_producing_on", "id"),
        item=_land_item,
    )
)
