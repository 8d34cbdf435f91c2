"""Demo 营商环境 data of 清河县, dated back from today so that every screen and
figure has something: service items of the approval departments and of 城关镇
(on time, late, open past their commitment, linked to projects), and commitments
in every state — one without progress for months (督办), one past due (逾期), one
with an investor's 政府违约 complaint, with milestones and progress notes."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from zhaoshang.core.demo import DemoWorld
from zhaoshang.organisation.models import Unit
from zhaoshang.projects.models import Project
from zhaoshang.timelimits.calendar import WorkingCalendar

from . import actions
from .models import Commitment, CommitmentSource, CommitmentStatus, Milestone, ServiceItem

ITEM_UNITS = ["县行政审批局", "县自然资源局", "县住房和城乡建设局", "县市场监督管理局", "城关镇"]
ITEM_NAMES = [
    ("企业投资项目备案", 1, 5),
    ("建设用地规划许可证核发", 5, 20),
    ("建设工程规划许可证核发", 5, 20),
    ("建筑工程施工许可证核发", 3, 15),
    ("食品经营许可", 5, 20),
    ("公司设立登记", 1, 3),
    ("环境影响评价文件审批", 10, 60),
]
WAN = 10_000


def _save(obj, user=None):
    obj._history_user = user
    obj.save()
    return obj


def _items(world: DemoWorld, today, dice: random.Random) -> None:
    bureau = world.users["zsj"]
    calendar = WorkingCalendar()
    projects = list(Project.objects.filter(introducing_unit__path__startswith=world.county.path).order_by("pk")[:12])
    units = {u.name: u for u in Unit.objects.filter(path__startswith=world.county.path, name__in=ITEM_UNITS)}
    number = 0
    for unit_name in ITEM_UNITS:
        unit = units.get(unit_name)
        if unit is None:
            continue
        for _ in range(9):
            number += 1
            name, committed, statutory = dice.choice(ITEM_NAMES)
            accepted = today - timedelta(days=dice.randint(5, 200))
            due = calendar.add_working_days(accepted, committed)
            roll = dice.random()
            if roll < 0.15 and due < today:
                finished = None  # still open past its commitment
            elif roll < 0.3:
                finished = min(today, due + timedelta(days=dice.randint(1, 6)))  # late
            else:
                finished = min(today, accepted + timedelta(days=dice.randint(1, max(1, (due - accepted).days))))
            if finished is not None and finished > today:
                finished = None
            project = projects[number % len(projects)] if projects and number % 3 == 0 else None
            data = {
                "name": name,
                "applicant": f"清河{dice.choice('华鑫瑞恒泰盛丰')}{dice.choice('科技实业建材食品')}有限公司",
                "accepted_on": accepted,
                "committed_days": committed,
                "statutory_days": statutory,
                "finished_on": finished,
                "project": project,
            }
            actions.do_create_service_item(unit, f"QH{today.year}{number:05d}", data, bureau, calendar)


COMMITMENTS = [
    # (unit, source, reference, content, amount 万元, due in days, state, fulfilled days ago)
    ("城关镇", CommitmentSource.AGREEMENT, "投资协议第五条", "项目竣工投产后给予设备投资补助", 300, -60, CommitmentStatus.FULFILLED, 75),
    ("城关镇", CommitmentSource.AGREEMENT, "投资协议第六条", "三年内代建标准厂房并按成本价出租", 0, 120, CommitmentStatus.PARTIAL, None),
    ("城关镇", CommitmentSource.MINUTES, "县政府常务会议纪要〔2026〕5号", "协调解决园区道路和用电增容", 0, -20, CommitmentStatus.DUE, None),
    ("城关镇", CommitmentSource.POLICY, "清政发〔2025〕12号", "固定资产投资达到1亿元后兑现土地出让金奖励", 500, 200, CommitmentStatus.NOT_YET, None),
    ("河口镇", CommitmentSource.INSTRUCTION, "县长批示（2026年3月）", "一个月内完成物流园项目用地征收", 0, -90, CommitmentStatus.FULFILLED, 100),
    ("河口镇", CommitmentSource.AGREEMENT, "合作协议第三条", "提供人才公寓50套", 0, 60, CommitmentStatus.DUE, None),
    ("县经济和信息化局", CommitmentSource.POLICY, "工业企业技改奖补办法", "按技改投资的10%给予奖补", 120, -150, CommitmentStatus.IMPOSSIBLE, None),
    ("县商务局", CommitmentSource.AGREEMENT, "外资项目投资协议第八条", "协助办理进口设备免税手续", 0, 30, CommitmentStatus.PARTIAL, None),
]


def _commitments(world: DemoWorld, today) -> None:
    bureau = world.users["zsj"]
    units = {u.name: u for u in Unit.objects.filter(path__startswith=world.county.path, name__in={c[0] for c in COMMITMENTS})}
    projects = list(Project.objects.filter(introducing_unit__path__startswith=world.county.path).select_related("investor").order_by("pk")[:8])
    for index, (unit_name, source, reference, content, wan, due_in, state, done_ago) in enumerate(COMMITMENTS):
        unit = units.get(unit_name)
        if unit is None:
            continue
        project = projects[index % len(projects)] if projects else None
        recorded = today - timedelta(days=max(30, done_ago or 0) + 120)
        commitment = _save(
            Commitment(
                unit=unit,
                source=source,
                source_ref=reference,
                content=content,
                amount=wan * WAN,
                due_on=today + timedelta(days=due_in),
                project=project,
                investor=project.investor if project else None,
                status=CommitmentStatus.NOT_YET if state == CommitmentStatus.NOT_YET else CommitmentStatus.DUE,
                last_progress_on=recorded,
                created_by=bureau,
            ),
            bureau,
        )
        _save(
            Milestone(
                commitment=commitment, title="明确责任科室和兑现方案", due_on=recorded + timedelta(days=30), done_on=recorded + timedelta(days=25)
            ),
            bureau,
        )
        _save(Milestone(commitment=commitment, title="完成兑现", due_on=commitment.due_on), bureau)
        if index == 2:
            continue  # no progress for months: the daily check supervises it
        reason = {CommitmentStatus.PARTIAL: "按工程进度分期兑现", CommitmentStatus.IMPOSSIBLE: "上级政策调整，依法不能继续执行（财政部文件）"}.get(
            state, ""
        )
        if state in (CommitmentStatus.DUE, CommitmentStatus.NOT_YET):
            note, day = "已召开协调会，明确兑现时间表", today - timedelta(days=20)
        else:
            note, day = "已按约兑现" if state == CommitmentStatus.FULFILLED else "已部分兑现", today - timedelta(days=done_ago or 15)
        actions.do_record_progress(commitment, state, note, reason, day, commitment.version, bureau)
    actions.do_check_commitments(today)
    overdue = Commitment.objects.filter(unit__path__startswith=world.county.path, status=CommitmentStatus.OVERDUE).first()
    if overdue is not None:
        actions.do_raise_breach(overdue, "客商反映协调事项逾期未落实，影响项目投产", today, bureau)


def build(world: DemoWorld) -> None:
    if ServiceItem.objects.filter(unit__path__startswith=world.county.path).exists():
        return
    today = timezone.localdate()
    _items(world, today, random.Random(14))
    _commitments(world, today)
