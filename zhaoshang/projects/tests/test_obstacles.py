"""Obstacles (问题清单): adding, the status workflow, and overdue as of a date."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhaoshang.projects import actions
from zhaoshang.projects.factories import ObstacleFactory
from zhaoshang.projects.models import Obstacle, ObstacleCategory, ObstacleStatus


@pytest.fixture
def obstacle(project, reporter, county, days_ago):
    return actions.do_add_obstacle(
        project,
        {
            "category": ObstacleCategory.DEMOLITION,
            "description": "3户征迁未完成",
            "responsible_unit": county.township,
            "deadline": days_ago(-10),
        },
        reporter,
    )


def test_reporter_adds_an_obstacle_to_own_project(obstacle, reporter):
    assert (obstacle.status, obstacle.raised_by) == (ObstacleStatus.OPEN, reporter)
    assert obstacle.history.get().history_user == reporter


def test_another_unit_cannot_add_an_obstacle(project, other_reporter, county, days_ago):
    with pytest.raises(PermissionDenied):
        actions.do_add_obstacle(
            project,
            {"category": "funds", "description": "x", "responsible_unit": county.township, "deadline": days_ago(0)},
            other_reporter,
        )


def test_an_unknown_category_is_refused(project, reporter, county, days_ago):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_add_obstacle(
            project,
            {"category": "weather", "description": "x", "responsible_unit": county.township, "deadline": days_ago(0)},
            reporter,
        )
    assert "category" in excinfo.value.message_dict


def test_open_to_in_progress_to_resolved_with_a_note(obstacle, reporter):
    actions.do_update_obstacle_status(obstacle, ObstacleStatus.IN_PROGRESS, reporter)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_update_obstacle_status(obstacle, ObstacleStatus.RESOLVED, reporter)
    assert excinfo.value.message_dict == {"note": ["销号须填写办理情况"]}
    resolved = actions.do_update_obstacle_status(obstacle, ObstacleStatus.RESOLVED, reporter, note="已签订征迁协议")
    assert resolved.status == ObstacleStatus.RESOLVED
    assert [(n.kind, n.text) for n in resolved.notes.all()] == [("closed", "已签订征迁协议")]
    assert resolved.resolved_at is not None


def test_escalating_to_a_leader_needs_a_note(obstacle, reporter, leader):
    with pytest.raises(ValidationError):
        actions.do_update_obstacle_status(obstacle, ObstacleStatus.ESCALATED, reporter, escalated_to=leader.person)
    escalated = actions.do_update_obstacle_status(obstacle, ObstacleStatus.ESCALATED, reporter, note="需县领导协调", escalated_to=leader.person)
    assert (escalated.status, escalated.escalated_to) == (ObstacleStatus.ESCALATED, leader.person)


def test_a_resolved_obstacle_cannot_be_reopened(obstacle, reporter):
    actions.do_update_obstacle_status(obstacle, ObstacleStatus.RESOLVED, reporter, note="已解决")
    with pytest.raises(ValidationError) as excinfo:
        actions.do_update_obstacle_status(obstacle, ObstacleStatus.IN_PROGRESS, reporter)
    assert excinfo.value.message_dict == {"status": ["问题状态不能从「已销号」改为「办理中」"]}


def test_other_unit_and_read_only_leader_cannot_change_status(obstacle, other_reporter, leader):
    for user in (other_reporter, leader):
        with pytest.raises(PermissionDenied):
            actions.do_update_obstacle_status(obstacle, ObstacleStatus.IN_PROGRESS, user)


def test_overdue_lists_unresolved_obstacles_past_their_deadline(project, today):
    late = ObstacleFactory(project=project, deadline=today - timedelta(days=1))
    ObstacleFactory(project=project, deadline=today)  # due today: not yet overdue
    ObstacleFactory(project=project, deadline=today - timedelta(days=5), status=ObstacleStatus.RESOLVED, resolved_at=timezone.now())
    assert list(Obstacle.objects.overdue(today)) == [late]


def test_overdue_as_of_a_past_date_counts_obstacles_resolved_later(project, today):
    resolved_today = ObstacleFactory(
        project=project,
        deadline=today - timedelta(days=10),
        status=ObstacleStatus.RESOLVED,
        resolved_at=timezone.now(),
        raised_at=timezone.now() - timedelta(days=30),
    )
    assert list(Obstacle.objects.overdue(today - timedelta(days=3))) == [resolved_today]
    assert not Obstacle.objects.overdue(today).exists()


def test_overdue_as_of_a_date_before_the_obstacle_was_raised_is_empty(project, today):
    ObstacleFactory(project=project, deadline=today - timedelta(days=10))
    assert not Obstacle.objects.overdue(today - timedelta(days=3)).exists()
