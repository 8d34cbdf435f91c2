"""Demo data: the policies and the calendar (a demo database flushed by a test has
lost what the data migration wrote), and the obstacles' clocks dated like the
backdated obstacles, so that the alert centre shows the overdue ones."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import F

from zhaoshang.core.demo import DemoWorld
from zhaoshang.projects.models import Obstacle

from .engine.actions import check_time_limits
from .models import CalendarDay, Clock, Policy
from .seeding import seed_calendar, seed_policies


def build(world: DemoWorld) -> None:
    seed_policies(Policy)
    seed_calendar(CalendarDay)
    obstacle_type = ContentType.objects.get_for_model(Obstacle)
    for obstacle in Obstacle.objects.filter(project__introducing_unit__path__startswith=world.county.path):
        clocks = Clock.objects.filter(content_type=obstacle_type, object_id=obstacle.pk)
        clocks.update(started_at=obstacle.raised_at)
        if obstacle.resolved_at is not None:
            clocks.update(closed_at=obstacle.resolved_at, overdue=False)
            clocks.filter(closed_at__gt=F("due_at")).update(overdue=True)
    check_time_limits()
