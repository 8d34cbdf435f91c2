"""Project counts for targets, and target completion: actual by unit, time progress, behind schedule."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from zhaoshang.organisation.models import Unit
from zhaoshang.projects.models import (
    Stage,
)
from zhaoshang.projects.money import Money

from ..periods import Scope, Span
from .common import CREDITS, Summary, Where, _at_least, _one, _share_sum, _stage_events, by_unit, ratio
from .money import _exports, _foreign, _fund_sums, contract_amount, contracts_by_unit, export_total, foreign_actual, funds_arrived, funds_by_unit

# ---------------------------------------------------------------- project counts (targets)


def _project_count(where: Where, span: Span, as_of: date, *, stage: str, category: str, min_investment: int | None) -> dict[str, Decimal]:
    """Projects whose event for `stage` is dated in the span (skipped stages get
    dated events too, so a jump past the stage still counts), matching the
    category and the minimum total investment (converted at the event's year)."""
    events = _stage_events(as_of).filter(stage=stage or Stage.SIGNED, date__gte=span.start, date__lte=span.until(as_of))
    if category:
        events = events.filter(project__category=category)
    if min_investment:
        events = events.filter(_at_least(min_investment, range(span.start.year, span.until(as_of).year + 1)))
    return {bucket: row["all"] for bucket, row in _share_sum(events, CREDITS, where).items()}


def project_count(scope: Scope, span: Span, as_of: date, *, stage: str = Stage.SIGNED, category: str = "", min_investment: int | None = None) -> Decimal:
    return _one(_project_count(scope, span, as_of, stage=stage, category=category, min_investment=min_investment), Decimal(0))


# ---------------------------------------------------------------- targets


def is_behind(rate: Decimal | None, time_progress: Decimal) -> bool:
    """时间过半、任务过半: behind schedule when the completion rate is below the time
    progress (docs/domain.md §6). The one test of the completion card, the rankings
    and the campaign leaderboards; no rate (no target) is never behind."""
    return rate is not None and rate < time_progress


def time_progress(start: date, end: date, as_of: date) -> Decimal:
    """序时进度: the elapsed share of [start, end] at the end of as_of (both ends
    inclusive), between 0 and 1, 4 places."""
    total = (end - start).days + 1
    elapsed = min(max((as_of - start).days + 1, 0), total)
    return ratio(elapsed, total) or Decimal(0)


def actual_by_unit(units: Iterable[Unit], kind: str, span: Span, as_of: date, target=None) -> dict[int, Decimal | int | None]:
    """The figure a target of `kind` is measured against, for many units at once
    (in the target's unit: 元, US cents, or a count)."""
    units = list(units)
    if kind == "funds_arrived":
        return {pk: m.yuan for pk, m in funds_by_unit(units, span, as_of).items()}
    if kind == "contract_amount":
        return {pk: m.yuan for pk, m in contracts_by_unit(units, span, as_of).items()}
    if kind == "foreign_actual":
        return by_unit(units, lambda where: _foreign(where, span, as_of), 0)
    if kind == "project_count":
        options = {
            "stage": getattr(target, "stage_reached", "") or Stage.SIGNED,
            "category": getattr(target, "category", ""),
            "min_investment": getattr(target, "min_investment", None),
        }
        return by_unit(units, lambda where: _project_count(where, span, as_of, **options), Decimal(0))
    if kind == "export_total":
        return by_unit(units, lambda where: _exports(where, span, as_of), 0)
    return {unit.pk: None for unit in units}


def actual_by_own_target(units: Iterable[Unit], period, kind: str, span: Span, as_of: date) -> dict[int, Decimal | int | None]:
    """actual_by_unit for the units' targets of `kind` in a targets.Period: a
    project_count target is measured by its own filter (stage reached, category,
    total investment; the unit's first such target, as effective_targets shows),
    as completion_rate measures it. Units sharing a filter take one computation."""
    units = list(units)
    if kind != "project_count":
        return actual_by_unit(units, kind, span, as_of)
    from zhaoshang.targets.models import Target

    firsts: dict[int, Any] = {}
    for target in Target.objects.filter(period=period, kind=kind, unit__in=units).order_by("id"):
        firsts.setdefault(target.unit_id, target)
    groups: dict[Any, list[Unit]] = defaultdict(list)
    for unit in units:
        target = firsts.get(unit.pk)  # type: ignore[assignment]
        groups[(target.stage_reached, target.category, target.min_investment) if target else None].append(unit)
    result: dict[int, Decimal | int | None] = {}
    for members in groups.values():
        result.update(actual_by_unit(members, kind, span, as_of, firsts.get(members[0].pk)))
    return result


def actuals_by_unit(units: Iterable[Unit], kind: str, span: Span, as_ofs: list[date]) -> list[dict[int, Decimal | int | None]]:
    """actual_by_unit as of several dates (a ranking now and a month ago); 到位资金,
    the usual ranking figure, in one query for all of them."""
    units = list(units)
    if kind != "funds_arrived":
        return [actual_by_unit(units, kind, span, as_of) for as_of in as_ofs]

    def compute(where: Where) -> dict[str, dict[date, Money]]:
        sums = _fund_sums(where, [(span, as_of) for as_of in as_ofs], pending=False)
        by_bucket: dict[str, dict[date, Money]] = defaultdict(dict)
        for (_, _, as_of), buckets in sums.items():
            for bucket, money in buckets.items():
                by_bucket[bucket][as_of] = money
        return by_bucket

    found = by_unit(units, compute, {})
    return [{pk: found[pk].get(as_of, Money(0)).yuan for pk in found} for as_of in as_ofs]


def actual(kind: str, scope: Scope, span: Span, as_of: date, target=None) -> Decimal | int | None:
    if kind == "funds_arrived":
        return funds_arrived(scope, span, as_of).yuan
    if kind == "contract_amount":
        return contract_amount(scope, span, as_of).yuan
    if kind == "foreign_actual":
        return foreign_actual(scope, span, as_of)
    if kind == "project_count":
        return project_count(
            scope,
            span,
            as_of,
            stage=getattr(target, "stage_reached", "") or Stage.SIGNED,
            category=getattr(target, "category", ""),
            min_investment=getattr(target, "min_investment", None),
        )
    if kind == "export_total":
        return export_total(scope, span, as_of)
    return None


@dataclass(frozen=True)
class Completion:
    kind: str
    target: int | None
    actual: Decimal | int | None
    rate: Decimal | None  # 任务完成率
    time_progress: Decimal
    is_default: bool = False

    @property
    def behind(self) -> bool:
        return is_behind(self.rate, self.time_progress)

    @property
    def done(self) -> bool:
        return self.rate is not None and self.rate >= 1


def completion_rate(unit: Unit, period, kind: str, as_of: date, summary: Summary | None = None) -> Completion:
    """任务完成率 of a unit's target of `kind` in a targets.Period: actual ÷ target,
    the actual measured over the period up to as_of. `summary`, the unit's summary
    already in hand (the dashboard's), gives the actual when it holds the figure
    for the same dates (a year-to-date span of the period's year): no second scan."""
    from zhaoshang.targets.models import effective_targets

    span = Span.range(period.start, period.end)
    progress = time_progress(period.start, period.end, as_of)
    row = effective_targets(period, kind, Unit.objects.filter(pk=unit.pk)).values("target_amount", "target_is_default").first()
    target = None
    if kind == "project_count":
        target = period.targets.filter(kind=kind, unit=unit).order_by("id").first()
    if (
        summary is not None
        and kind in summary.figures
        and summary.scope.paths == (unit.path,)
        and summary.as_of == as_of
        and (summary.span.start, summary.span.until(as_of)) == (span.start, span.until(as_of))
    ):
        value = summary.figures[kind].value
    else:
        value = actual(kind, Scope.for_unit(unit), span, as_of, target)
    if row is None:
        return Completion(kind, None, value, None, progress)
    return Completion(kind, row["target_amount"], value, ratio(value, row["target_amount"]), progress, row["target_is_default"])


@dataclass(frozen=True)
class UnitsDone:
    done: int
    total: int  # units with a target


def units_done(period, as_of: date, kind: str | None = None, scope: Scope | None = None) -> UnitsDone:
    """完成任务单位数: units (of the scope, default the period's jurisdiction) whose
    completion rate of `kind` (default the period's primary kind) is ≥ 100%."""
    from zhaoshang.targets.models import effective_targets

    kind = kind or period.primary_kind
    units = Unit.objects.filter(path__startswith=period.jurisdiction.path)
    if scope is not None:
        units = units.filter(scope.q("path"))
    targeted = list(effective_targets(period, kind, units.exclude(pk=period.jurisdiction.pk)))
    actuals = actual_by_own_target(targeted, period, kind, Span.range(period.start, period.end), as_of)
    done = sum(1 for u in targeted if (r := ratio(actuals.get(u.pk), u.target_amount)) is not None and r >= 1)
    return UnitsDone(done, len(targeted))
