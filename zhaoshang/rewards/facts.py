"""A project's facts for the calculator, read from its records: verified funds
(only verified funds count, §6), its stage dates and its finders. Tax figures are
not recorded in the system; the trial takes them as typed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from zhaoshang.projects.models import Currency, FundKind, Project, Stage, StageEvent

from .calculator import Base, Facts, FinderFacts


def stage_date(project: Project, stage: str):
    event = StageEvent.objects.filter(project=project, stage=stage, voided_at__isnull=True).order_by("date").first()
    return event.date if event else None


def project_facts(project: Project, overrides: Mapping[str, int] | None = None) -> Facts:
    arrivals: dict[str, list] = defaultdict(list)
    for entry in project.fund_entries.verified().order_by("date", "id"):
        if entry.currency == Currency.USD:
            arrivals[Base.FOREIGN_CAPITAL_USD].append((entry.date, entry.amount // 100))
            continue
        arrivals[Base.FUNDS_VERIFIED].append((entry.date, entry.amount))
        if entry.kind == FundKind.CAPITAL:
            arrivals[Base.REGISTERED_CAPITAL].append((entry.date, entry.amount))
    bases = {key: sum(amount for _, amount in rows) for key, rows in arrivals.items()}
    bases[Base.FIXED_INVESTMENT] = project.total_investment if project.currency == Currency.CNY else 0
    for key, value in (overrides or {}).items():
        if value is not None:
            bases[key] = value
    shares = project.finder_shares.select_related("finder").order_by("id")
    return Facts(
        bases=bases,
        arrivals=dict(arrivals),
        signed_on=project.signed_on,
        registered_on=stage_date(project, Stage.REGISTERED),
        producing_on=stage_date(project, Stage.PRODUCING),
        agreed_producing_on=project.planned_producing_on,
        finders=[FinderFacts(s.finder.name, s.share, s.finder.registered_on, s.finder.excluded_reason) for s in shares],
        category=project.category,
        category_label=project.get_category_display(),
    )
