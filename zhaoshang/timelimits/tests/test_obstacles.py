"""Obstacles keep their `deadline`; the engine sets it when none is agreed, runs
the clock (escalations) and closes it on 销号."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zhaoshang.projects import actions
from zhaoshang.projects.factories import ProjectFactory
from zhaoshang.projects.models import ObstacleStatus
from zhaoshang.timelimits.calendar import WorkingCalendar
from zhaoshang.timelimits.engine.actions import check_time_limits
from zhaoshang.timelimits.models import Clock, PolicyKind


@pytest.fixture
def project(county):
    return ProjectFactory(introducing_unit=county.township)


def obstacle_data(county, deadline=None) -> dict:
    return {"category": "funds", "description": "贷款未落实", "responsible_unit": county.township, "deadline": deadline}


def test_an_obstacle_without_a_deadline_gets_the_policy_limit_in_working_days(county, project, reporter):
    obstacle = actions.do_add_obstacle(project, obstacle_data(county), reporter)
    expected = WorkingCalendar().add_working_days(timezone.localtime(obstacle.raised_at).date(), 15)
    assert obstacle.deadline == expected
    clock = Clock.objects.for_subject(obstacle).get()
    assert (clock.kind, clock.unit, clock.handler) == (PolicyKind.OBSTACLE, county.township, reporter)
    assert timezone.localtime(clock.due_at).date() == expected


def test_an_agreed_deadline_is_kept_and_becomes_the_clock_deadline(county, project, reporter):
    obstacle = actions.do_add_obstacle(project, obstacle_data(county, date(2030, 6, 28)), reporter)
    assert obstacle.deadline == date(2030, 6, 28)
    assert Clock.objects.for_subject(obstacle).get().due_at == timezone.make_aware(datetime(2030, 6, 28, 17))


def test_an_overdue_obstacle_is_escalated_and_its_mark_stays_after_resolving(county, project, reporter):
    obstacle = actions.do_add_obstacle(project, obstacle_data(county, timezone.localdate() + timedelta(days=1)), reporter)
    assert [e.level for e in check_time_limits(timezone.now() + timedelta(days=30))] == [50, 80, 100]
    actions.do_update_obstacle_status(obstacle, ObstacleStatus.RESOLVED, reporter, note="已协调解决")
    clock = Clock.objects.for_subject(obstacle).get()
    assert clock.closed_at is not None and clock.overdue


def test_the_obstacle_form_may_leave_the_deadline_to_the_engine(county, project, client_for, reporter):

    response = client_for(reporter).post(
        reverse("projects:obstacle_add", args=[project.pk]),
        {"category": "land_approval", "responsible_unit": county.township.pk, "deadline": "", "description": "用地指标未落实"},
    )
    assert response.status_code == 302
    obstacle = project.obstacles.get()
    assert obstacle.deadline > timezone.localdate()


def test_adding_an_obstacle_over_a_year_without_holiday_data_warns(county, project, client_for, reporter):
    response = client_for(reporter).post(
        reverse("projects:obstacle_add", args=[project.pk]),
        {"category": "funds", "responsible_unit": county.township.pk, "deadline": "2035-06-29", "description": "贷款未落实"},
        follow=True,
    )
    assert "2035年" in response.content.decode() and "周一至周五" in response.content.decode()
