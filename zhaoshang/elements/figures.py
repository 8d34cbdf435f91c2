"""Element figures (docs/domain.md §13): projects stuck between stages, land approved but
not supplied / supplied but not used, and the share of projects with the four
preliminary procedures done. Each list is a queryset (the drill-down) and each
figure its count, so the dashboard card, the list screen, the circular and an
assessment deduction read the same rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from zhaoshang.projects.models import EventKind, MonthlyInvestment, Project, Stage, StageEvent

from .models import LAND_APPROVAL_CODE, LAND_SUPPLY_CODE, PRELIMINARY_CODES, ElementStep, StepState


@dataclass(frozen=True)
class StuckList:
    key: str
    label: str
    stages: tuple[str, ...]
    invested: bool | None  # 开工未建设 vs 建设未竣工: whether any investment is completed


STUCK_LISTS = (
    StuckList("approved_not_started", "立项未开工", (Stage.SIGNED, Stage.REGISTERED), None),
    StuckList("started_not_building", "开工未建设", (Stage.STARTED,), False),
    StuckList("building_not_completed", "建设未竣工", (Stage.STARTED,), True),
    StuckList("completed_not_producing", "竣工未投产", (Stage.COMPLETED,), None),
)
STUCK_BY_KEY = {stuck.key: stuck for stuck in STUCK_LISTS}


def _entered_current_stage() -> Subquery:
    events = StageEvent.objects.active().filter(project=OuterRef("pk"), kind=EventKind.STAGE, stage=OuterRef("stage"))
    return Subquery(events.order_by("-date").values("date")[:1])


def stuck(projects: QuerySet[Project], key: str) -> QuerySet[Project]:
    """The projects of one stuck list, annotated with `stuck_since` (the day they
    entered the stage they are stuck at), longest stuck first."""
    rule = STUCK_BY_KEY[key]
    result = projects.counted().filter(stage__in=rule.stages)
    if rule.invested is not None:
        invested = Exists(MonthlyInvestment.objects.filter(plan__project=OuterRef("pk"), completed_amount__gt=0))
        result = result.filter(invested if rule.invested else ~invested)
    return result.annotate(stuck_since=Coalesce(_entered_current_stage(), "signed_on")).order_by("stuck_since", "id")


def _step_done(code: str) -> Exists:
    return Exists(ElementStep.objects.filter(project=OuterRef("pk"), code=code, state=StepState.DONE))


def _step_open(code: str) -> Exists:
    return Exists(ElementStep.objects.filter(project=OuterRef("pk"), code=code).exclude(state=StepState.DONE))


def approved_not_supplied(projects: QuerySet[Project]) -> QuerySet[Project]:
    """批而未供: land approved (农转用/征收报批 done), not yet supplied."""
    return projects.filter(_step_done(LAND_APPROVAL_CODE), _step_open(LAND_SUPPLY_CODE))


def supplied_not_used(projects: QuerySet[Project]) -> QuerySet[Project]:
    """供而未用: land supplied, the project not started on it."""
    not_started = [stage for stage in Stage if stage.is_pipeline and stage.order < Stage.STARTED.order]
    return projects.filter(_step_done(LAND_SUPPLY_CODE), stage__in=not_started)


@dataclass(frozen=True)
class PreliminaryShare:
    done: int
    total: int

    @property
    def share(self) -> float | None:
        return self.done / self.total if self.total else None


def preliminary_share(projects: QuerySet[Project]) -> PreliminaryShare:
    """Of the projects that have element steps, those with 立项、用地、规划、环评 all done."""
    with_steps = projects.filter(Exists(ElementStep.objects.filter(project=OuterRef("pk"))))
    done = with_steps.annotate(
        preliminary_done=Count("element_steps", filter=Q(element_steps__code__in=PRELIMINARY_CODES, element_steps__state=StepState.DONE))
    ).filter(preliminary_done=len(PRELIMINARY_CODES))
    return PreliminaryShare(done.count(), with_steps.count())


def not_started_by_agreed_date(projects: QuerySet[Project], as_of: date) -> QuerySet[Project]:
    """Past the agreed start date (planned_started_on) without 开工 by `as_of`: the
    list of §13 and the source of the assessment deduction (−0.1 per project)."""
    started = [Stage.STARTED, *Stage.STARTED.later_stages()]
    events = StageEvent.objects.as_of(as_of).filter(project=OuterRef("pk"), kind=EventKind.STAGE, stage__in=started)
    return (
        projects.counted()
        .filter(planned_started_on__lt=as_of)
        .exclude(stage__in=[Stage.DROPPED])
        .exclude(Exists(events))
        .order_by("planned_started_on", "id")
    )


def counts(projects: QuerySet[Project], as_of: date) -> dict[str, int]:
    """Every figure of the card, one query each."""
    result = {stuck_list.key: stuck(projects, stuck_list.key).count() for stuck_list in STUCK_LISTS}
    result["approved_not_supplied"] = approved_not_supplied(projects).count()
    result["supplied_not_used"] = supplied_not_used(projects).count()
    result["not_started_by_agreed_date"] = not_started_by_agreed_date(projects, as_of).count()
    return result
