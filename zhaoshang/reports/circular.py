"""What the monthly circular says, gathered from the metric modules, and the
generation the background task runs (tasks.py → actions.do_run_circular → build).

For a chosen month the circular covers 1-N月累计 of that year **as of the month's
last day**: every figure is read as the records stood at the end of that day, so
regenerating a past month gives the same figures even after later verifications.
The circular computes nothing itself: headline figures come from
`metrics.engine.summary`, rankings and 滞后 from `metrics.rankings`, 签约即止 and
overdue obstacles from `metrics.alerts`, trips from the engine's `trip_count`. It only
selects, orders and words them; commendation and criticism apply `rules.py` to the
ranking rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from zhaoshang.activities.stats import TripStats
from zhaoshang.elements import figures as element_figures
from zhaoshang.metrics import alerts, engine, rankings
from zhaoshang.metrics.activity import trip_count
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.organisation.models import Unit, UnitKind
from zhaoshang.projects.models import EventKind, Obstacle, Project, Stage, StageEvent
from zhaoshang.service import ranking as service_ranking
from zhaoshang.targets.models import Period, PeriodKind, TargetKind

from .models import area_of, circular_title
from .rules import CircularRules

Progress = Callable[[int, str], None]


class CircularError(Exception):
    """A circular that cannot be generated; the message is Chinese, for the user."""


def no_progress(percent: int, message: str) -> None:
    """The default progress callback: generation outside a task reports to nobody."""


@dataclass(frozen=True)
class Verdict:
    unit: Unit
    reason: str


@dataclass(frozen=True)
class StalledProject:
    """签约即止: a project signed long ago with nothing since (metrics.alerts)."""

    project: Project
    signed_on: date
    contract_amount: int
    contract_currency: str
    days_since_signing: int


@dataclass(frozen=True)
class OverdueObstacle:
    obstacle: Obstacle
    days_overdue: int


@dataclass(frozen=True)
class CircularContent:
    jurisdiction: Unit
    bureau_name: str
    year: int
    month: int
    as_of: date
    issued_on: date
    span: Span
    summary: engine.Summary
    trips: TripStats
    trips_last_year: TripStats
    period: Period | None
    kind: TargetKind
    divisions: list[rankings.Ranking]
    overall: rankings.Ranking | None
    behind: list[rankings.RankingRow]
    stalled: list[StalledProject]
    overdue: list[OverdueObstacle]
    commended: list[Verdict]
    criticised: list[Verdict]
    rules: CircularRules
    # 要素保障 (elements.figures): the stuck lists and land figures, by key.
    elements: dict[str, int] = field(default_factory=dict)
    # 营商环境: the registered service figures, county-wide and per unit (service/ranking.py).
    service: service_ranking.Board | None = None

    @property
    def area(self) -> str:
        return area_of(self.jurisdiction)

    @property
    def period_label(self) -> str:
        return f"{self.year}年1月" if self.month == 1 else f"{self.year}年1-{self.month}月"

    @property
    def title(self) -> str:
        return circular_title(self.year, self.month, self.jurisdiction)

    @property
    def time_progress(self) -> Decimal:
        return self.overall.time_progress if self.overall else self.summary.time_progress

    def figure(self, key: str) -> engine.Figure:
        return self.summary.figures[key]


@dataclass(frozen=True)
class CircularFiles:
    content: CircularContent
    docx: bytes
    xlsx: bytes


def month_end(year: int, month: int) -> date:
    return Span.month(year, month).end


def check_month(year: int, month: int, today: date | None = None) -> None:
    """Only a month that is over can be circulated: its figures are final as of its last day."""
    today = today or timezone.localdate()
    if not 1 <= month <= 12:
        raise CircularError("月份应在1至12之间")
    if month_end(year, month) >= today:
        raise CircularError(f"{year}年{month}月尚未结束，只能为已结束的月份生成通报")


def bureau_name(jurisdiction: Unit) -> str:
    """The signing body: the jurisdiction's 招商局 under its full name (县招商局 of
    清河县 → 清河县招商局)."""
    bureau = Unit.objects.filter(path__startswith=jurisdiction.path, depth=jurisdiction.depth + 1, kind=UnitKind.BUREAU).order_by("path").first()
    if bureau is None:
        return f"{jurisdiction.name}招商局"
    if bureau.name.startswith(jurisdiction.name):
        return bureau.name
    if bureau.name[:1] in "县市区":
        return jurisdiction.name + bureau.name[1:]
    return bureau.name


def year_period(jurisdiction: Unit, as_of: date) -> Period | None:
    """The year's targets the rankings measure against (年度任务)."""
    return Period.objects.filter(jurisdiction=jurisdiction, kind=PeriodKind.YEAR, start__lte=as_of, end__gte=as_of).order_by("start", "pk").first()


