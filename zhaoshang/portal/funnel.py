"""The online funnel (docs/domain.md §11): inquiry → valid lead → 洽谈 → 签约 → 落地, by
month of the inquiry, channel and unit. A lead counts at a stage when its project
had reached it (or a later pipeline stage) by `as_of`, as the stage events say."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from statistics import median

from django.db.models import QuerySet
from django.utils import timezone

from zhaoshang.projects.models import Project, Stage

from .models import Inquiry, InquiryStatus

STAGES = (Stage.NEGOTIATING, Stage.SIGNED, Stage.REGISTERED)


@dataclass
class Row:
    month: str
    channel: str
    unit: str
    inquiries: int = 0
    valid: int = 0
    negotiating: int = 0
    signed: int = 0
    registered: int = 0
    days: list[int] = field(default_factory=list)

    @property
    def valid_rate(self) -> float | None:
        return self.valid / self.inquiries if self.inquiries else None

    @property
    def signed_rate(self) -> float | None:
        return self.signed / self.inquiries if self.inquiries else None

    @property
    def median_days(self) -> float | None:
        """Median days from inquiry to valid lead."""
        return median(self.days) if self.days else None


def build(inquiries: QuerySet[Inquiry], as_of: date) -> tuple[list[Row], Row]:
    """Rows by (month, channel, unit), newest month first, and the total."""
    records = list(inquiries.select_related("unit").order_by("created_at", "id"))
    project_ids = [i.project_id for i in records if i.project_id]
    reached = {stage: set(Project.objects.filter(pk__in=project_ids).reached_by(stage, as_of).values_list("pk", flat=True)) for stage in STAGES}
    rows: dict[tuple[str, str, str], Row] = {}
    total = Row("合计", "", "")
    for inquiry in records:
        month = f"{timezone.localtime(inquiry.created_at):%Y-%m}"
        key = (month, inquiry.channel, inquiry.unit.name)
        row = rows.setdefault(key, Row(*key))
        for target in (row, total):
            target.inquiries += 1
            if inquiry.status == InquiryStatus.ACCEPTED:
                target.valid += 1
                assert inquiry.handled_at is not None  # an accepted inquiry was handled
                target.days.append((inquiry.handled_at - inquiry.created_at).days)
                target.negotiating += inquiry.project_id in reached[Stage.NEGOTIATING]
                target.signed += inquiry.project_id in reached[Stage.SIGNED]
                target.registered += inquiry.project_id in reached[Stage.REGISTERED]
    ordered = sorted(rows.values(), key=lambda r: (r.month, r.channel, r.unit))
    ordered.sort(key=lambda r: r.month, reverse=True)
    return ordered, total
