"""Predicted start date (预计开工日期): the critical path over a project's unfinished
steps that block the start. Each such step (and every unfinished step it waits for)
ends no earlier than its planned completion date, and no earlier than its time limit
in working days after the latest of today and its predecessors' ends; the project
can start on the working day after the last of them ends. Finished steps and steps
that neither block the start nor precede a blocking one play no part."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from zhaoshang.timelimits.calendar import WorkingCalendar

from .models import ElementStep, StepState


@dataclass
class Prediction:
    start: date | None  # None: nothing blocks the start any more
    agreed: date | None
    ends: dict[int, date] = field(default_factory=dict)  # step pk → predicted end
    critical: list[ElementStep] = field(default_factory=list)  # the chain that sets `start`

    @property
    def is_late(self) -> bool:
        return self.start is not None and self.agreed is not None and self.start > self.agreed

    def late_days(self) -> int:
        if self.start is None or self.agreed is None or self.start <= self.agreed:
            return 0
        return (self.start - self.agreed).days


def predict(steps: Iterable[ElementStep], agreed: date | None, today: date, calendar: WorkingCalendar) -> Prediction:
    """`steps`: one project's steps with `after` prefetched (no query per step)."""
    steps = list(steps)
    by_pk = {step.pk: step for step in steps}
    unfinished = {step.pk for step in steps if step.state != StepState.DONE}
    ends: dict[int, date] = {}
    via: dict[int, int | None] = {}  # the predecessor that set a step's end

    def end_of(pk: int, path: frozenset[int]) -> date:
        if pk in ends:
            return ends[pk]
        step = by_pk[pk]
        begin, setter = today, None
        for before in step.after.all():
            # A loop in the dependencies (a badly edited template) is cut, not followed.
            if before.pk in unfinished and before.pk not in path:
                before_end = end_of(before.pk, path | {pk})
                if before_end > begin:
                    begin, setter = before_end, before.pk
        end = calendar.add_working_days(begin, step.limit_days)
        if step.planned_date and step.planned_date > end:
            end, setter = step.planned_date, None
        ends[pk], via[pk] = end, setter
        return end

    blocking = [step.pk for step in steps if step.blocks_start and step.pk in unfinished]
    if not blocking:
        return Prediction(None, agreed)
    for pk in blocking:
        end_of(pk, frozenset())
    last = max(blocking, key=lambda pk: (ends[pk], -by_pk[pk].position))
    chain = []
    step: int | None = last
    while step is not None:
        chain.append(by_pk[step])
        step = via[step]
    return Prediction(calendar.add_working_days(ends[last], 1), agreed, ends, list(reversed(chain)))


def predict_project(project, today: date, calendar: WorkingCalendar | None = None) -> Prediction:
    steps = project.element_steps.prefetch_related("after")
    return predict(steps, project.planned_started_on, today, calendar or WorkingCalendar())
