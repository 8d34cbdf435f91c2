"""Step and problem actions: the department completes with evidence, a blocked step
raises a problem that climbs department → task force → leader on its time limits,
the department's 待办 lists what it owes, history keeps who and when."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhaoshang.elements import actions
from zhaoshang.elements.models import ElementProblem, ProblemLevel, StepState
from zhaoshang.timelimits.models import Clock, Escalation, Level
from zhaoshang.todo import registry
from zhaoshang.todo.models import Notification


@pytest.fixture
def supply(project):
    return project.element_steps.get(code="land_supply")


def test_generating_twice_adds_nothing_and_links_dependencies(project, reporter):
    assert actions.do_generate_steps(project, "new_land", reporter) == []
    certificate = project.element_steps.get(code="construction_permit")
    assert set(certificate.after.values_list("code", flat=True)) == {"planning_permit", "environment"}


def test_department_completes_the_step_it_owes_with_evidence(supply, department_user):
    actions.do_start_step(supply, department_user)
    clock = Clock.objects.for_subject(supply).get()
    assert clock.unit == supply.responsible_unit and clock.kind == "element_step"

    with pytest.raises(ValidationError):
        actions.do_complete_step(supply, department_user)
    actions.do_complete_step(supply, department_user, evidence_note="县政府供地批复〔2025〕12号")

    supply.refresh_from_db()
    assert supply.state == StepState.DONE and supply.completed_on == timezone.localdate()
    assert supply.evidence_note == "县政府供地批复〔2025〕12号"
    assert Clock.objects.for_subject(supply).get().closed_at is not None
    assert supply.history.latest().history_user == department_user
    with pytest.raises(ValidationError):
        actions.do_complete_step(supply, department_user, evidence_note="again")


def test_another_township_cannot_act_on_the_step(supply, other_reporter):
    with pytest.raises(PermissionDenied):
        actions.do_complete_step(supply, other_reporter, evidence_note="x")


def test_the_department_sees_the_steps_it_owes_in_its_todo(supply, department_user, other_reporter):
    [source] = [source for source in registry.sources_for(department_user) if source.key == "element_steps"]
    owed = source.records(department_user, timezone.localdate())
    assert supply in owed and all(step.responsible_unit.name == "县经信局" for step in owed)
    other = [source for source in registry.sources_for(other_reporter) if source.key == "element_steps"][0]
    assert not other.records(other_reporter, timezone.localdate()).exists()


def test_a_blocked_step_raises_a_problem_that_escalates_and_is_closed_with_evidence(supply, project, reporter, department_user, bureau_user, leader):
    project.responsible_leader = leader.person
    project.save()
    start = timezone.now()
    problem = actions.do_block_step(supply, "征收补偿未谈妥", reporter, now=start)
    supply.refresh_from_db()
    assert supply.state == StepState.BLOCKED and problem.level == ProblemLevel.DEPARTMENT
    assert Notification.objects.filter(recipient=department_user, kind="element_problem").exists()
    problems = [s for s in registry.sources_for(department_user) if s.key == "element_problems"][0]
    assert list(problems.records(department_user, timezone.localdate())) == [problem]

    # Not yet due: nothing moves; past the department's 5 working days: the task force.
    assert actions.check_element_problems(start + timedelta(days=1)) == []
    [moved] = actions.check_element_problems(start + timedelta(days=10))
    assert moved.level == ProblemLevel.TASK_FORCE
    bureau_todo = [s for s in registry.sources_for(bureau_user) if s.key == "element_problems"][0]
    assert list(bureau_todo.records(bureau_user, timezone.localdate())) == [problem]
    assert not problems.records(department_user, timezone.localdate()).exists()
    [moved] = actions.check_element_problems(start + timedelta(days=20))
    assert moved.level == ProblemLevel.LEADER and moved.leader.user == leader
    assert Clock.objects.for_subject(problem).running().count() == 1

    with pytest.raises(PermissionDenied):
        actions.do_close_problem(moved, "已解决", department_user)
    with pytest.raises(ValidationError):
        actions.do_close_problem(moved, "", leader)
    actions.do_close_problem(moved, "县长协调会议纪要〔2025〕3号，补偿方案已签", leader)
    problem = ElementProblem.objects.get(pk=problem.pk)
    supply.refresh_from_db()
    assert problem.closed_at is not None and supply.state == StepState.IN_PROGRESS
    assert not Clock.objects.for_subject(problem).running().exists()
    levels = [row.level for row in problem.history.order_by("history_date", "history_id")]
    assert levels[0] == ProblemLevel.DEPARTMENT and levels[-1] == ProblemLevel.LEADER


def test_the_leader_level_does_not_escalate_further(supply, reporter, bureau_user):
    problem = actions.do_block_step(supply, "电力容量不足", reporter)
    problem = actions.do_escalate_problem(problem, bureau_user)
    problem = actions.do_escalate_problem(problem, bureau_user)
    with pytest.raises(ValidationError):
        actions.do_escalate_problem(problem, bureau_user)


def test_the_command_moves_overdue_problems_up(supply, reporter):
    from io import StringIO

    from django.core.management import call_command

    problem = actions.do_block_step(supply, "征收未完成", reporter, now=timezone.now() - timedelta(days=30))
    out = StringIO()
    call_command("check_element_problems", stdout=out)
    assert "上报 1 个要素问题" in out.getvalue()
    assert ElementProblem.objects.get(pk=problem.pk).level == ProblemLevel.TASK_FORCE


def test_the_timer_moves_an_overdue_problem_up_exactly_once(supply, reporter):
    """The scheduled entry point is `check_time_limits` (README: cron every few
    minutes); it runs the element check registered with the engine."""
    from io import StringIO

    from django.core.management import call_command

    problem = actions.do_block_step(supply, "征收未完成", reporter, now=timezone.now() - timedelta(days=30))
    fresh = actions.do_block_step(supply.project.element_steps.get(code="power_scheme"), "容量不足", reporter)
    runs = []
    for _ in range(2):
        out = StringIO()
        call_command("check_time_limits", stdout=out)
        runs.append(out.getvalue())
    assert "上报 1 个要素问题" in runs[0] and "上报 0 个要素问题" in runs[1]
    problem = ElementProblem.objects.get(pk=problem.pk)
    assert problem.level == ProblemLevel.TASK_FORCE
    assert problem.history.filter(level=ProblemLevel.TASK_FORCE).count() == 1
    assert ElementProblem.objects.get(pk=fresh.pk).level == ProblemLevel.DEPARTMENT  # not yet due
    # Its department clock was closed before the reminders ran: no overdue notice on it.
    assert not Escalation.objects.filter(clock__in=Clock.objects.for_subject(problem), level=Level.LEADER).exists()
