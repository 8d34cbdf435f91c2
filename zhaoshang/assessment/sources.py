"""Where an indicator's raw value comes from, for every unit of a group as of the
cut-off date, with the records behind each figure (their ids, stored in the
snapshot) or, for figures without records of their own, the list page behind them.

- §6 metrics through the engine's public API (`engine.actual_by_unit`): funds count
  only when verified by the end of the cut-off day, events as recorded by then;
  the period is the scheme's year up to the cut-off.
- Campaign results: the unit's points on the campaign's leaderboard as of the cut-off.
- 营商环境 figures (service/figures.py): the figure's number (a rate in per cent, days, points).
- 招商活跃指数: the unit's mean weekly score over the year's weeks up to the cut-off.
- 逾期未开工: projects credited to the unit whose agreed start date (计划开工) is on
  or before the cut-off and which had not started by it. Each credited unit counts
  the project whole: every unit credited with it answers for it.
- 弄虚作假: projects credited to the unit with a falsified mark in force, dated on
  or before the cut-off (also counted whole).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse

from zhaoshang.activities.index import activity_indices, week_of
from zhaoshang.campaigns.scoring import leaderboard
from zhaoshang.metrics import engine
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.organisation.models import Unit
from zhaoshang.projects.models import FundEntry, Project, Stage, StageEvent, counted_q, reached, verified_by
from zhaoshang.service import figures as service_figures

from .models import FalsifiedMark, Source

FUND = "fund"
PROJECT = "project"


@dataclass
class Figure:
    value: Decimal | None
    record_model: str = ""
    record_ids: list[int] = field(default_factory=list)
    link: str = ""


def year_span(year: int, cut_off: date) -> Span:
    return Span.range(date(year, 1, 1), min(date(year, 12, 31), cut_off))


def _credited(unit: Unit, prefix: str = "project__") -> Q:
    return Q(**{f"{prefix}credits__unit__path__startswith": unit.path})


def _fund_ids(unit: Unit, span: Span, as_of: date) -> list[int]:
    entries = FundEntry.objects.filter(counted_q(), _credited(unit), verified_by(as_of), date__gte=span.start, date__lte=span.until(as_of))
    return sorted(set(entries.values_list("pk", flat=True)))


def _signed_ids(unit: Unit, span: Span, as_of: date) -> list[int]:
    events = StageEvent.objects.as_of(as_of).filter(
        counted_q(), _credited(unit), stage=Stage.SIGNED, date__gte=span.start, date__lte=span.until(as_of)
    )
    return sorted(set(events.values_list("project_id", flat=True)))


def _metric(source: str, units: Sequence[Unit], year: int, cut_off: date, as_of: date) -> dict[int, Figure]:
    span = year_span(year, cut_off)
    values = engine.actual_by_unit(units, source, span, as_of)
    result = {}
    for unit in units:
        value = values.get(unit.pk)
        figure = Figure(None if value is None else Decimal(value))
        if source == Source.FUNDS_ARRIVED:
            figure.record_model, figure.record_ids = FUND, _fund_ids(unit, span, as_of)
        elif source in (Source.CONTRACT_AMOUNT, Source.SIGNED_COUNT):
            figure.record_model, figure.record_ids = PROJECT, _signed_ids(unit, span, as_of)
        result[unit.pk] = figure
    return result


def _campaign(indicator, units: Sequence[Unit], cut_off: date) -> dict[int, Figure]:
    campaign = indicator.campaign if not isinstance(indicator, dict) else _campaign_of(indicator)
    if campaign is None:
        return {u.pk: Figure(None) for u in units}
    board = leaderboard(campaign, cut_off)
    link = reverse("campaigns:campaign_detail", args=[campaign.pk]) + f"?as_of={cut_off:%Y-%m-%d}"
    result = {}
    for unit in units:
        standing = board.standing(unit)
        result[unit.pk] = Figure(standing.total if standing else None, link=link)
    return result


def _campaign_of(data: dict):
    from zhaoshang.campaigns.models import Campaign

    return Campaign.objects.filter(pk=data.get("campaign")).first() if data.get("campaign") else None


def _service(key: str, units: Sequence[Unit], year: int, cut_off: date) -> dict[int, Figure]:
    chosen = [f for f in service_figures.FIGURES if f.key == key]
    if not chosen:
        return {u.pk: Figure(None) for u in units}
    scopes = {u.pk: Scope.for_unit(u) for u in units}
    table = service_figures.figures_for(list(scopes.values()), date(year, 1, 1), cut_off, chosen)
    result = {}
    for pk, scope in scopes.items():
        line = table[scope.key][0]
        number = line.value.number
        result[pk] = Figure(None if number is None else Decimal(number), link=line.link)
    return result


def _activity(jurisdiction: Unit, units: Sequence[Unit], year: int, cut_off: date) -> dict[int, Figure]:
    first = week_of(date(year, 1, 1))
    last = week_of(min(cut_off, date(year, 12, 31)))
    # Only whole weeks that ended by the cut-off.
    if last + timedelta(days=6) > cut_off:
        last -= timedelta(weeks=1)
    weeks = (last - first).days // 7 + 1
    sums: dict[int, Decimal] = {}
    if weeks > 0:
        for index in activity_indices(jurisdiction, first, weeks):
            for row in index.rows:
                sums[row.unit.pk] = sums.get(row.unit.pk, Decimal(0)) + row.score
    link = reverse("activities:index_ranking")
    return {u.pk: Figure((sums[u.pk] / weeks).quantize(Decimal("0.01")) if weeks > 0 and u.pk in sums else None, link=link) for u in units}


def _project_figures(ids_by_unit: dict[int, list[int]]) -> dict[int, Figure]:
    return {pk: Figure(Decimal(len(ids)), PROJECT, ids) for pk, ids in ids_by_unit.items()}


def not_started_ids(unit: Unit, cut_off: date, as_of: date | None = None) -> list[int]:
    projects = Project.objects.filter(counted_q(""), _credited(unit, ""), planned_started_on__isnull=False, planned_started_on__lte=cut_off).exclude(
        reached(Stage.STARTED, cut_off, as_of or cut_off)
    )
    return sorted(set(projects.values_list("pk", flat=True)))


def falsified_ids(unit: Unit, cut_off: date) -> list[int]:
    marks = FalsifiedMark.objects.filter(_credited(unit), is_active=True, marked_on__lte=cut_off)
    return sorted(set(marks.values_list("project_id", flat=True)))


def figures(indicator, units: Sequence[Unit], jurisdiction: Unit, year: int, cut_off: date, as_of: date | None = None) -> dict[int, Figure]:
    """Every unit's figure for the indicator (a model or a snapshot's copy of one):
    records dated in the year up to `cut_off`, as they stood at the end of `as_of`
    (default the cut-off: a run; a later day: what would change)."""
    as_of = max(as_of or cut_off, cut_off)
    get = indicator.get if isinstance(indicator, dict) else lambda name: getattr(indicator, name)
    source = get("source")
    if source in Source.values and Source(source).is_metric:
        return _metric(source, units, year, cut_off, as_of)
    if source == Source.CAMPAIGN:
        return _campaign(indicator, units, cut_off)
    if source == Source.SERVICE:
        return _service(get("source_key"), units, year, cut_off)
    if source == Source.ACTIVITY:
        return _activity(jurisdiction, units, year, cut_off)
    if source == Source.NOT_STARTED:
        return _project_figures({u.pk: not_started_ids(u, cut_off, as_of) for u in units})
    if source == Source.FALSIFIED:
        return _project_figures({u.pk: falsified_ids(u, cut_off) for u in units})
    return {u.pk: Figure(None) for u in units}


def service_choices() -> list[tuple[str, str]]:
    return [(f.key, f.label) for f in service_figures.FIGURES]
