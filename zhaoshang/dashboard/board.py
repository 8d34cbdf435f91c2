"""What the dashboard shows, gathered from the metric engine (metrics/engine/ and
metrics/rankings.py). Nothing here computes a figure: it picks the engine's
results, pairs each with the link to the records behind it (links.py), and
shapes the chart data. The view only renders this."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from zhaoshang.core.money import to_wan
from zhaoshang.metrics import engine, rankings
from zhaoshang.metrics.freshness import cached, scope_roots
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.organisation.models import Division, Unit
from zhaoshang.projects.models import Category, InvestorKind, Stage, rates_read_once
from zhaoshang.targets.models import Period, PeriodKind

from . import links

FUNNEL = (Stage.NEGOTIATING, Stage.SIGNED, Stage.REGISTERED, Stage.STARTED, Stage.PRODUCING, Stage.EFFECTIVE)
BREAKDOWNS = {
    "industry": ("按行业", {}),
    "region": ("按来源地区", {}),
    "investor_kind": ("按客商类型", dict(InvestorKind.choices)),
    "category": ("按项目类别", dict(Category.choices)),
}
NOT_RECORDED = "未填写"


@dataclass(frozen=True)
class Line:
    """A secondary figure on a card (待核实, a size band, 序时进度)."""

    label: str
    value: Any
    kind: str  # money | count | rate
    url: str | None = None


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    value: Any
    kind: str  # money (元) | count | rate (fraction)
    url: str | None
    yoy: Decimal | None = None
    last_year: Any = None
    lines: list[Line] = field(default_factory=list)
    alert: bool = False
    mom: Decimal | None = None  # 环比, against `previous` (Span.previous)
    previous: Any = None
    # False when the figure has no comparison (a target's completion rate).
    compared: bool = True
    note: str = ""


@dataclass(frozen=True)
class RankingTable:
    title: str
    ranking: rankings.Ranking
    url: str | None
    rows: list[tuple[rankings.RankingRow, str]]  # (row, the unit's projects)


@dataclass(frozen=True)
class Board:
    scope: Scope
    span: Span
    as_of: date
    period: Period | None
    summary: engine.Summary
    completion: engine.Completion | None
    cards: list[Card]
    rankings: list[RankingTable]
    behind: list[tuple[rankings.RankingRow, str]]  # type: ignore[name-defined]
    charts: dict[str, Any]


def _wan(yuan: int | None) -> float | None:
    value = to_wan(yuan)
    return None if value is None else float(value)


def _number(value: Decimal | int | None) -> float | None:
    return None if value is None else float(value)


def period_for(jurisdiction: Unit | None, as_of: date) -> Period | None:
    """The targets period the rankings use: the jurisdiction's year covering as_of,
    else any of its periods covering it."""
    if jurisdiction is None:
        return None
    periods = Period.objects.filter(jurisdiction=jurisdiction).covering(as_of).order_by("start", "pk")
    period = periods.filter(kind=PeriodKind.YEAR).first() or periods.first()
    if period is not None:
        # The rankings read the period's jurisdiction: the one in hand, not read again.
        period.jurisdiction = jurisdiction
    return period


def jurisdiction_of(scope: Scope, unit: Unit | None) -> Unit | None:
    """The county a scope belongs to: the root of its tree. `unit` is the scope's
    unit (None for a division)."""
    if unit is None:
        return Division.objects.select_related("jurisdiction").get(pk=scope.id).jurisdiction
    return unit if unit.depth == 1 else Unit.objects.filter(path=unit.path[: Unit.steplen]).first()


WHOLE_COUNT_NOTE = "联合引进的项目在每个引进单位各计1个；金额按分成比例计入"


def _card(figures: dict[str, engine.Figure], key: str, label: str, kind: str, url: str | None, lines: list[Line] | None = None, **extra) -> Card:
    """A headline figure with its 同比 and 环比, both from the engine."""
    f = figures[key]
    return Card(key, label, f.value, kind, url, f.yoy, f.last_year, lines or [], mom=f.mom, previous=f.previous, **extra)


def _cards(scope: Scope, span: Span, as_of: date, summary: engine.Summary, completion, period) -> list[Card]:
    f = summary.figures
    until = span.until(as_of)
    signed = links.signed(scope, span, as_of)
    # A unit's page counts its projects whole, as its list of signed projects shows
    # them; a county's or division's credit shares add up to whole projects anyway.
    whole = scope.kind == "unit"
    counts = (summary.whole_counts or {}) if whole else f
    cards = [
        _card(
            f,
            "funds_arrived",
            "到位资金（已核实）",
            "money",
            links.funds(scope, span.start, until, "verified", as_of),
            [Line("待核实（另列）", f["funds_pending"].value, "money", links.funds(scope, span.start, until, "pending", as_of))],
        ),
        _card(f, "contract_amount", "合同引资额", "money", signed),
        _card(
            counts,
            "signed_count",
            "签约项目数（个）",
            "count",
            signed,
            [
                Line(label, counts[f"signed_count_{band}"].value, "count", links.signed(scope, span, as_of, band=band))
                for band, label in (("1yi", "1亿元以上"), ("5yi", "5亿元以上"), ("10yi", "10亿元以上"))
            ],
            note=WHOLE_COUNT_NOTE if whole else "",
        ),
        _card(f, "signing_rate", "签约率", "rate", links.entered(scope, Stage.NEGOTIATING, span, as_of)),
        _card(f, "start_rate", "开工率", "rate", links.cohort_reached(scope, Stage.STARTED, summary.cohort, as_of)),
        _card(f, "production_rate", "投产率", "rate", links.cohort_reached(scope, Stage.PRODUCING, summary.cohort, as_of)),
        _card(f, "arrival_rate", "资金到位率", "rate", links.signed(scope, summary.cohort, as_of)),
        _card(
            f,
            "trip_count",
            "外出招商批次",
            "count",
            links.trips(scope, span, as_of),
            [
                Line("主要负责人带队占比", f["trip_principal_share"].value, "rate", links.trips(scope, span, as_of, principal="1")),
                Line("驻点组人员流动率", f["team_churn"].value, "rate"),
            ],
        ),
    ]
    if completion is not None:
        cards.append(
            Card(
                "completion_rate",
                f"任务完成率（{period.name}）",
                completion.rate,
                "rate",
                links.ranking(period.pk, as_of),
                lines=[Line("序时进度", completion.time_progress, "rate")],
                alert=completion.behind,
                compared=False,
            )
        )
    return cards


def _funnel(scope: Scope, span: Span, as_of: date, stage_days: list[engine.StageDays]) -> list[dict]:
    by_stage = {row.stage: row for row in stage_days}
    result = []
    for stage in FUNNEL:
        row = by_stage[stage.value]
        result.append(
            {
                "stage": stage.value,
                "name": stage.label,
                "value": _number(row.entered),
                "drop_off": _number(row.drop_off),
                "median_days": row.median_days,
                "url": links.entered(scope, stage, span, as_of),
            }
        )
    return result


def _trend(scope: Scope, span: Span, as_of: date, funds: dict[date, engine.Money]) -> dict:
    """The monthly 到位资金 of the span's year and the year before (Summary.funds_by_month)."""
    year = span.end.year
    months = range(1, 13)

    def wan(y: int, m: int) -> float | None:
        return _wan(funds.get(date(y, m, 1), engine.Money(0)).yuan)

    return {
        "months": [f"{m}月" for m in months],
        "this_label": f"{year}年",
        "last_label": f"{year - 1}年",
        # Months not reached yet have no figure (null), not zero.
        "this": [wan(year, m) if date(year, m, 1) <= as_of else None for m in months],
        "last": [wan(year - 1, m) for m in months],
        "this_urls": [links.funds(scope, *_month(year, m), "verified", as_of) for m in months],
        "last_urls": [links.funds(scope, *_month(year - 1, m), "verified", as_of) for m in months],
    }


