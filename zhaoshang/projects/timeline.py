"""The project page's timeline: per pipeline stage, the planned date next to the
actual one (from the active stage events) and the events a bureau correction
voided, so the page shows what changed and why; below it, in date order, what
happened outside the funnel: stalls, corrections and the follow-ups (跟踪记录)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from .models import PIPELINE, EventKind, FollowUp, Project, Stage, StageEvent

PLANNED_FIELDS = {
    Stage.SIGNED: "planned_signed_on",
    Stage.REGISTERED: "planned_registered_on",
    Stage.STARTED: "planned_started_on",
    Stage.COMPLETED: "planned_completed_on",
    Stage.PRODUCING: "planned_producing_on",
}


@dataclass
class Step:
    stage: Stage
    planned: date | None
    actual: StageEvent | None = None
    voided: list[StageEvent] = field(default_factory=list)

    @property
    def late(self) -> bool:
        """Planned date passed (or beaten by the actual date) without the stage reached in time."""
        if self.planned is None:
            return False
        if self.actual is not None:
            return self.actual.date > self.planned
        return self.planned < timezone.localdate()


@dataclass(frozen=True)
class LogItem:
    """One line under the stage table: a stage event outside the funnel or a follow-up."""

    date: date
    event: StageEvent | None = None
    follow_up: FollowUp | None = None


@dataclass
class Timeline:
    steps: list[Step]
    # Stalled/dropped and bureau corrections: outside the funnel, listed in order.
    others: list[StageEvent]
    intents: list[StageEvent]
    # Newest first, as the follow-up section lists them.
    follow_ups: list[FollowUp] = field(default_factory=list)
    # 政务服务办件 of the project past their committed day (shown red; docs/domain.md §8).
    late_service_items: list = field(default_factory=list)

    @property
    def log(self) -> list[LogItem]:
        """Other events and follow-ups, oldest first (a stable sort keeps each kind's order)."""
        items = [LogItem(e.date, event=e) for e in self.others]
        items += [LogItem(f.date, follow_up=f) for f in reversed(self.follow_ups)]
        return sorted(items, key=lambda item: item.date)


def build(project: Project) -> Timeline:
    events = list(project.events.select_related("recorded_by", "voided_by").prefetch_related("evidence"))
    steps = {stage: Step(stage, getattr(project, PLANNED_FIELDS[stage]) if stage in PLANNED_FIELDS else None) for stage in PIPELINE}
    others, intents = [], []
    for event in events:
        if event.kind == EventKind.INTENT:
            intents.append(event)
        elif event.kind == EventKind.STAGE and Stage(event.stage).is_pipeline:
            step = steps[Stage(event.stage)]
            if event.voided_at is not None:
                step.voided.append(event)
            elif step.actual is None:
                step.actual = event
        else:
            others.append(event)
    follow_ups = list(project.follow_ups.select_related("recorded_by"))
    late = list(project.service_items.past_commitment(timezone.localdate()).select_related("unit").order_by("due_on", "id"))
    return Timeline(steps=list(steps.values()), others=others, intents=intents, follow_ups=follow_ups, late_service_items=late)