def _stalled(scope: Scope, as_of: date) -> list[StalledProject]:
    projects = list(alerts.signed_then_nothing(scope, as_of).select_related("introducing_unit").order_by("pk"))
    signings = {
        event.project_id: event
        for event in StageEvent.objects.as_of(as_of)
        .filter(project__in=[p.pk for p in projects], kind=EventKind.STAGE, stage=Stage.SIGNED)
        .order_by("project_id", "-date", "-pk")
    }
    rows = []
    for project in projects:
        event = signings.get(project.pk)
        if event is None:  # signed only through a skipped stage's event
            continue
        rows.append(StalledProject(project, event.date, event.contract_amount or 0, event.contract_currency or "", (as_of - event.date).days))
    rows.sort(key=lambda r: (r.signed_on, r.project.pk))
    return rows


def instruction(obstacle: Obstacle) -> str:
    """A leader's 批示 as the circular quotes it: who, when, what."""
    if not obstacle.instruction:
        return ""
    return f"{obstacle.instructed_by.name}（{timezone.localtime(obstacle.instructed_at):%Y-%m-%d}）：{obstacle.instruction}"


def _overdue(scope: Scope, as_of: date) -> list[OverdueObstacle]:
    obstacles = alerts.overdue_obstacles(scope, as_of).select_related("project", "responsible_unit", "instructed_by").order_by("deadline", "pk")
    return [OverdueObstacle(obstacle, (as_of - obstacle.deadline).days) for obstacle in obstacles]


def _verdicts(
    overall: rankings.Ranking, divisions: list[rankings.Ranking], rules: CircularRules, kind_label: str
) -> tuple[list[Verdict], list[Verdict]]:
    division_rank = {row.unit.pk: (ranking.division, row.rank) for ranking in divisions for row in ranking.rows}
    commended: list[Verdict] = []
    criticised: list[Verdict] = []
    threshold = overall.time_progress * rules.criticise_progress_share
    for row in overall.rows:
        if row.target is None or row.rate is None:
            continue
        division, rank = division_rank.get(row.unit.pk, (None, None))
        if row.rate >= rules.commend_rate:
            commended.append(Verdict(row.unit, f"完成率{_pct(row.rate)}"))
        elif rank is not None and rank <= rules.commend_top_rank and row.actual:
            commended.append(Verdict(row.unit, f"{division.name}第{rank}名"))
        elif rules.criticise_zero and not row.actual:
            criticised.append(Verdict(row.unit, f"{kind_label}为零"))
        elif row.rate < threshold:
            criticised.append(Verdict(row.unit, f"完成率{_pct(row.rate)}，不足序时进度的{_share(rules.criticise_progress_share)}"))
    return commended, criticised


def _pct(value: Decimal) -> str:
    return f"{value * 100:.2f}%"


def _share(value: Decimal) -> str:
    return "一半" if value == Decimal("0.5") else _pct(value)


def gather(jurisdiction: Unit, year: int, month: int, *, issued_on: date, progress: Progress = no_progress) -> CircularContent:
    as_of = month_end(year, month)
    span = Span.ytd(year, month)
    scope = Scope.for_jurisdiction(jurisdiction)
    rules = CircularRules.current()

    progress(10, "正在汇总总体情况")
    summary = engine.summary(scope, span, as_of)
    last_year = span.last_year()
    trips = trip_count(scope, span, as_of)
    trips_last_year = trip_count(scope, last_year, as_of)

    progress(30, "正在计算各赛区排名")
    period = year_period(jurisdiction, as_of)
    kind = TargetKind(period.primary_kind) if period else TargetKind.FUNDS_ARRIVED
    divisions = rankings.division_rankings(period, as_of) if period else []
    overall = rankings.ranking(period, as_of) if period else None

    progress(45, "正在查找进度滞后单位")
    behind = sorted((row for row in overall.rows if row.behind), key=lambda r: (r.rate, r.unit.sort_order, r.unit.path)) if overall else []
    commended, criticised = _verdicts(overall, divisions, rules, kind.label) if overall else ([], [])

    progress(55, "正在查找签约即止项目")
    stalled = _stalled(scope, as_of)

    progress(65, "正在查找逾期未办结问题")
    overdue = _overdue(scope, as_of)
    elements = element_figures.counts(Project.objects.credited_within(list(scope.paths)), as_of)

    progress(70, "正在汇总营商环境指标")
    service = service_ranking.board_for(jurisdiction, span.start, as_of)

    return CircularContent(
        jurisdiction=jurisdiction,
        bureau_name=bureau_name(jurisdiction),
        year=year,
        month=month,
        as_of=as_of,
        issued_on=issued_on,
        span=span,
        summary=summary,
        trips=trips,
        trips_last_year=trips_last_year,
        period=period,
        kind=kind,
        divisions=divisions,
        overall=overall,
        behind=behind,
        stalled=stalled,
        overdue=overdue,
        commended=commended,
        criticised=criticised,
        rules=rules,
        elements=elements,
        service=service,
    )


def build(jurisdiction: Unit, year: int, month: int, *, issued_on: date, progress: Progress = no_progress) -> CircularFiles:
    """The Word circular and its Excel annex for 1-`month`月 of `year`."""
    from . import annex, document

    check_month(year, month)
    content = gather(jurisdiction, year, month, issued_on=issued_on, progress=progress)
    progress(75, "正在生成Word通报")
    docx = document.render(content)
    progress(90, "正在生成Excel附表")
    xlsx = annex.render(content)
    return CircularFiles(content, docx, xlsx)
