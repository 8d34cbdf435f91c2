"""The to-do sources of the projects module (issue 11): each one the records an
existing QuerySet method or alert rule already defines, scoped to the user.

- unit head: 已填报 entries to approve (approved or returned in bulk on the 待办 page);
- bureau (and admin): entries to verify, duplicates to judge, overdue obstacles;
- reporter and unit head: returned entries with the reason, planned dates passed,
  overdue obstacles of their projects, signed projects without follow-up,
  obstacles assigned to their unit (a department's main to-do) and 销号
  proposals on their projects to confirm or return;
- leader: obstacles escalated to him, projects he leads that are behind plan.
"""

from __future__ import annotations

from datetime import date
from functools import reduce
from operator import or_

from django.db.models import QuerySet
from django.urls import reverse

from zhaoshang.accounts import access
from zhaoshang.accounts.models import Role
from zhaoshang.metrics import alerts
from zhaoshang.metrics.periods import Scope
from zhaoshang.organisation.models import subtree_q
from zhaoshang.projects.models import FundEntry, Obstacle, Project
from zhaoshang.projects.templatetags.funds import fund_amount

from .registry import Item, Source, register


def _has_role(*wanted: str):
    return lambda user: bool(access.roles(user) & set(wanted))


def _is_bureau(user) -> bool:
    return access.is_bureau(user) or access.is_admin(user)


_works_on_projects = _has_role(Role.REPORTER, Role.UNIT_HEAD)


def _scope(paths: list[str]) -> Scope:
    return Scope("jurisdiction", 0, "我负责的单位", tuple(paths))


def _editable(user) -> QuerySet:
    return Project.objects.editable_by(user).values("pk")


def _project_link(project_id: int, section: str = "") -> str:
    return reverse("projects:project_detail", args=[project_id]) + (f"#{section}" if section else "")


def _fund_item(entry: FundEntry) -> Item:
    return Item(
        f"「{entry.project.name}」{entry.date:%Y-%m-%d} {fund_amount(entry)}",
        f"{entry.get_kind_display()}；{entry.project.introducing_unit.name}",
        _project_link(entry.project_id, "funds"),
        entry,
    )


def _obstacle_item(obstacle: Obstacle) -> Item:
    """Done on the obstacle's own page: a department may not see the project page."""
    return Item(
        f"「{obstacle.project.name}」{obstacle.get_category_display()}：{obstacle.description[:40]}",
        f"责任单位 {obstacle.responsible_unit.name}；办结时限 {obstacle.deadline:%Y-%m-%d}；{obstacle.get_status_display()}",
        reverse("projects:obstacle_detail", args=[obstacle.pk]),
        obstacle,
    )


def _obstacles(records: QuerySet) -> QuerySet:
    return records.select_related("project", "responsible_unit").order_by("deadline", "id")


def _missed_planned_dates(today: date, paths: list[str]) -> QuerySet:
    """Projects with at least one planned date passed (alerts.missed_planned_dates,
    all stages in one query)."""
    return reduce(or_, alerts.missed_planned_dates(_scope(paths), today).values())


def _project_behind_item(project: Project) -> Item:
    return Item(
        f"「{project.name}」计划节点已过",
        f"当前阶段：{project.get_stage_display()}；请更新进度或调整计划日期",
        _project_link(project.pk),
        project,
    )


# ---------------------------------------------------------------- unit head

FUNDS_TO_APPROVE = register(
    Source(
        key="funds_to_approve",
        label="待审核到位资金",
        applies=_has_role(Role.UNIT_HEAD),
        records=lambda user, today: (
            FundEntry.objects.awaiting_approval_by(user)
            .with_evidence_count()
            .select_related("project__introducing_unit", "reported_by")
            .order_by("reported_at", "id")
        ),
        item=_fund_item,
        template="todo/section_funds_to_approve.html",
    )
)

# ---------------------------------------------------------------- bureau

register(
    Source(
        key="funds_to_verify",
        label="待核实到位资金",
        applies=_is_bureau,
        records=lambda user, today: (
            FundEntry.objects.awaiting_verification_by(user).select_related("project__introducing_unit").order_by("approved_at", "id")
        ),
        item=_fund_item,
        more=lambda user: reverse("projects:fund_pending"),
    )
)

