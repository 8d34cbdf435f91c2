"""A commitment's history as its page shows it: its own changes with those of its
milestones and progress notes, newest first."""

from __future__ import annotations

from zhaoshang.core.history import Entry, Story, describe

from .models import Commitment, Milestone, Progress


def commitment_history(commitment: Commitment) -> list[Entry]:
    return describe(
        [
            (Story(Commitment), commitment.history.select_related("history_user")),
            (
                Story(Milestone, noun="兑现节点", subject=lambda m: f"{m.due_on:%Y-%m-%d} {m.title}", created=("title", "due_on")),
                Milestone.history.filter(commitment_id=commitment.pk).select_related("history_user"),
            ),
            (
                Story(Progress, noun="兑现进展", subject=lambda p: f"{p.date:%Y-%m-%d}", created=("status", "note")),
                Progress.history.filter(commitment_id=commitment.pk).select_related("history_user"),
            ),
        ]
    )
