"""预警 (docs/domain.md §7): the records that need someone's attention, as of a date.

Each function returns a queryset of the records behind the alert, so a page can
list them, a circular can count them and a test can compare them with what it
expects. Like the engine, alerts read dated events and timestamps, never the
cached `Project.stage`, so the alerts of a past date can be reproduced.
Behind-schedule units come from `rankings` (completion below 序时进度).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet

from zhaoshang.projects.models import (
    EventKind,
    FollowUp,
    FundEntry,
    Obstacle,
    Project,
    Stage,
    StageEvent,
    reached,
    verified_by,
)

from .periods import Scope, end_of_day

# 签约即止: signed this long ago and still nothing …
SIGNED_THEN_NOTHING_DAYS = 90
# … and nobody has followed it up for this long.
FOLLOW_UP_DAYS = 30

PLANNED_DATE_FIELDS = {
    Stage.SIGNED: "planned_signed_on",
    Stage.REGISTERED: "planned_registered_on",
    Stage.STARTED: "planned_started_on",
    Stage.COMPLETED: "planned_completed_on",
    Stage.PRODUCING: "planned_producing_on",
}


def _events(as_of: date) -> QuerySet:
    return StageEvent.objects.as_of(as_of).filter(project=OuterRef("pk"))


def _reached(stage: str, by: date, as_of: date) -> Exists:
    """projects.models.reached: `stage` or a later pipeline stage on or before `by`."""
    return reached(stage, by, as_of)


def _in_scope(scope: Scope) -> QuerySet:
    return Project.objects.counted().credited_within(list(scope.paths))


def signed_then_nothing(scope: Scope, as_of: date) -> QuerySet:
    """Formally signed at least 90 days before `as_of`, with no verified funds, not
    started, not dropped, and no follow-up (a follow-up record, a stage event, a
    fund entry reported) in the 30 days up to `as_of` — all as the record stood then."""
    end = end_of_day(as_of)
    window_start = as_of - timedelta(days=FOLLOW_UP_DAYS - 1)
    verified = FundEntry.objects.filter(verified_by(as_of), project=OuterRef("pk"))
    dropped = _events(as_of).filter(kind=EventKind.STAGE, stage=Stage.DROPPED)
    follow_up = Exists(FollowUp.objects.filter(project=OuterRef("pk"), date__gte=window_start, date__lte=as_of, recorded_at__lte=end))
    stage_change = Exists(_events(as_of).filter(date__gte=window_start))
    funds_reported = Exists(FundEntry.objects.filter(project=OuterRef("pk"), reported_at__date__gte=window_start, reported_at__lte=end))
    return (
        _in_scope(scope)
        .filter(_reached(Stage.SIGNED, as_of - timedelta(days=SIGNED_THEN_NOTHING_DAYS), as_of))
        .exclude(_reached(Stage.STARTED, as_of, as_of))
        .exclude(Exists(verified))
        .exclude(Exists(dropped))
        .exclude(follow_up | stage_change | funds_reported)
    )


def missed_planned_dates(scope: Scope, as_of: date) -> dict[str, QuerySet]:
    """Per stage: projects whose planned date for it has passed without reaching it
    (and that were not dropped by then)."""
    dropped = Exists(_events(as_of).filter(kind=EventKind.STAGE, stage=Stage.DROPPED))
    return {
        stage: _in_scope(scope).filter(**{f"{field}__lt": as_of}).exclude(_reached(stage, as_of, as_of)).exclude(dropped)
        for stage, field in PLANNED_DATE_FIELDS.items()
    }


def overdue_obstacles(scope: Scope, as_of: date) -> QuerySet:
    """Obstacles past their deadline and unresolved on `as_of`, of projects credited
    in the scope or assigned to a unit in it."""
    projects = _in_scope(scope).values("pk")
    return Obstacle.objects.overdue(as_of).filter(Q(project__in=projects) | scope.q("responsible_unit__path"))
