"""What the fund, obstacle and investment-plan sections of a project page show: the
figures and, per entry, which buttons the user gets. The buttons follow the `access.can_*` rules the
actions enforce, so a button is never offered for a step that would be refused."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Q, Sum, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from zhaoshang.core.money import minor_to_yuan
from .money import Money, in_yuan
from zhaoshang.organisation.models import Person, Unit

from . import access
from .models import (
    Currency,
    ExchangeRate,
    FundEntry,
    FundStatus,
    InvestmentPlan,
    Obstacle,
    ObstacleCategory,
    ObstacleStatus,
    Project,
    arrived_by,
    pending_at,
)

PENDING = (FundStatus.REPORTED, FundStatus.UNIT_APPROVED)


@dataclass
class Total:
    """One bucket (verified or pending): 元 and US cents apart, and the USD part in
    元 at each entry's year rate; `unconverted` counts USD entries without a rate."""

    cny: int = 0
    usd: int = 0
    usd_in_cny: int = 0
    unconverted: int = 0

    @property
    def cny_equivalent(self) -> int:
        return self.cny + self.usd_in_cny


def _rates(entries: Iterable[FundEntry]) -> dict[tuple[int, str], Decimal | None]:
    keys = {(e.date.year, e.currency) for e in entries if e.currency != Currency.CNY}
    found = {(r.year, r.currency): r.rate for r in ExchangeRate.objects.filter(year__in={y for y, _ in keys})}
    return {key: found.get(key) for key in keys}


def to_cny(entry: FundEntry, rates: dict[tuple[int, str], Decimal | None]) -> int | None:
    if entry.currency == Currency.CNY:
        return entry.amount
    rate = rates.get((entry.date.year, entry.currency))
    return None if rate is None else minor_to_yuan(entry.amount, rate)


def totals(entries: Iterable[FundEntry]) -> tuple[Total, Total]:
    """(verified, pending) over the given entries; returned entries count in neither."""
    entries = list(entries)
    rates = _rates(entries)
    verified, pending = Total(), Total()
    for entry in entries:
        bucket = verified if entry.status == FundStatus.VERIFIED else pending if entry.status in PENDING else None
        if bucket is None:
            continue
        if entry.currency == Currency.CNY:
            bucket.cny += entry.amount
            continue
        bucket.usd += entry.amount
        if (cny := to_cny(entry, rates)) is None:
            bucket.unconverted += 1
        else:
            bucket.usd_in_cny += cny
    return verified, pending


@dataclass(frozen=True)
class ListTotal:
    """One status group of a filtered fund list: 元 and US cents apart, and the 合计
    in 元 converted at the configured rates exactly as the dashboard converts
    (projects.money.in_yuan), so a drill-down list adds up to its figure."""

    cny: int
    usd: int
    converted: Money


def list_totals(entries, moment: datetime | None = None) -> dict[str, ListTotal]:
    """Sums of a filtered list by status group (verified, pending) and currency,
    with the converted 合计, in one query. With `moment` (the list's 截至日期) each
    entry falls in the group it was in then, as on the dashboard."""
    if moment is None:
        verified, pending = Q(status=FundStatus.VERIFIED), Q(status__in=PENDING)
    else:
        verified, pending = arrived_by(moment), pending_at(moment)
    group = Case(When(verified, then=Value("verified")), When(pending, then=Value("pending")), default=Value(""))
    sums: dict[str, list[tuple[str, int, int]]] = {"verified": [], "pending": []}
    rows = entries.order_by().values("currency", group=group, year=ExtractYear("date")).annotate(total=Sum("amount"))
    for row in rows:
        if row["group"]:
            sums[row["group"]].append((row["currency"], row["year"], row["total"]))
    return {
        group: ListTotal(
            cny=sum(total for currency, _, total in rows if currency == Currency.CNY),
            usd=sum(total for currency, _, total in rows if currency == Currency.USD),
            converted=in_yuan(rows),
        )
        for group, rows in sums.items()
    }


@dataclass
class EntryRow:
    entry: FundEntry
    cny: int | None
    can_edit: bool = False
    can_approve: bool = False
    can_verify: bool = False
    can_return: bool = False
    can_correct: bool = False
    can_attach: bool = False


@dataclass
class FundSummary:
    project: Project
    rows: list[EntryRow]
    verified: Total
    pending: Total
    can_report: bool
    actions: bool = field(default=False)