register(
    Source(
        key="duplicates",
        label="疑似重复项目待研判",
        applies=_is_bureau,
        records=lambda user, today: (
            Project.objects.in_bureau_scope_of(user)
            .awaiting_duplicate_review()
            .select_related("introducing_unit", "duplicate_of")
            .order_by("created_at", "id")
        ),
        item=lambda project: Item(
            f"「{project.name}」疑似与「{project.duplicate_of.name}」重复",
            f"引进单位 {project.introducing_unit.name}",
            reverse("projects:duplicate_list"),
            project,
        ),
        more=lambda user: reverse("projects:duplicate_list"),
    )
)

register(
    Source(
        key="overdue_obstacles",
        label="逾期未办结的问题",
        applies=_is_bureau,
        records=lambda user, today: _obstacles(alerts.overdue_obstacles(_scope(access.bureau_paths(user)), today)),
        item=_obstacle_item,
        more=lambda user: reverse("alerts:alert_center") + "#obstacles",
    )
)

# ---------------------------------------------------------------- reporters and unit heads

register(
    Source(
        key="funds_returned",
        label="被退回的到位资金",
        applies=_has_role(Role.REPORTER),
        records=lambda user, today: FundEntry.objects.returned_to(user).select_related("project").order_by("returned_at", "id"),
        item=lambda entry: Item(
            f"「{entry.project.name}」{entry.date:%Y-%m-%d} {fund_amount(entry)}",
            f"退回原因：{entry.return_reason}",
            reverse("projects:fund_edit", args=[entry.pk]),
            entry,
        ),
    )
)

register(
    Source(
        key="assigned_obstacles",
        label="交由本单位办理的问题",
        applies=_works_on_projects,
        records=lambda user, today: _obstacles(Obstacle.objects.assigned_within(access.write_paths(user))),
        item=_obstacle_item,
        more=lambda user: reverse("projects:obstacle_board") + "?status=unresolved",
    )
)

register(
    Source(
        key="closures_to_confirm",
        label="待确认销号的问题",
        applies=_works_on_projects,
        records=lambda user, today: _obstacles(Obstacle.objects.proposed().filter(project__in=_editable(user))),
        item=_obstacle_item,
    )
)

register(
    Source(
        key="obstacles_due",
        label="本单位项目的逾期问题",
        applies=_works_on_projects,
        # Obstacles the unit must solve itself are listed above; these wait on others.
        records=lambda user, today: _obstacles(
            alerts.overdue_obstacles(_scope(access.write_paths(user)), today)
            .filter(project__in=_editable(user))
            .exclude(subtree_q(access.write_paths(user), "responsible_unit__path"))
        ),
        item=_obstacle_item,
    )
)

register(
    Source(
        key="planned_dates_passed",
        label="计划节点已过的项目",
        applies=_works_on_projects,
        records=lambda user, today: _missed_planned_dates(today, access.write_paths(user)).filter(pk__in=_editable(user)).order_by("pk"),
        item=_project_behind_item,
    )
)

register(
    Source(
        key="follow_ups_due",
        label="签约后待跟踪服务的项目",
        applies=_works_on_projects,
        records=lambda user, today: (
            alerts.signed_then_nothing(_scope(access.write_paths(user)), today).filter(pk__in=_editable(user)).order_by("signed_on", "id")
        ),
        item=lambda project: Item(
            f"「{project.name}」签约已超过{alerts.SIGNED_THEN_NOTHING_DAYS}天",
            f"近{alerts.FOLLOW_UP_DAYS}天无跟踪服务记录、未开工、无核实资金；请登记跟踪情况",
            _project_link(project.pk, "follow-ups"),
            project,
        ),
    )
)

# ---------------------------------------------------------------- leaders

register(
    Source(
        key="escalated_obstacles",
        label="上报我协调的问题",
        applies=_has_role(Role.LEADER),
        records=lambda user, today: _obstacles(Obstacle.objects.escalated_to_user(user)),
        item=_obstacle_item,
    )
)

register(
    Source(
        key="led_projects_behind",
        label="我包联的项目进度滞后",
        applies=_has_role(Role.LEADER),
        records=lambda user, today: _missed_planned_dates(today, access.read_paths(user)).filter(responsible_leader__user=user).order_by("pk"),
        item=_project_behind_item,
    )
)
