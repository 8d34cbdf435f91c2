"""Who may do what with element steps. The project's owners (who may edit the
project) plan its steps; the responsible department acts on the steps it owes,
whoever's project it is (it sees those steps, not the rest of the project); the
bureau keeps the templates and takes up problems at the task-force level."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from zhaoshang.accounts import access
from zhaoshang.projects.access import can_edit_project, is_bureau_for

from .models import ElementProblem, ElementStep, LandThreshold, ProblemLevel, StepTemplate


def can_manage_templates(user) -> bool:
    return access.is_admin(user) or access.is_bureau(user)


def can_plan_steps(user, project) -> bool:
    return can_edit_project(user, project) or is_bureau_for(user, project)


def owes(user, step: ElementStep) -> bool:
    return access.covers(access.write_paths(user), step.responsible_unit.path)


def can_act_on_step(user, step: ElementStep) -> bool:
    """Start, complete or report blocked: the department that owes it, or the project's owners."""
    return owes(user, step) or can_plan_steps(user, step.project)


def can_handle_problem(user, problem: ElementProblem) -> bool:
    """At each level its holder: the department, then the bureau's task force, then
    the responsible leader (and the bureau, which coordinates)."""
    project = problem.step.project
    if problem.level == ProblemLevel.DEPARTMENT and owes(user, problem.step):
        return True
    if problem.level == ProblemLevel.LEADER and project.responsible_leader and project.responsible_leader.user_id == user.pk:
        return True
    return is_bureau_for(user, project)


def get_template_for_user(user, pk: int, write: bool = False) -> StepTemplate:
    if write and not can_manage_templates(user):
        raise PermissionDenied
    if not user.is_authenticated:
        raise PermissionDenied
    return get_object_or_404(StepTemplate, pk=pk)


def get_threshold_for_user(user, pk: int, write: bool = False) -> LandThreshold:
    """亩均效益标准 are the bureau's to read and to change."""
    if not can_manage_templates(user):
        raise PermissionDenied
    return get_object_or_404(LandThreshold.objects.select_related("park"), pk=pk)


def get_step_for_user(user, pk: int, write: bool = False) -> ElementStep:
    step = get_object_or_404(
        ElementStep.objects.visible_to(user).select_related("project", "project__responsible_leader", "responsible_unit"),
        pk=pk,
    )
    if write and not can_act_on_step(user, step):
        raise PermissionDenied
    return step


def get_problem_for_user(user, pk: int, write: bool = False) -> ElementProblem:
    problem = get_object_or_404(
        ElementProblem.objects.visible_to(user).select_related(
            "step", "step__project", "step__project__responsible_leader", "step__responsible_unit"
        ),
        pk=pk,
    )
    if write and not can_handle_problem(user, problem):
        raise PermissionDenied
    return problem