def _month(year: int, month: int) -> tuple[date, date]:
    span = Span.month(year, month)
    return span.start, span.end


def _breakdowns(scope: Scope, span: Span, as_of: date, breakdowns: dict[str, list[engine.Breakdown]]) -> dict:
    charts = {}
    for name, (title, labels) in BREAKDOWNS.items():
        rows = breakdowns[name]
        charts[name] = {
            "title": title,
            "items": [
                {
                    "name": labels.get(row.key, row.key) or NOT_RECORDED,
                    "contract": _wan(row.contract.yuan),
                    "count": _number(row.count),
                    # Unrecorded values have no list filter: no link.
                    "url": links.signed(scope, span, as_of, **{name: row.key}) if row.key else None,
                }
                for row in rows
            ],
        }
    return charts


def _rankings(period: Period | None, scope: Scope, as_of: date, *, whole: bool) -> list[RankingTable]:
    """Per-division rankings (and the overall one) for the jurisdiction's viewers;
    a unit user gets only their own unit's row."""
    if period is None:
        return []
    span = Span.range(period.start, period.end)
    if whole:
        tables = rankings.division_rankings(period, as_of)
        if scope.kind == "division":
            tables = [t for t in tables if t.division and t.division.pk == scope.id]
        return [
            RankingTable(
                t.title,
                t,
                links.ranking(period.pk, as_of, t.division.pk if t.division else None),
                [(row, links.unit_projects(row.unit.pk, span, as_of)) for row in t.rows],
            )
            for t in tables
        ]
    overall = rankings.ranking(period, as_of)
    own = [(row, links.unit_projects(row.unit.pk, span, as_of)) for row in overall.rows if row.unit.pk == scope.id]
    return [RankingTable("本单位排名", overall, None, own)] if own else []


