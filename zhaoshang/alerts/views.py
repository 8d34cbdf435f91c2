"""预警中心: what needs attention as of a date, within what the user may see —
签约即止, planned dates missed (per stage), overdue obstacles and units behind
schedule. The rules are `metrics.alerts` and `metrics.rankings`; this module only
scopes, lists and exports their results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zhaoshang.core.http import paginate
from zhaoshang.accounts import access
from zhaoshang.core import excel
from zhaoshang.core.excel import Column
from zhaoshang.core.money import to_wan
from zhaoshang.elements import alerts as element_alerts
from zhaoshang.metrics import alerts, rankings
from zhaoshang.metrics.periods import Scope
from zhaoshang.projects.models import Obstacle, Project, Stage
from zhaoshang.targets.models import Period
from zhaoshang.timelimits.escalations import overdue_escalations
from zhaoshang.timelimits.models import Escalation

from .forms import AlertFilterForm


@dataclass(frozen=True)
class MissedDate:
    stage: Stage
    project: Project
    planned: date
    days_late: int


@dataclass(frozen=True)
class Behind:
    period: Period
    row: rankings.RankingRow
    time_progress: Any


def signed_then_nothing(user, scope: Scope, as_of: date) -> QuerySet[Project]:
    # Intersected with what the user may see, so a row never links to a 404.
    return (
        alerts.signed_then_nothing(scope, as_of)
        .filter(pk__in=Project.objects.visible_to(user).values("pk"))
        .select_related("introducing_unit")
        .order_by("signed_on", "id")
    )


def missed_dates(user, scope: Scope, as_of: date) -> list[MissedDate]:
    visible = Project.objects.visible_to(user).values("pk")
    rows = []
    for stage, projects in alerts.missed_planned_dates(scope, as_of).items():
        field = alerts.PLANNED_DATE_FIELDS[stage]  # type: ignore[index]
        for project in projects.filter(pk__in=visible).select_related("introducing_unit").order_by(field, "id"):
            planned = getattr(project, field)
            rows.append(MissedDate(Stage(stage), project, planned, (as_of - planned).days))
    return rows


def overdue_obstacles(user, scope: Scope, as_of: date) -> QuerySet[Obstacle]:
    return (
        alerts.overdue_obstacles(scope, as_of)
        .filter(pk__in=Obstacle.objects.visible_to(user).values("pk"))
        .select_related("project", "responsible_unit")
        .order_by("deadline", "id")
    )


def time_limit_escalations(user, scope: Scope, as_of: date) -> QuerySet[Escalation]:
    """超期督办 of the time-limit engine, fired by the end of `as_of`."""
    return overdue_escalations(user, scope.paths, timezone.make_aware(datetime.combine(as_of, time.max)))


def late_starts(user, scope: Scope, as_of: date) -> list[element_alerts.LateStart]:
    """预计开工晚于约定 (要素保障): predicted from the steps as they stand today; a
    prediction looks forward, so the centre's `as_of` does not apply to it."""
    projects = Project.objects.visible_to(user).credited_within(list(scope.paths))
    return element_alerts.late_starts(projects, timezone.localdate())


def behind_schedule(user, scope: Scope, as_of: date) -> list[Behind]:
    """Units in scope whose completion rate is below 序时进度 in each period running
    on `as_of` that the user may see."""
    rows = []
    for period in Period.objects.visible_to(user).covering(as_of).select_related("jurisdiction").order_by("start", "name"):
        ranking = rankings.ranking(period, as_of)
        for row in ranking.rows:
            if row.behind and access.covers(list(scope.paths), row.unit.path):
                rows.append(Behind(period, row, ranking.time_progress))
    return rows


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    count: int
    page: Page
    previous_query: str
    next_query: str


def _section(request: HttpRequest, key: str, label: str, rows, count: int) -> Section:
    """Each list pages on its own (`signed_page`, …), keeping the other parameters."""
    param = f"{key}_page"
    page = paginate(request, rows, param)

    def query(number: int | None) -> str:
        params = request.GET.copy()
        if number is None:
            return ""
        params[param] = str(number)
        return params.urlencode()

    return Section(
        key,
        label,
        count,
        page,
        query(page.previous_page_number() if page.has_previous() else None),
        query(page.next_page_number() if page.has_next() else None),
    )


