"""Demo cases of 清河县 in every state: to accept, waiting for material, in hand (one
late), transferred, refused, closed awaiting the return visit, visited (one default
rating), reopened on 不满意, and a foreign-investor complaint; then the escalation
run, so that 待办 and the 超期督办 tab show theirs."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from zhaoshang.core.demo import DemoWorld
from zhaoshang.projects.models import Investor, InvestorKind
from zhaoshang.timelimits.engine import actions as time_limits

from . import actions
from .models import CaseType, Channel, Satisfaction


def _at(days_ago: float, hour: int = 10) -> datetime:
    moment = timezone.localtime() - timedelta(days=days_ago)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def build(world: DemoWorld) -> None:
    township, hekou, department = world.units["城关镇"], world.units["河口镇"], world.units["县经济和信息化局"]
    clerk, head, bureau = world.users["chengguan"], world.users["chengguan_head"], world.users["zsj"]
    hekou_clerk, dept_clerk = world.users["hekou"], world.users["jingxin"]
    investors = list(Investor.objects.exclude(uscc="").order_by("pk")[:6])
    foreign = Investor.objects.filter(kind__in=[InvestorKind.FOREIGN, InvestorKind.HMT]).exclude(uscc="").first()

    def receive(title, description, unit, user, days_ago, case_type=CaseType.HELP, channel=Channel.PHONE, investor=None, **extra):
        investor = investor or (investors[len(title) % len(investors)] if investors else None)
        if "uscc" in extra:
            investor = None
        data = {
            "title": title,
            "channel": channel,
            "case_type": case_type,
            "urgency": "normal",
            "foreign": False,
            "uscc": investor.uscc if investor else "",
            "investor_name": "" if investor else "清河精工机械有限公司",
            "project": None,
            "contact": "企业办公室 0571-88000000",
            "description": description,
            "unit": unit,
            **extra,
        }
        return actions.do_receive_case(data, user, now=_at(days_ago))

    receive("新厂房用电报装进度咨询", "企业新厂房用电报装已提交一周，询问办理进度。", township, bureau, 0.5, CaseType.CONSULT, Channel.HOTLINE)

    waiting = receive("技改补贴申报材料", "企业申报技改补贴，申报材料不全。", township, clerk, 6, CaseType.POLICY)
    actions.do_accept_case(waiting, clerk, now=_at(6, 11))
    time_limits.do_pause_clock(actions.running_clock(waiting), "等待企业补充设备发票", clerk, now=_at(5))

    handling = receive("厂区道路积水影响物流", "雨季厂区门前道路积水，货车无法通行。", township, clerk, 4, CaseType.HELP, Channel.VISIT)
    actions.do_accept_case(handling, clerk, now=_at(4, 11))
    actions.do_add_note(handling, "已联系住建局现场查看，拟加装排水管。", clerk, now=_at(3))

    late = receive("施工许可办理超时", "施工许可材料齐全，超过承诺时限仍未办结。", township, clerk, 30, CaseType.COMPLAINT, Channel.FEDERATION)
    actions.do_accept_case(late, clerk, now=_at(30, 11))

    moved = receive("用工招聘需求对接", "企业需招聘200名普工。", township, clerk, 2, CaseType.HELP)
    actions.do_transfer_case(moved, department, "用工对接由经信局牵头", clerk, now=_at(2, 11))

    refused = receive("股东之间合同纠纷", "企业股东之间的股权转让纠纷。", hekou, hekou_clerk, 10, CaseType.HELP, Channel.PETITION)
    actions.do_refuse_case(refused, "属民事纠纷，已告知通过诉讼途径解决", hekou_clerk, now=_at(10, 14))

    def handled(title, unit, user, days_ago, satisfaction=None, is_default=False, resolved=True):
        case = receive(title, f"{title}，请协调解决。", unit, user, days_ago, CaseType.HELP)
        actions.do_accept_case(case, user, now=_at(days_ago, 11))
        actions.do_close_case(case, "已协调相关部门办结", "答复函及企业确认", resolved, user, now=_at(days_ago - 2))
        if satisfaction is not None:
            actions.do_record_visit(case, satisfaction, bureau, is_default=is_default, note="电话回访", now=_at(days_ago - 3))
        return case

    handled("天然气接入协调", township, clerk, 5)
    handled("环评审批咨询", township, clerk, 20, Satisfaction.VERY_SATISFIED)
    handled("员工子女入学", hekou, hekou_clerk, 18, Satisfaction.SATISFIED)
    handled("标准厂房租金减免", department, dept_clerk, 16, Satisfaction.SATISFIED, is_default=True)
    handled("消防验收协调", township, clerk, 14, Satisfaction.BASIC, resolved=False)
    reopened = handled("排污许可证延续", township, clerk, 12, Satisfaction.DISSATISFIED)
    actions.do_add_note(reopened, "企业对答复不满意，重新组织生态环境部门现场指导。", head, now=_at(8))

    # A foreign investor of the 客商库 if the demo has one with a code; else named by hand.
    complaint = receive(
        "外资企业进口设备免税确认",
        "外资企业反映进口设备免税确认办理迟缓。",
        township,
        bureau,
        3,
        CaseType.COMPLAINT,
        Channel.PORTAL,
        investor=foreign,
        foreign=True,
        **({} if foreign else {"uscc": "", "investor_name": "清河艾森精密（外商独资）有限公司"}),
    )
    actions.do_accept_case(complaint, clerk, now=_at(3, 11))
    time_limits.check_time_limits()