def _completion(unit: Unit, period: Period, tables: list[RankingTable], summary: engine.Summary, as_of: date) -> engine.Completion | None:
    """任务完成率 of the scope's unit (None without a target): its row of the rankings
    on the page when they hold it — the same target and actual, not read again —
    else from the engine (a county, a unit outside the rankings), which reads the
    actual off the page's summary when that covers the period's dates."""
    for table in tables:
        for row, _ in table.rows:
            if row.unit.pk == unit.pk:
                if row.target is None:
                    return None
                return engine.Completion(table.ranking.kind, row.target, row.actual, row.rate, table.ranking.time_progress, row.is_default)
    completion = engine.completion_rate(unit, period, period.primary_kind, as_of, summary)
    return None if completion.target is None else completion


@cached(scope_roots)
def build(scope: Scope, span: Span, as_of: date, *, whole: bool) -> Board:
    """Everything on the dashboard for a scope, span and as-of date. `whole` is
    True for viewers of the whole jurisdiction (bureau, leaders): they get every
    unit's ranking; unit users see their own unit only."""
    with rates_read_once():
        unit = None if scope.kind == "division" else Unit.objects.get(pk=scope.id)
        return _board(
            scope, span, as_of, unit, period_for(jurisdiction_of(scope, unit), as_of), engine.summary(scope, span, as_of),
            engine.signing_breakdowns(scope, span, as_of), whole=whole,
        )


def build_units(units: list[Unit], span: Span, as_of: date, divisions: list[Division] | None = None, county: Unit | None = None) -> None:
    """Each unit's own page (`build(Scope.for_unit(unit), span, as_of, whole=False)`)
    into the figure cache, from the engine's grouped queries over all the units
    at once rather than a set of queries per unit: the background warm-up's
    pages. With `divisions`, each division's page for the jurisdiction's viewers
    (`build(Scope.for_division(division), span, as_of, whole=True)`) too, folded
    from the same queries (engine.summaries' groups); with `county`, the county's
    page for them (`build(Scope.for_jurisdiction(county), …, whole=True)`) too,
    folded likewise. They all share one county (its targets period)."""
    divisions = divisions or []
    if not units and not divisions and county is None:
        return
    scopes = [Scope.for_unit(unit) for unit in units]
    groups = ([Scope.for_jurisdiction(county)] if county else []) + Scope.for_divisions(divisions)
    group_boards: list[Board] = []

    def compute() -> list[Board]:
        with rates_read_once():
            period = period_for(county or jurisdiction_of(*((scopes[0], units[0]) if units else (groups[0], None))), as_of)
            summaries = engine.summaries(units, span, as_of, groups)
            breakdowns = engine.signing_breakdowns_each(units, span, as_of, groups)
            group_boards.extend(
                _board(scope, span, as_of, county if scope.kind == "jurisdiction" else None, period, summaries[scope.key], breakdowns[scope.key], whole=True)
                for scope in groups
            )
            return [
                _board(scope, span, as_of, unit, period, summaries[unit.pk], breakdowns[unit.pk], whole=False)
                for scope, unit in zip(scopes, units, strict=True)
            ]

    def compute_groups() -> list[Board]:
        # The units' pages are computed (and stored) with the county's and the
        # divisions': the data versions of both are read before any figure.
        build.store_many([(scope, span, as_of) for scope in scopes], compute, whole=False)
        return group_boards

    build.store_many([(scope, span, as_of) for scope in groups], compute_groups, whole=True)


def _board(
    scope: Scope, span: Span, as_of: date, unit: Unit | None, period: Period | None, summary: engine.Summary,
    breakdowns: dict[str, list[engine.Breakdown]], *, whole: bool,
) -> Board:
    """The page from the engine's figures (build and build_units); `unit` is the
    scope's unit (None for a division)."""
    tables = _rankings(period, scope, as_of, whole=whole)
    completion = _completion(unit, period, tables, summary, as_of) if period is not None and unit is not None else None
    behind = [(row, url) for table in tables for row, url in table.rows if row.behind]
    charts = {
        # A unit's own page counts its projects whole, as its lists show them.
        "funnel": _funnel(scope, span, as_of, summary.whole_stage_days if scope.kind == "unit" else summary.stage_days),
        "trend": _trend(scope, span, as_of, summary.funds_by_month),
        "breakdowns": _breakdowns(scope, span, as_of, breakdowns),
    }
    return Board(scope, span, as_of, period, summary, completion, _cards(scope, span, as_of, summary, completion, period), tables, behind, charts)