def fund_summary(project: Project, user) -> FundSummary:
    entries = list(project.fund_entries.prefetch_related("evidence").order_by("-date", "-id"))
    rates = _rates(entries)
    can_edit = access.can_edit_project(user, project) and not project.is_merged
    can_approve = access.can_approve_for(user, project)
    bureau = access.is_bureau_for(user, project)
    rows = []
    for entry in entries:
        status = entry.status
        rows.append(
            EntryRow(
                entry=entry,
                cny=to_cny(entry, rates) if entry.currency != Currency.CNY else None,
                can_edit=can_edit and status in (FundStatus.REPORTED, FundStatus.RETURNED),
                can_approve=can_approve and not access.approve_funds_problems(entry),
                can_verify=bureau and not access.verify_funds_problems(entry),
                # The unit head returns what is still 已填报; the bureau anything not yet verified.
                can_return=(bureau and status in PENDING) or (can_approve and status == FundStatus.REPORTED),
                can_correct=can_edit and status == FundStatus.VERIFIED,
                can_attach=can_edit and status != FundStatus.VERIFIED,
            )
        )
    verified, pending = totals(entries)
    summary = FundSummary(project, rows, verified, pending, can_report=can_edit)
    summary.actions = any(r.can_edit or r.can_approve or r.can_verify or r.can_return or r.can_correct or r.can_attach for r in rows)
    return summary


@dataclass
class ObstacleRow:
    obstacle: Obstacle
    is_overdue: bool
    next_statuses: list[ObstacleStatus]
    can_handle: bool


@dataclass
class ObstacleSummary:
    project: Project
    rows: list[ObstacleRow]
    can_add: bool
    leaders: list[Person]
    open_count: int
    overdue_count: int
    responsible_units: list[Unit] = field(default_factory=list)
    categories: list[tuple[str, str]] = field(default_factory=lambda: list(ObstacleCategory.choices))


def escalation_leaders(project: Project):
    """The leaders (四大家领导) of the project's jurisdiction, the rule
    `do_update_obstacle_status` checks: whom a problem can be escalated to. They sit
    in the leadership's own unit (县委县政府), beside the townships rather than above
    them. A reporter cannot read the county's persons, but must be able to name the
    leader."""
    root = project.introducing_unit.path[: Unit.steplen]
    return Person.objects.leaders().active().filter(unit__path__startswith=root).order_by("sort_order", "name")


def responsible_units(project: Project):
    """Any active unit of the project's county may be made responsible: a department
    often has to solve a township's problem."""
    root = project.introducing_unit.path[: Unit.steplen]
    return Unit.objects.active().filter(path__startswith=root).order_by("path")


def obstacle_summary(project: Project, user) -> ObstacleSummary:
    today = timezone.localdate()
    obstacles = list(project.obstacles.select_related("responsible_unit", "escalated_to", "project__introducing_unit"))
    can_edit = access.can_edit_project(user, project)
    rows = []
    for obstacle in obstacles:
        status = ObstacleStatus(obstacle.status)
        next_statuses = access.obstacle_statuses_for(user, obstacle, owner=can_edit)
        rows.append(
            ObstacleRow(
                obstacle=obstacle,
                is_overdue=status != ObstacleStatus.RESOLVED and obstacle.deadline < today,
                # 申请销号 needs an evidence file: taken on the obstacle's page.
                next_statuses=[s for s in next_statuses if s != ObstacleStatus.PROPOSED],
                can_handle=bool(next_statuses),
            )
        )
    any_escalation = any(ObstacleStatus.ESCALATED in r.next_statuses for r in rows)
    leaders = list(escalation_leaders(project)) if any_escalation else []
    return ObstacleSummary(
        project=project,
        rows=rows,
        can_add=can_edit and not project.is_merged,
        leaders=leaders,
        open_count=sum(1 for r in rows if r.obstacle.status != ObstacleStatus.RESOLVED),
        overdue_count=sum(1 for r in rows if r.is_overdue),
        responsible_units=list(responsible_units(project)) if can_edit and not project.is_merged else [],
    )


# ---------------------------------------------------------------- 重点项目年度投资计划

MONTHS = range(1, 13)


@dataclass(frozen=True)
class PlanYear:
    """A key project's plan for one year in 元: the planned amount, what was completed
    in each month (None where nothing was reported), the year's cumulative
    completion (累计完成) and completion rate (累计完成 / 年度计划)."""

    year: int
    planned: int
    months: tuple[int | None, ...]

    @classmethod
    def of(cls, plan: InvestmentPlan) -> PlanYear:
        """From a plan whose months are prefetched (or fetched here)."""
        by_month = {row.month: row.completed_amount for row in plan.months.all()}
        return cls(plan.year, plan.planned_amount, tuple(by_month.get(month) for month in MONTHS))

    @property
    def completed(self) -> int:
        return sum(amount for amount in self.months if amount is not None)

    @property
    def rate(self) -> Decimal | None:
        """Percent with one decimal, rounded half up; None when the plan is 0 (no
        rate can be computed: the page shows —)."""
        if not self.planned:
            return None
        return (Decimal(self.completed) * 100 / Decimal(self.planned)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def investment_years(project: Project) -> list[PlanYear]:
    """Every year's plan of the project, latest first."""
    plans = project.investment_plans.prefetch_related("months").order_by("-year")
    return [PlanYear.of(plan) for plan in plans]