@login_required
def alert_center(request: HttpRequest) -> HttpResponse:
    form = AlertFilterForm(request.GET, user=request.user)
    as_of, scope = form.as_of_date(), form.scope()
    signed = signed_then_nothing(request.user, scope, as_of)
    missed = missed_dates(request.user, scope, as_of)
    obstacles = overdue_obstacles(request.user, scope, as_of)
    behind = behind_schedule(request.user, scope, as_of)
    escalations = time_limit_escalations(request.user, scope, as_of)
    late = late_starts(request.user, scope, as_of)
    sections = [
        _section(request, "signed", "签约即止", signed, signed.count()),
        _section(request, "planned", "计划节点逾期", missed, len(missed)),
        _section(request, "obstacles", "问题逾期", obstacles, obstacles.count()),
        _section(request, "behind", "进度滞后单位", behind, len(behind)),
        _section(request, "timelimits", "超期督办", escalations, escalations.count()),
        _section(request, "late_start", "预计开工晚于约定", late, len(late)),
    ]
    context = {
        "form": form,
        "as_of": as_of,
        "sections": sections,
        "missed_by_stage": {stage.label: sum(1 for m in missed if m.stage == stage) for stage in alerts.PLANNED_DATE_FIELDS},
        "query": request.GET.urlencode(),
    }
    return render(request, "alerts/alert_center.html", context)


def _wan(amount: int | None) -> float | None:
    return None if amount is None else float(to_wan(amount, 4))


def _percent(value) -> float | None:
    return None if value is None else round(float(value) * 100, 1)


EXPORTS: dict[str, tuple[str, Any, list[Column]]] = {
    "signed": (
        "签约即止",
        signed_then_nothing,
        [
            Column("项目名称", lambda p: p.name, 30),
            Column("引进单位", lambda p: p.introducing_unit.name, 18),
            Column("签约日期", lambda p: p.signed_on, 12),
            Column(
                "合同金额（万元，美元项目为万美元）",
                lambda p: _wan(p.contract_amount if p.currency == "CNY" else (p.contract_amount or 0) // 100),
                18,
            ),
            Column("当前阶段", lambda p: p.get_stage_display(), 10),
        ],
    ),
    "planned": (
        "计划节点逾期",
        missed_dates,
        [
            Column("逾期节点", lambda m: m.stage.label, 10),
            Column("项目名称", lambda m: m.project.name, 30),
            Column("引进单位", lambda m: m.project.introducing_unit.name, 18),
            Column("计划日期", lambda m: m.planned, 12),
            Column("逾期天数", lambda m: m.days_late, 10),
        ],
    ),
    "obstacles": (
        "问题逾期",
        overdue_obstacles,
        [
            Column("项目名称", lambda o: o.project.name, 30),
            Column("问题类别", lambda o: o.get_category_display(), 12),
            Column("问题描述", lambda o: o.description, 40),
            Column("责任单位", lambda o: o.responsible_unit.name, 18),
            Column("办结时限", lambda o: o.deadline, 12),
            Column("状态", lambda o: o.get_status_display(), 10),
        ],
    ),
    "behind": (
        "进度滞后单位",
        behind_schedule,
        [
            Column("考核期间", lambda b: b.period.name, 16),
            Column("单位", lambda b: b.row.unit.name, 18),
            Column("任务完成率（%）", lambda b: _percent(b.row.rate), 14),
            Column("序时进度（%）", lambda b: _percent(b.time_progress), 14),
            Column("排名", lambda b: b.row.rank, 8),
        ],
    ),
    "timelimits": (
        "超期督办",
        time_limit_escalations,
        [
            Column("事项", lambda e: e.clock.title, 40),
            Column("类型", lambda e: e.clock.get_kind_display(), 12),
            Column("承办单位", lambda e: e.clock.unit.name, 18),
            Column("到期时间", lambda e: timezone.localtime(e.clock.due_at).strftime("%Y-%m-%d %H:%M"), 16),
            Column("督办时间", lambda e: timezone.localtime(e.fired_at).strftime("%Y-%m-%d %H:%M"), 16),
            Column("督办对象", lambda e: e.recipients, 20),
            Column("状态", lambda e: "已办结" if e.clock.closed_at else "办理中", 8),
        ],
    ),
    "late_start": (
        "预计开工晚于约定",
        late_starts,
        [
            Column("项目名称", lambda r: r.project.name, 30),
            Column("引进单位", lambda r: r.project.introducing_unit.name, 18),
            Column("约定开工日期", lambda r: r.prediction.agreed, 12),
            Column("预计开工日期", lambda r: r.prediction.start, 12),
            Column("晚于约定天数", lambda r: r.prediction.late_days(), 10),
            Column("关键路径", lambda r: " → ".join(step.name for step in r.prediction.critical), 40),
        ],
    ),
}


@login_required
def alert_export(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in EXPORTS:
        raise Http404
    title, rows_for, columns = EXPORTS[kind]
    form = AlertFilterForm(request.GET, user=request.user)
    as_of = form.as_of_date()
    return excel.export(f"{title}_{as_of:%Y%m%d}.xlsx", title, columns, rows_for(request.user, form.scope(), as_of))
