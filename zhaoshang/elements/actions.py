"""Every change to element steps and problems (docs/domain.md §13), shared by the screens,
the API and the import. Each runs in a transaction, keeps history (who, when) and
drives the time-limit engine: a step in progress runs a clock of its own limit, a
problem runs one clock per level and moves up a level when that clock runs out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts.models import Role
from zhaoshang.core.history import save_with_history
from zhaoshang.core.versions import bump_version
from zhaoshang.projects.models import Project
from zhaoshang.timelimits.calendar import WorkingCalendar
from zhaoshang.timelimits.engine import actions as time_limits
from zhaoshang.timelimits.models import Clock, PolicyKind
from zhaoshang.todo.actions import do_notify, holders_of
from zhaoshang.todo.models import NotificationKind

from . import access
from .models import ElementProblem, ElementStep, LandThreshold, ProblemLevel, StepState, StepTemplate

STEP_FIELDS = ("name", "responsible_unit", "planned_date", "limit_days", "blocks_start")
THRESHOLD_FIELDS = ("park", "industry", "investment_per_mu", "tax_per_mu_year")
TEMPLATE_FIELDS = ("kind", "name", "responsible_unit", "limit_days", "blocks_start", "after", "position")


def _todo_link(anchor: str) -> str:
    return reverse("home") + f"#{anchor}"


# ---------------------------------------------------------------- templates


@transaction.atomic
def do_update_template(template: StepTemplate, data: Mapping[str, Any], user: User, *, expected_version: int) -> StepTemplate:
    if not access.can_manage_templates(user):
        raise PermissionDenied
    unknown = set(data) - set(TEMPLATE_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改：{'、'.join(sorted(unknown))}")
    for name, value in data.items():
        setattr(template, name, value)
    codes = set(StepTemplate.objects.filter(project_type=template.project_type).values_list("code", flat=True))
    missing = [code for code in template.after_codes() if code not in codes or code == template.code]
    if missing:
        raise ValidationError({"after": f"前置环节代码不存在或指向自身：{'、'.join(missing)}"})
    bump_version(template, expected_version)
    template.full_clean()
    save_with_history(template, user)
    return template


# ---------------------------------------------------------------- land thresholds


def _set_threshold(threshold: LandThreshold, data: Mapping[str, Any], user: User) -> None:
    if not access.can_manage_templates(user):
        raise PermissionDenied
    unknown = set(data) - set(THRESHOLD_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改：{'、'.join(sorted(unknown))}")
    for name, value in data.items():
        setattr(threshold, name, value)
    if threshold.investment_per_mu <= 0 or threshold.tax_per_mu_year <= 0:
        raise ValidationError("亩均投资和亩均税收标准须大于零")
    # The database's unique constraint lets two rows with a blank park through (NULL ≠ NULL).
    same = LandThreshold.objects.filter(park=threshold.park, industry=threshold.industry).exclude(pk=threshold.pk)
    if same.exists():
        raise ValidationError(f"「{threshold}」已有标准，请修改原标准")


@transaction.atomic
def do_add_threshold(data: Mapping[str, Any], user: User) -> LandThreshold:
    """A new 亩均效益标准 for a park and/or an industry (the bureau's)."""
    threshold = LandThreshold()
    _set_threshold(threshold, data, user)
    threshold.full_clean(validate_constraints=False)
    save_with_history(threshold, user)
    return threshold


@transaction.atomic
def do_update_threshold(threshold: LandThreshold, data: Mapping[str, Any], user: User, *, expected_version: int) -> LandThreshold:
    """Change a threshold; reviews already made keep the figures they were judged on."""
    bump_version(threshold, expected_version)
    _set_threshold(threshold, data, user)
    threshold.full_clean(validate_constraints=False)
    save_with_history(threshold, user)
    return threshold


# ---------------------------------------------------------------- steps


def _default_unit(project: Project):
    return project.landing_unit or project.introducing_unit


@transaction.atomic
def do_generate_steps(project: Project, project_type: str, user: User | None) -> list[ElementStep]:
    """Create the steps of the type's templates the project does not have yet (a
    code it has is left as it is), then link each new step to the steps it waits for."""
    if user is not None and not access.can_plan_steps(user, project):
        raise PermissionDenied
    templates = list(StepTemplate.objects.filter(project_type=project_type).select_related("responsible_unit"))
    if not templates:
        raise ValidationError("该项目类型没有要素环节模板")
    existing = {step.code: step for step in project.element_steps.all()}
    created = []
    for template in templates:
        if template.code in existing:
            continue
        step = ElementStep(
            project=project,
            kind=template.kind,
            code=template.code,
            name=template.name,
            responsible_unit=template.responsible_unit or _default_unit(project),
            limit_days=template.limit_days,
            blocks_start=template.blocks_start,
            position=template.position,
        )
        save_with_history(step, user)
        existing[template.code] = step
        created.append((step, template))
    for step, template in created:
        step.after.set([existing[code] for code in template.after_codes() if code in existing])
    return [step for step, _ in created]


@transaction.atomic
def do_update_step(step: ElementStep, data: Mapping[str, Any], user: User, *, expected_version: int) -> ElementStep:
    """The plan of a step (who owes it, by when, its limit, whether it blocks the
    start), kept by the project's owners and the bureau."""
    if not access.can_plan_steps(user, step.project):
        raise PermissionDenied
    unknown = set(data) - set(STEP_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改：{'、'.join(sorted(unknown))}")
    bump_version(step, expected_version)
    for name, value in data.items():
        setattr(step, name, value)
    step.full_clean(exclude=["project", "evidence"])
    save_with_history(step, user)
    return step


def _locked(step: ElementStep) -> ElementStep:
    return ElementStep.objects.select_related("project", "responsible_unit").select_for_update(of=("self",)).get(pk=step.pk)


@transaction.atomic
def do_start_step(step: ElementStep, user: User, *, now: datetime | None = None) -> ElementStep:
    """未启动 → 办理中: the department's clock starts, its limit the step's own."""
    if not access.can_act_on_step(user, step):
        raise PermissionDenied
    step = _locked(step)
    if step.state != StepState.NOT_STARTED:
        raise ValidationError({"state": f"环节状态为「{step.get_state_display()}」，不能再启动"})
    now = now or timezone.now()
    calendar = WorkingCalendar()
    step.state = StepState.IN_PROGRESS
    step.version += 1
    save_with_history(step, user)
    time_limits.do_start_clock(
        step,
        kind=PolicyKind.ELEMENT_STEP,
        unit=step.responsible_unit,
        title=str(step),
        handler=user,
        now=now,
        due_at=calendar.end_of_day(calendar.add_working_days(timezone.localdate(now), step.limit_days)),
    )
    return step


@transaction.atomic
def do_complete_step(
    step: ElementStep,
    user: User,
    *,
    evidence_note: str = "",
    evidence=None,
    completed_on: date | None = None,
    expected_version: int | None = None,
) -> ElementStep:
    """→ 已完成, with its evidence (批文、合同、接电单: a number or a file)."""
    if not access.can_act_on_step(user, step):
        raise PermissionDenied
    if expected_version is not None:
        bump_version(step, expected_version)
    step = _locked(step)
    if step.state == StepState.DONE:
        raise ValidationError({"state": "该环节已完成"})
    evidence_note = (evidence_note or "").strip()
    if not evidence_note and not evidence:
        raise ValidationError({"evidence_note": "办结须填写批文、合同或接电单等依据，或上传依据文件"})
    today = timezone.localdate()
    completed_on = completed_on or today
    if completed_on > today:
        raise ValidationError({"completed_on": "完成日期不能晚于今天"})
    step.state = StepState.DONE
    step.completed_on = completed_on
    step.evidence_note = evidence_note[:200]
    if evidence:
        step.evidence = evidence
    if expected_version is None:
        step.version += 1
    save_with_history(step, user)
    time_limits.do_close_clocks_of(step, user)
    return step


@transaction.atomic
def do_block_step(step: ElementStep, description: str, user: User, *, now: datetime | None = None) -> ElementProblem:
    """→ 受阻: raises an element problem at the department's level, with a clock."""
    if not access.can_act_on_step(user, step):
        raise PermissionDenied
    step = _locked(step)
    if step.state == StepState.DONE:
        raise ValidationError({"state": "已完成的环节不能报受阻"})
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": "请说明受阻原因"})
    now = now or timezone.now()
    step.state = StepState.BLOCKED
    step.version += 1
    save_with_history(step, user)
    problem = ElementProblem(step=step, description=description, raised_by=user, raised_at=now)
    save_with_history(problem, user)
    _start_level_clock(problem, user, now)
    do_notify(
        holders_of(step.responsible_unit, [Role.REPORTER, Role.UNIT_HEAD]),
        NotificationKind.ELEMENT_PROBLEM,
        f"「{step.project.name}」的{step.name}受阻，请本单位协调解决：{description[:80]}",
        _todo_link("element_problems"),
        actor=user,
    )
    return problem


def _start_level_clock(problem: ElementProblem, user: User | None, now: datetime) -> Clock:
    step = problem.step
    return time_limits.do_start_clock(
        problem,
        kind=PolicyKind.ELEMENT_PROBLEM,
        unit=step.responsible_unit,
        title=f"{step}（{ProblemLevel(problem.level).label}）",
        handler=user,
        now=now,
    )


@transaction.atomic
def do_escalate_problem(problem: ElementProblem, user: User | None, *, now: datetime | None = None) -> ElementProblem:
    """One level up (department → task force → responsible leader): by hand, or by
    `check_element_problems` when the level's time limit has run out."""
    if user is not None and not access.can_handle_problem(user, problem):
        raise PermissionDenied
    problem = ElementProblem.objects.select_for_update(of=("self",)).select_related("step__project__responsible_leader").get(pk=problem.pk)
    if problem.closed_at is not None:
        raise ValidationError("该问题已解决")
    target = ProblemLevel(problem.level).next()
    if target is None:
        raise ValidationError("问题已在分管领导层级，不能再上报")
    now = now or timezone.now()
    time_limits.do_close_clocks_of(problem, user, now)
    problem.level = target
    project = problem.step.project
    if target == ProblemLevel.LEADER:
        problem.leader = project.responsible_leader
    problem.version += 1
    save_with_history(problem, user)
    _start_level_clock(problem, user, now)
    if target == ProblemLevel.LEADER:
        leader = project.responsible_leader.user if project.responsible_leader else None
        recipients = [leader] if leader else []
    else:
        recipients = holders_of(project.introducing_unit, [Role.BUREAU])
    do_notify(
        recipients,
        NotificationKind.ELEMENT_PROBLEM,
        f"「{project.name}」的{problem.step.name}受阻问题已上报至{target.label}：{problem.description[:80]}",
        reverse("elements:problem_list"),
        actor=user,
    )
    return problem


@transaction.atomic
def do_close_problem(problem: ElementProblem, resolution: str, user: User, *, evidence=None, now: datetime | None = None) -> ElementProblem:
    """解决 with what was done (and a file if there is one); the step is back in progress."""
    if not access.can_handle_problem(user, problem):
        raise PermissionDenied
    problem = ElementProblem.objects.select_for_update().get(pk=problem.pk)
    if problem.closed_at is not None:
        raise ValidationError("该问题已解决")
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": "请填写解决情况及依据"})
    now = now or timezone.now()
    problem.closed_at, problem.resolution = now, resolution
    if evidence:
        problem.evidence = evidence
    problem.version += 1
    save_with_history(problem, user)
    time_limits.do_close_clocks_of(problem, user, now)
    step = _locked(problem.step)
    if step.state == StepState.BLOCKED and not step.problems.open().exists():
        step.state = StepState.IN_PROGRESS
        step.version += 1
        save_with_history(step, user)
    return problem


def check_element_problems(now: datetime | None = None) -> list[ElementProblem]:
    """The periodic run: every open problem below the leader whose level's clock has
    run out moves up one level (each in its own transaction)."""
    now = now or timezone.now()
    moved = []
    for problem in ElementProblem.objects.open().filter(level__lt=ProblemLevel.LEADER):
        clock = Clock.objects.for_subject(problem).running().first()
        if clock is not None and clock.paused_at is None and clock.due_at < now:
            moved.append(do_escalate_problem(problem, None, now=now))
    return moved
