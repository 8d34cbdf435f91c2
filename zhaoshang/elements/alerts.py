"""The alert rule of §13: a project whose predicted start date is later than its
agreed start (planned_started_on) while it has not started. Read by the alert
centre; predictions are computed for all candidates with two queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from zhaoshang.projects.models import PIPELINE, Project, Stage
from zhaoshang.timelimits.calendar import WorkingCalendar

from .models import ElementStep, StepState
from .prediction import Prediction, predict


@dataclass(frozen=True)
class LateStart:
    project: Project
    prediction: Prediction


def late_starts(projects: QuerySet[Project], today: date, calendar: WorkingCalendar | None = None) -> list[LateStart]:
    """Projects not yet started with an agreed start date and unfinished blocking
    steps whose predicted start falls after the agreed one, latest first."""
    calendar = calendar or WorkingCalendar()
    not_started = [stage for stage in PIPELINE if stage.order < Stage.STARTED.order]
    blocking = ElementStep.objects.filter(project=OuterRef("pk"), blocks_start=True).exclude(state=StepState.DONE)
    candidates = (
        projects.counted()
        .filter(stage__in=not_started, planned_started_on__isnull=False)
        .filter(Exists(blocking))
        .select_related("introducing_unit")
        .prefetch_related(Prefetch("element_steps", ElementStep.objects.prefetch_related("after")))
    )
    rows = []
    for project in candidates:
        prediction = predict(project.element_steps.all(), project.planned_started_on, today, calendar)
        if prediction.is_late:
            rows.append(LateStart(project, prediction))
    return sorted(rows, key=lambda row: (-row.prediction.late_days(), row.project.pk))
