"""Campaign scoring: `leaderboard(campaign, as_of)` → one ranked board per division.

Every figure comes from the metric engine or the alerts as of a date, so the board
of any past day can be reproduced, and money, exchange rates and credit shares follow
the engine's rules (a 60/40 project gives 60% / 40% of its points):

- funds rule: `engine.funds_by_unit` over the campaign period (verified by `as_of`),
  points = 万元 ÷ per_wan × points, proportional (150万元 at 1分/100万元 = 1.5分);
- stage rule: `engine.actual_by_unit(…, "project_count", …)`, the share-weighted
  number of projects whose event for the stage is dated in the period, with total
  investment ≥ the rule's threshold; a project signed before the start never counts;
- signed-then-nothing rule: `alerts.signed_then_nothing` on the scoring day (the
  as-of date, or the campaign's last day once it has ended), weighted by credit share;
- not-started-on-time rule: `elements.figures.not_started_by_agreed_date` (past the
  agreed start without 开工) on the scoring day, weighted the same way.

Points are rounded half up to 0.01 per rule, then capped (the cap limits the
absolute value: a penalty cap of 10 stops at −10). Units rank by total, high first;
equal totals share a rank (1, 1, 3), listed in the units' sort order. Participants
in a competing division are ranked within it; the others form one group of their
own (赛区外单位). Queries: one per rule and one per distinct target metric (each
grouped over all participants), never one per unit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from zhaoshang.core.money import WAN
from zhaoshang.elements import figures as element_figures
from zhaoshang.metrics import alerts, engine
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.organisation.models import Division, Unit
from zhaoshang.projects.models import Project, ProjectCredit

from .models import TARGET_METRICS, Campaign, CampaignTarget, RuleKind, ScoringRule

POINT_PLACES = Decimal("0.01")
OUTSIDE_DIVISIONS = "赛区外单位"


@dataclass(frozen=True)
class RuleScore:
    rule: ScoringRule
    quantity: Decimal  # 万元 (funds) or share-weighted projects
    points: Decimal  # after the cap
    capped: bool


@dataclass(frozen=True)
class Progress:
    key: str
    label: str
    target: int  # 元 for funds, a count otherwise
    actual: Decimal | int
    rate: Decimal | None
    behind: bool

    @property
    def is_money(self) -> bool:
        return self.key == "funds_arrived"

    @property
    def percent(self) -> Decimal:
        """For progress bars: 0–100."""
        return min((self.rate or Decimal(0)) * 100, Decimal(100))


@dataclass(frozen=True)
class Standing:
    unit: Unit
    rank: int
    total: Decimal
    rules: list[RuleScore]
    progress: list[Progress]
    prize: str

    @property
    def behind(self) -> bool:
        return any(p.behind for p in self.progress)


@dataclass(frozen=True)
class Board:
    name: str
    division: Division | None
    rows: list[Standing]


@dataclass(frozen=True)
class Leaderboard:
    campaign: Campaign
    as_of: date
    scored_on: date  # the day the signed-then-nothing alert is read
    time_progress: Decimal
    days_left: int
    rules: list[ScoringRule]
    boards: list[Board]

    def standing(self, unit: Unit) -> Standing | None:
        return next((row for board in self.boards for row in board.rows if row.unit.pk == unit.pk), None)


def _round(value: Decimal) -> Decimal:
    return value.quantize(POINT_PLACES, rounding=ROUND_HALF_UP)


def _capped(points: Decimal, cap: Decimal | None) -> tuple[Decimal, bool]:
    if cap is None or abs(points) <= cap:
        return points, False
    return (cap if points > 0 else -cap), True


class _Figures:
    """The engine's by-unit figures for one leaderboard, each computed once even
    when several rules and targets ask for it."""

    def __init__(self, campaign: Campaign, units: list[Unit], as_of: date) -> None:
        self.campaign, self.units, self.as_of = campaign, units, as_of
        self.span = Span.range(campaign.start, campaign.end)
        self._cache: dict[tuple, dict[int, Decimal]] = {}

    def _before_start(self) -> bool:
        return self.as_of < self.campaign.start

    def funds_wan(self) -> dict[int, Decimal]:
        """Verified funds arrived in the period, in 万元 (exact, share-weighted)."""
        key = ("funds",)
        if key not in self._cache:
            money = {} if self._before_start() else engine.funds_by_unit(self.units, self.span, self.as_of)
            self._cache[key] = {u.pk: Decimal(money[u.pk].yuan) / WAN if u.pk in money else Decimal(0) for u in self.units}
        return self._cache[key]

    def projects(self, stage: str, min_investment: int | None) -> dict[int, Decimal]:
        key = ("stage", stage, min_investment or 0)
        if key not in self._cache:
            target = SimpleNamespace(stage_reached=stage, category="", min_investment=min_investment or None)
            counts = {} if self._before_start() else engine.actual_by_unit(self.units, "project_count", self.span, self.as_of, target)
            self._cache[key] = {u.pk: Decimal(counts.get(u.pk) or 0) for u in self.units}
        return self._cache[key]

    def signed_then_nothing(self, day: date) -> dict[int, Decimal]:
        """Share-weighted 签约即止 projects of each participant on `day`: the alert's
        projects over all participants at once, then their credits by tree path."""
        return self._weighted(("stn", day), lambda scope: alerts.signed_then_nothing(scope, day))

    def not_started_on_time(self, day: date) -> dict[int, Decimal]:
        """Share-weighted projects past their agreed start without 开工 on `day`."""
        return self._weighted(
            ("late_start", day),
            lambda scope: element_figures.not_started_by_agreed_date(Project.objects.credited_within(list(scope.paths)), day),
        )

    def _weighted(self, key: tuple, projects_of) -> dict[int, Decimal]:
        if key not in self._cache:
            result = {u.pk: Decimal(0) for u in self.units}
            if not self._before_start() and self.units:
                paths = tuple(u.path for u in self.units)
                scope = Scope("jurisdiction", self.campaign.jurisdiction_id, "", paths)
                projects = projects_of(scope).values("pk")
                credits = ProjectCredit.objects.filter(project__in=projects).values_list("unit__path", "share_bp")
                for path, share in credits:
                    for unit in self.units:
                        if path.startswith(unit.path):
                            result[unit.pk] += Decimal(share) / engine.FULL
            self._cache[key] = result
        return self._cache[key]


def _rule_quantities(rule: ScoringRule, figures: _Figures, scored_on: date) -> dict[int, Decimal]:
    if rule.kind == RuleKind.FUNDS:
        return figures.funds_wan()
    if rule.kind == RuleKind.STAGE:
        return figures.projects(rule.stage, rule.min_investment)
    if rule.kind == RuleKind.NOT_STARTED_ON_TIME:
        return figures.not_started_on_time(scored_on)
    return figures.signed_then_nothing(scored_on)


def _rule_points(rule: ScoringRule, quantity: Decimal) -> RuleScore:
    per = Decimal(rule.per_wan or 1) if rule.kind == RuleKind.FUNDS else Decimal(1)
    points, capped = _capped(_round(quantity / per * rule.points), rule.cap)
    return RuleScore(rule, quantity, points, capped)


def _progress(target: CampaignTarget | None, figures: _Figures, campaign: Campaign, unit: Unit, time_progress: Decimal) -> list[Progress]:
    if target is None:
        return []
    result = []
    for key, (label, stage) in TARGET_METRICS.items():
        amount = getattr(target, key)
        if not amount:
            continue
        if stage is None:
            actual: Decimal | int = int(_round(figures.funds_wan()[unit.pk] * WAN))
        else:
            actual = figures.projects(stage, campaign.target_min_investment)[unit.pk]
        rate = engine.ratio(actual, amount)
        result.append(Progress(key, label, amount, actual, rate, engine.is_behind(rate, time_progress)))
    return result


def _ranked(rows: list[tuple[Unit, Decimal, list[RuleScore], list[Progress]]], prizes: list) -> list[Standing]:
    rows = sorted(rows, key=lambda r: (-r[1], r[0].sort_order, r[0].path))
    standings, rank, previous = [], 0, None
    for position, (unit, total, scores, progress) in enumerate(rows, start=1):
        if total != previous:
            rank, previous = position, total
        prize = next((p.text for p in prizes if p.rank_from <= rank <= p.rank_to), "")
        standings.append(Standing(unit, rank, total, scores, progress, prize))
    return standings


def leaderboard(campaign: Campaign, as_of: date) -> Leaderboard:
    """The campaign's standings as of a date, one board per competing division of
    the participants, then one for the participants outside them."""
    units = list(campaign.units.select_related("division").order_by("sort_order", "path"))
    rules = list(campaign.rules.all())
    prizes = list(campaign.prizes.all())
    targets = {t.unit_id: t for t in campaign.targets.all()}
    figures = _Figures(campaign, units, as_of)
    scored_on = min(as_of, campaign.end)
    time_progress = engine.time_progress(campaign.start, campaign.end, as_of)

    quantities = {rule.pk: _rule_quantities(rule, figures, scored_on) for rule in rules}
    groups: dict[Division | None, list] = defaultdict(list)
    for unit in units:
        scores = [_rule_points(rule, quantities[rule.pk][unit.pk]) for rule in rules]
        total = sum((s.points for s in scores), Decimal(0))
        progress = _progress(targets.get(unit.pk), figures, campaign, unit, time_progress)
        division = unit.division if unit.division is not None and unit.division.competes else None
        groups[division].append((unit, total, scores, progress))

    divisions = sorted((d for d in groups if d is not None), key=lambda d: (d.sort_order, d.name))
    boards = [Board(d.name, d, _ranked(groups[d], prizes)) for d in divisions]
    if None in groups:
        boards.append(Board(OUTSIDE_DIVISIONS, None, _ranked(groups[None], prizes)))
    return Leaderboard(campaign, as_of, scored_on, time_progress, campaign.days_left(as_of), rules, boards)
