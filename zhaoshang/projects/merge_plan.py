"""What merging a duplicate will do, shown before the bureau confirms it: which
project is kept, and which of the other's records move over or are voided. The
merge action (actions.do_merge_projects) voids by the same rule, `kept_stages`."""

from __future__ import annotations

from dataclasses import dataclass

from .models import EventKind, Project, Stage, StageEvent


def kept_stages(survivor: Project) -> set[str]:
    """Stages the kept project has recorded itself: the duplicate's events for them
    are voided on merge, so every stage (and its figures) counts once."""
    return set(survivor.events.active().filter(kind=EventKind.STAGE).values_list("stage", flat=True))


@dataclass(frozen=True)
class MergePlan:
    survivor: Project
    duplicate: Project
    moved_events: list[StageEvent]
    voided_events: list[StageEvent]
    fund_entries: int
    obstacles: int
    evidence: int
    repointed: list[Project]  # other suspects held against the duplicate

    @property
    def voided_stage_labels(self) -> str:
        return "、".join(Stage(event.stage).label for event in self.voided_events)


def merge_plan(survivor: Project, duplicate: Project) -> MergePlan:
    kept = kept_stages(survivor)
    moved: list = []
    voided: list = []
    for event in duplicate.events.active().order_by("date", "pk"):
        (voided if event.kind == EventKind.STAGE and event.stage in kept else moved).append(event)
    return MergePlan(
        survivor=survivor,
        duplicate=duplicate,
        moved_events=moved,
        voided_events=voided,
        fund_entries=duplicate.fund_entries.count(),
        obstacles=duplicate.obstacles.count(),
        evidence=duplicate.evidence.count(),
        repointed=list(duplicate.duplicates.exclude(pk=survivor.pk).order_by("pk")),
    )
