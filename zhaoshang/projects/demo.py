"""The projects of the demo county (docs/domain.md §3): about 300 projects signed and
worked over 2024–2026, across every stage, with fund entries in every status,
obstacles (some overdue), signed-then-nothing projects, planted duplicates held for
the bureau, jointly credited projects and a few USD-funded foreign projects.

Unlike the organisation's seed data, everything here goes through actions.py, as
the demo users (`zsj`, `chengguan`, `hekou`, `jingxin`, `chengguan_head`) would
have entered it, so the stage gates, the fund workflow and history all hold. The
actions stamp their records with the current time; afterwards the timestamps are
moved back to the day each thing happened (recorded, reported, verified…), so
figures "as of" a past date see the demo as it stood then.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.utils import timezone

from zhaoshang.core.demo import DemoWorld
from zhaoshang.organisation.demo import BIG_PROJECT_TASKS, BigProjectTask, funds_quota
from zhaoshang.organisation.models import Person, Unit, UnitKind

from . import actions
from .actions import Upload
from .models import (
    PIPELINE,
    Category,
    Currency,
    EnvScreening,
    Evidence,
    EvidenceKind,
    FundEntry,
    FundKind,
    InvestorKind,
    KeyLevel,
    LandStatus,
    Obstacle,
    ObstacleCategory,
    ObstacleNote,
    ObstacleStatus,
    Project,
    Stage,
    StageEvent,
    TeamRole,
)
from .validators import USCC_CHARSET, uscc_check_char

PROJECT_COUNT = 300
WAN = 10_000
FIRST_DAY = date(2024, 1, 1)
USD_RATES = {2024: Decimal("7.120000"), 2025: Decimal("7.180000"), 2026: Decimal("7.100000")}

# Minimal valid files: the evidence checks read the first bytes only.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@dataclass(frozen=True)
class Industry:
    name: str
    chain: str
    category: str
    products: tuple[str, ...]
    # "年产{n}{unit}{product}项目" for manufacturing; "{place}{product}项目" otherwise.
    unit: str = ""


INDUSTRIES = [
    Industry("纸业", "造纸及纸制品", Category.INDUSTRY, ("高档包装纸", "生活用纸", "瓦楞纸箱", "特种纸"), "万吨"),
    Industry("塑料加工", "塑料制品", Category.INDUSTRY, ("PE管材", "塑料编织袋", "改性塑料粒子", "食品级塑料包装"), "万吨"),
    Industry("金属加工", "金属制品", Category.INDUSTRY, ("不锈钢制品", "铝型材", "精密铸件", "五金工具"), "万件"),
    Industry("医药", "生物医药", Category.INDUSTRY, ("中药饮片", "医用敷料", "原料药", "一次性医疗器械"), "吨"),
    Industry("纺织", "纺织服装", Category.INDUSTRY, ("针织面料", "高档服装", "家纺制品", "无纺布"), "万米"),
    Industry("机械", "装备制造", Category.INDUSTRY, ("农业机械", "数控机床", "工程机械配件", "节能电机"), "台"),
    Industry("电子信息", "电子信息", Category.INDUSTRY, ("LED照明", "电子元器件", "柔性线路板", "智能终端"), "万件"),
    Industry("新能源", "新能源", Category.INDUSTRY, ("光伏组件", "锂电池", "储能设备", "风电塔筒"), "兆瓦"),
    Industry("物流", "现代物流", Category.LOGISTICS, ("冷链物流中心", "电商物流园", "仓储配送中心")),
    Industry("文旅", "文化旅游", Category.SERVICES, ("温泉度假区", "乡村旅游综合体", "文化产业园")),
    Industry("农产品加工", "绿色食品", Category.AGRICULTURE, ("茶叶精深加工", "生猪屠宰及冷链", "果蔬深加工")),
    Industry("商贸服务", "现代服务", Category.SERVICES, ("商业综合体", "星级酒店", "专业市场")),
    Industry("基础设施", "城乡建设", Category.INFRASTRUCTURE, ("污水处理厂", "标准化厂房")),
]
INDUSTRY_WEIGHTS = [9, 8, 8, 6, 8, 8, 7, 7, 6, 5, 6, 4, 2]

# Source region → cities the investors come from, and the investor kind they bring.
REGIONS = {
    "珠三角": (("深圳", "东莞", "佛山", "广州"), InvestorKind.PRIVATE),
    "长三角": (("苏州", "宁波", "杭州", "无锡"), InvestorKind.PRIVATE),
    "上海": (("上海",), InvestorKind.PRIVATE),
    "温州": (("温州",), InvestorKind.CHAMBER),
    "京津冀": (("北京", "天津"), InvestorKind.CENTRAL),
    "闽南": (("厦门", "泉州"), InvestorKind.PRIVATE),
    "港澳台": (("香港", "台湾", "澳门"), InvestorKind.HMT),
    "境外": (("新加坡", "德国", "韩国", "美国"), InvestorKind.FOREIGN),
    "本省": (("省",), InvestorKind.STATE),
}
REGION_WEIGHTS = [22, 18, 10, 10, 8, 10, 6, 4, 12]
_BRAND_A = "华鸿宏恒泰盛嘉瑞丰祥兴德永昌隆安达新远金"
_BRAND_B = "信源通和利成宇锦辉创联科峰森茂发骏腾海"
_KIND_SUFFIX = {InvestorKind.CHAMBER: "商会", InvestorKind.CENTRAL: "集团", InvestorKind.STATE: "投资集团"}

# How far projects get: the final pipeline stage and its weight.
FINAL_STAGES = [
    (Stage.LEAD, 10),
    (Stage.NEGOTIATING, 16),
    (Stage.SIGNED, 16),
    (Stage.REGISTERED, 10),
    (Stage.STARTED, 18),
    (Stage.COMPLETED, 10),
    (Stage.PRODUCING, 12),
    (Stage.EFFECTIVE, 8),
]
# Days from one stage to the next (min, max).
GAPS = {
    Stage.NEGOTIATING: (7, 45),
    Stage.SIGNED: (15, 90),
    Stage.REGISTERED: (10, 45),
    Stage.STARTED: (15, 60),
    Stage.COMPLETED: (90, 240),
    Stage.PRODUCING: (15, 60),
    Stage.EFFECTIVE: (60, 180),
}
OBSTACLES = {
    ObstacleCategory.FUNDS: "项目贷款审批未落实，资金缺口较大",
    ObstacleCategory.LAND_APPROVAL: "用地指标未落实，报批材料待补充",
    ObstacleCategory.DEMOLITION: "征地范围内有3户未签订拆迁协议",
    ObstacleCategory.APPROVAL: "环评批复尚未取得",
    ObstacleCategory.UTILITIES: "供电线路和进场道路未接通",
    ObstacleCategory.LABOUR: "熟练技工招聘困难",
    ObstacleCategory.OTHER: "企业对配套政策兑现有疑虑",
}
# Who works which unit's projects (their login's scope); everyone else's by the bureau.
REPORTERS = {"城关镇": "chengguan", "河口镇": "hekou", "县经济和信息化局": "jingxin"}
APPROVERS = {"城关镇": "chengguan_head"}
BUREAU_LOGIN = "zsj"


# Completion rates of 到位资金 the demo spreads over the units with a task.
LOWEST_RATE, HIGHEST_RATE = 0.25, 1.55
# The industry a department's big project is in, when its task names no category.
DEPARTMENT_INDUSTRY = {"县农业农村局": "农产品加工", "县商务局": "商贸服务", "县文化和旅游局": "文旅"}


@dataclass
class Arrival:
    """A fund arrival as planned, before it is entered (see `_Builder.calibrate`)."""

    project: Project
    day: date
    amount: int  # in the project's currency: 元, or US cents
    kind: str
    status: str
    stuck: bool = False  # of a signed-then-nothing project: never verified

    @property
    def yuan(self) -> float:
        return self.amount * 7.1 / 100 if self.project.currency == Currency.USD else self.amount


def completion_rates(n: int, rng: random.Random) -> list[float]:
    """n rates evenly over [LOWEST_RATE, HIGHEST_RATE], shuffled."""
    rates = [LOWEST_RATE + (HIGHEST_RATE - LOWEST_RATE) * (k + 0.5) / n for k in range(n)]
    rng.shuffle(rates)
    return rates


def _introducer_weight(unit: Unit) -> float:
    """How often a unit introduces a project, by kind and by the size of its quota."""
    if unit.kind in (UnitKind.TOWNSHIP, UnitKind.ZONE):
        return 10
    if unit.kind == UnitKind.STATIONED_TEAM:
        return 2
    quota = funds_quota(unit) or 0
    return max(1, quota / 15_000_000)


def uscc(n: int) -> str:
    """A valid 统一社会信用代码 for demo company n (9134 = enterprise, Anhui-style)."""
    body = "91341100" + "".join(USCC_CHARSET[(n // 31**i) % 31] for i in range(9))
    return body + uscc_check_char(body)


def _moment(day: date, hour: int = 10) -> datetime:
    """A time on `day`, never later than now: the demo's past happened in the past."""
    return min(timezone.make_aware(datetime.combine(day, time(hour))), timezone.now())


class _Builder:
    def __init__(self, world: DemoWorld, count: int) -> None:
        self.world = world
        self.count = count
        self.rng = random.Random(2026)
        self.today = timezone.localdate()
        self.users = {name: self._user(name) for name in (BUREAU_LOGIN, *REPORTERS.values(), *APPROVERS.values())}
        self.bureau = self.users[BUREAU_LOGIN]
        units = [u for u in world.units.values() if u.is_active]
        self.townships = [u for u in units if u.kind in (UnitKind.TOWNSHIP, UnitKind.ZONE)]
        self.departments = [u for u in units if u.kind == UnitKind.DEPARTMENT]
        self.teams = [u for u in units if u.kind == UnitKind.STATIONED_TEAM]
        # Every unit brings projects, in proportion to its quota: the townships and
        # the zone most, the 一赛区 departments more than the 三赛区 ones.
        self.introducers = self.townships + self.departments + self.teams
        self.introducer_weights = [_introducer_weight(u) for u in self.introducers]
        # This year's 到位资金 task of each unit (docs/domain.md §2), in 元.
        self.quotas = {u.pk: quota for u in units if (quota := funds_quota(u))}
        county_path = world.county.path
        self.leaders = list(Person.objects.filter(unit__path__startswith=county_path).exclude(leader_body="").order_by("sort_order", "id"))
        self.staff: dict[int, list[Person]] = {}
        for person in Person.objects.filter(unit__path__startswith=county_path, leader_body="").order_by("sort_order", "id"):
            self.staff.setdefault(person.unit_id, []).append(person)
        self.investor_n = 0

    def _user(self, username: str) -> User:
        return self.world.users.get(username) or User.objects.get(username=username)

    def actor(self, unit: Unit) -> User:
        return self.users.get(REPORTERS.get(unit.name, ""), self.bureau)

    def approver(self, unit: Unit) -> User:
        return self.users.get(APPROVERS.get(unit.name, ""), self.bureau)

    # ------------------------------------------------------------ pieces

    def introducing_unit(self) -> Unit:
        return self.rng.choices(self.introducers, self.introducer_weights)[0]

    def investor(self, region: str, industry: Industry):
        cities, kind = REGIONS[region]
        n = self.investor_n
        self.investor_n += 1
        brand = _BRAND_A[(n * 7) % len(_BRAND_A)] + _BRAND_B[(n * 11 + n // len(_BRAND_B)) % len(_BRAND_B)]
        city = self.rng.choice(cities)
        if kind == InvestorKind.CHAMBER:
            name = f"{city}{brand}{industry.name}投资有限公司（{city}商会）"
        elif kind == InvestorKind.FOREIGN:
            name = f"{city}{brand}{industry.name}国际有限公司"
        else:
            name = f"{city}{brand}{industry.name}{_KIND_SUFFIX.get(kind, '有限公司')}"
        foreign = kind in (InvestorKind.FOREIGN, InvestorKind.HMT)
        data = {
            "name": name,
            "uscc": "" if foreign else uscc(n + 1),
            "foreign_registration": f"REG-{2026000 + n}" if foreign else "",
            "kind": kind,
            "region": region,
            "is_fortune500": kind in (InvestorKind.CENTRAL, InvestorKind.FOREIGN) and n % 3 == 0,
            "note": "",
        }
        contact = {
            "name": self.rng.choice("王李张刘陈杨黄赵") + self.rng.choice(["建平", "志远", "海峰", "丽华"]),
            "title": "总经理",
            "phone": f"139{n:08d}",
        }
        return actions.do_create_investor(data, self.bureau, [contact])

    def total_investment(self) -> int:
        roll = self.rng.random()
        if roll < 0.45:
            wan = self.rng.randrange(2_000, 10_000, 100)
        elif roll < 0.82:
            wan = self.rng.randrange(10_000, 50_000, 500)
        elif roll < 0.95:
            wan = self.rng.randrange(50_000, 100_000, 1_000)
        else:
            wan = self.rng.randrange(100_000, 300_000, 5_000)
        return wan * WAN

    def name(self, industry: Industry, unit: Unit, total: int) -> str:
        product = self.rng.choice(industry.products)
        if industry.unit:
            scale = max(1, total // (WAN * 2_000)) * self.rng.choice([1, 2, 5])
            return f"年产{scale}{industry.unit}{product}项目"
        place = (unit.short_name or unit.name).removeprefix("县").removesuffix("镇").removesuffix("局")
        return f"{place}{product}项目"

    def timeline(self, final: Stage, start: date) -> list[tuple[Stage, date]]:
        """The stages up to `final` with their dates, cut where the next would be in the future."""
        steps = [(Stage.LEAD, start)]
        day = start
        for stage in PIPELINE[1 : final.order + 1]:
            low, high = GAPS[stage]
            day = day + timedelta(days=self.rng.randint(low, high))
            if day > self.today:
                break
            steps.append((stage, day))
        return steps

    # ------------------------------------------------------------ one project

    def project(
        self,
        i: int,
        unit: Unit | None = None,
        total: int | None = None,
        industry: Industry | None = None,
        steps: list[tuple[Stage, date]] | None = None,
    ) -> Project:
        """Project i, by the dice; a planted one (anchor, big project) comes with its
        unit, size, industry or dated stages decided."""
        rng = self.rng
        planted = steps is not None
        industry = industry or rng.choices(INDUSTRIES, INDUSTRY_WEIGHTS)[0]
        region = rng.choices(list(REGIONS), REGION_WEIGHTS)[0]
        unit = unit or self.introducing_unit()
        user = self.actor(unit)
        usd = region == "境外" and i % 2 == 0 and not planted
        total = total or self.total_investment()
        final = rng.choices([s for s, _ in FINAL_STAGES], [w for _, w in FINAL_STAGES])[0]
        if i < len(PIPELINE):
            # The first (and oldest) projects reach every stage, whatever the dice say.
            final = PIPELINE[i]
        elif i < len(PIPELINE) + 2:
            final = Stage.SIGNED  # then stalled, then dropped: see `off` below
        # Spread the first contact over the three years; later stages need room.
        span = (self.today - FIRST_DAY).days - 20
        start = FIRST_DAY + timedelta(days=int(span * (i / self.count) ** 0.9 * rng.uniform(0.85, 1.0)))
        if planted:
            final = steps[-1][0]  # type: ignore[index]
        else:
            steps = self.timeline(final, start)
        landing = rng.choice(self.townships) if unit not in self.townships or rng.random() < 0.2 else unit
        key_level = rng.choices([KeyLevel.NONE, KeyLevel.COUNTY, KeyLevel.CITY, KeyLevel.PROVINCE], [70, 18, 8, 4])[0]
        if total >= 5 * 10**8 and key_level == KeyLevel.NONE:
            key_level = KeyLevel.COUNTY
        leader = rng.choice(self.leaders) if self.leaders and (key_level or total >= 10**8) else None
        data = {
            "name": self.name(industry, landing, total),
            "investor": self.investor(region, industry),
            "source_region": region,
            "industry": industry.name,
            "category": industry.category,
            "currency": Currency.USD if usd else Currency.CNY,
            # USD in cents: 元 ÷ 7.1 × 100.
            "total_investment": int(total / 7.1 * 100) if usd else total,
            "is_foreign_funded": region in ("境外", "港澳台"),
            "introducing_unit": unit,
            "landing_unit": landing,
            "landing_address": f"{landing.name}工业集中区" if industry.category == Category.INDUSTRY else "",
            "responsible_leader": leader,
            "key_level": key_level,
            "is_fortune500": rng.random() < 0.03,
            "is_high_tech": industry.name in ("电子信息", "新能源", "医药") and rng.random() < 0.5,
            "land_status": LandStatus.APPROVED
            if final.order >= Stage.REGISTERED.order
            else rng.choice([LandStatus.NOT_STARTED, LandStatus.IN_PROGRESS]),
            "env_screening": EnvScreening.PASSED if final.order >= Stage.SIGNED.order else EnvScreening.PENDING,
        }
        data.update(self.planned_dates(steps, final))
        credits = None
        if i % 25 == 7 and len(self.townships) > 1 and not planted:
            partner = next(u for u in self.townships if u.pk != unit.pk)
            credits = [(unit, 6000), (partner, 4000)]
            user = self.bureau
        first_stage, first_day = steps[0]  # type: ignore[index]
        project = actions.do_create_project(data, credits, user, stage=first_stage, stage_date=first_day)
        off = {len(PIPELINE): Stage.STALLED, len(PIPELINE) + 1: Stage.DROPPED}.get(i)
        self.walk(project, steps[1:], user, total, usd, off=off)  # type: ignore[index]
        project.refresh_from_db()
        if leader is not None:
            team = [(leader, TeamRole.LEADER)] + [
                (p, TeamRole.LEAD if n == 0 else TeamRole.TRACKER) for n, p in enumerate(self.staff.get(unit.pk, [])[:2])
            ]
            actions.do_set_team(project, team, user)
        Project.objects.filter(pk=project.pk).update(created_at=_moment(first_day, 9))
        return project

    def planned_dates(self, steps: list[tuple[Stage, date]], final: Stage) -> dict[str, date]:
        """Planned dates a little before or after the actual ones, and ahead for stages not reached."""
        planned: dict[str, date] = {}
        reached = dict(steps)
        last = steps[-1][1]
        floor = date.min  # planned dates never go backwards (Project.clean)
        for stage in (Stage.SIGNED, Stage.REGISTERED, Stage.STARTED, Stage.COMPLETED, Stage.PRODUCING):
            if stage in reached:
                floor = max(floor, reached[stage] + timedelta(days=self.rng.randint(-30, 20)))
            elif steps[-1][0].order >= Stage.NEGOTIATING.order:
                last = last + timedelta(days=self.rng.randint(*GAPS[stage]))
                floor = max(floor, last)
            else:
                continue
            planned[f"planned_{stage.value}_on"] = floor
        return planned

    def walk(
        self,
        project: Project,
        steps: list[tuple[Stage, date]],
        user: User,
        total: int,
        usd: bool,
        off: Stage | None = None,
        may_stop: bool = True,
    ) -> None:
        contract = int(total * self.rng.uniform(0.75, 1.0)) // WAN * WAN
        if usd:
            contract = int(contract / 7.1 * 100)
        if steps:
            # One call for the whole way: the skipped stages are dated and their gates
            # checked by the action, and the cached stage is rebuilt once.
            stage, day = steps[-1]
            entering = {s for s, _ in steps}
            evidence = []
            if Stage.SIGNED in entering:
                evidence.append(Upload(EvidenceKind.CONTRACT, _pdf("正式合同.pdf")))
            if Stage.STARTED in entering:
                evidence.append(Upload(EvidenceKind.SITE_PHOTO, _png("开工现场.png")))
            actions.do_record_stage(
                project,
                stage,
                day,
                user,
                contract_amount=contract if Stage.SIGNED in entering else None,
                company_uscc=uscc(100_000 + project.pk) if Stage.REGISTERED in entering else "",
                evidence=evidence,
                skipped_dates=dict(steps[:-1]),
            )
        last_stage, last_day = steps[-1] if steps else (Stage.LEAD, None)
        # Some projects stall or are dropped after their last stage.
        if last_day and may_stop and (off is not None or last_stage.order < Stage.PRODUCING.order):
            roll = self.rng.random()
            later = min(self.today, last_day + timedelta(days=self.rng.randint(30, 120)))
            if off is not None:
                roll = 0.0 if off == Stage.STALLED else 0.08
            if roll < 0.07:
                actions.do_record_stage(project, Stage.STALLED, later, user, note="客商资金链紧张，项目暂缓推进")
            elif roll < 0.11:
                actions.do_record_stage(project, Stage.DROPPED, later, user, note="客商投资方向调整，项目终止")

    # ------------------------------------------------------------ funds and obstacles

    def funds(self, project: Project, *, signed_then_nothing: bool) -> list[Arrival]:
        """Arrivals after the signing: older ones verified, recent ones still in the
        workflow, now and then one sent back. Planned only: `calibrate` sizes this
        year's before `record` enters them."""
        if project.signed_on is None or project.contract_amount is None:
            return []
        days = (self.today - project.signed_on).days
        n = 0 if days < 20 else self.rng.randint(1, 3)
        arrivals = []
        for k in range(n):
            day = project.signed_on + timedelta(days=int(days * (k + 1) / (n + 1)))
            amount = max(WAN, int(project.contract_amount * self.rng.uniform(0.05, 0.25)) // WAN * WAN)
            kind = FundKind.CAPITAL if k == 0 else self.rng.choice([FundKind.INVESTMENT, FundKind.INVESTMENT, FundKind.LOAN])
            age = (self.today - day).days
            roll = self.rng.random()
            if signed_then_nothing:
                status = "returned" if roll < 0.5 else "reported"
            elif age > 45:
                status = "verified" if roll < 0.9 else "returned"
            else:
                status = ["reported", "unit_approved", "verified", "returned"][min(3, int(roll * 4))]
            arrivals.append(Arrival(project, day, amount, kind, status, stuck=signed_then_nothing))
        return arrivals

    def calibrate(self, arrivals: list[Arrival]) -> None:
        """Size this year's arrivals so that each unit with a 到位资金 task verifies
        its quota times a completion rate of its own: the rankings then spread from
        far behind 序时进度 to well over the task, as in a real county."""
        year_start = self.today.replace(month=1, day=1)
        by_unit: dict[int, list[Arrival]] = {}
        for arrival in arrivals:
            if arrival.day >= year_start and not arrival.stuck:
                by_unit.setdefault(arrival.project.introducing_unit_id, []).append(arrival)
        units = sorted(pk for pk in by_unit if pk in self.quotas)
        for pk, rate in zip(units, completion_rates(len(units), self.rng)):
            mine = by_unit[pk]
            verified = [a for a in mine if a.status == "verified"]
            if not verified:
                # The oldest of the year has had time to be verified.
                oldest = min(mine, key=lambda a: a.day)
                oldest.status = "verified"
                verified = [oldest]
            factor = self.quotas[pk] * rate / sum(a.yuan for a in verified)
            for arrival in mine:
                arrival.amount = max(WAN, round(arrival.amount * factor / WAN) * WAN)

    def record(self, arrival: Arrival) -> None:
        """Enter a planned arrival through the fund workflow, dated as it happened."""
        project, day, status = arrival.project, arrival.day, arrival.status
        unit = project.introducing_unit
        reporter, approver = self.actor(unit), self.approver(unit)
        entry = actions.do_report_funds(
            project,
            {"date": day, "amount": arrival.amount, "currency": project.currency, "kind": arrival.kind, "note": ""},
            reporter,
            evidence=[Upload(EvidenceKind.BANK_SLIP, _pdf("银行进账单.pdf"))],
        )
        if status == "returned":
            actions.do_return_funds(entry, "进账单金额与填报金额不一致，请核对后重新填报", approver)
            FundEntry.objects.filter(pk=entry.pk).update(returned_at=_moment(day + timedelta(days=3)))
        if status in ("unit_approved", "verified"):
            actions.do_approve_funds(entry, approver)
        if status == "verified":
            actions.do_verify_funds(entry, self.bureau)
        FundEntry.objects.filter(pk=entry.pk).update(
            reported_at=_moment(day),
            approved_at=_moment(day + timedelta(days=2)) if status in ("unit_approved", "verified") else None,
            verified_at=_moment(day + timedelta(days=6)) if status == "verified" else None,
        )
        Evidence.objects.filter(fund_entry=entry).update(uploaded_at=_moment(day))

    def obstacles(self, project: Project) -> None:
        if project.stage in (Stage.LEAD, Stage.DROPPED) or self.rng.random() > 0.3:
            return
        responsible = self.rng.choice(self.departments[:10] or [project.introducing_unit])
        raised = project.signed_on or self.today - timedelta(days=60)
        deadline = raised + timedelta(days=self.rng.randint(15, 120))
        roll = self.rng.random()
        if deadline < self.today and roll < 0.55:
            self.obstacle_loop(project, responsible, raised, deadline, "closed")
        elif roll < 0.68:
            self.obstacle_loop(project, responsible, raised, deadline, "in_progress")
        elif roll < 0.78:
            self.obstacle_loop(project, responsible, raised, deadline, "proposed")
        elif roll < 0.9 and self.leaders:
            self.obstacle_loop(project, responsible, raised, deadline, "escalated", instructed=self.rng.random() < 0.6)
        else:
            self.obstacle_loop(project, responsible, raised, deadline, "open")

    def obstacle_loop(self, project: Project, responsible: Unit, raised: date, deadline: date, until: str, instructed: bool = False) -> Obstacle:
        """An obstacle taken through the loop as far as `until`, by the people who
        would: the project's unit raises it, the responsible department works on it
        and proposes 销号 with evidence, the project's unit confirms; or it is
        escalated to a leader, who may give a 批示."""
        owner, head = self.actor(project.introducing_unit), self.approver(project.introducing_unit)
        handler = self.actor(responsible)
        category = self.rng.choice(list(OBSTACLES))
        obstacle = actions.do_add_obstacle(
            project,
            {"category": category, "description": OBSTACLES[category], "responsible_unit": responsible, "deadline": deadline},
            owner,
        )
        if until != "open":
            actions.do_update_obstacle_status(obstacle, ObstacleStatus.IN_PROGRESS, handler, note="已与企业对接，正在办理")
        if until in ("proposed", "closed"):
            actions.do_update_obstacle_status(
                obstacle, ObstacleStatus.PROPOSED, handler, note="问题已协调解决，申请销号", evidence=_pdf("办结证明.pdf")
            )
        if until == "closed":
            actions.do_update_obstacle_status(obstacle, ObstacleStatus.RESOLVED, head, note="经核实已解决，同意销号")
        if until == "escalated":
            leader = self.rng.choice(self.leaders)
            actions.do_update_obstacle_status(obstacle, ObstacleStatus.ESCALATED, owner, note="需县领导协调解决", escalated_to=leader)
            if instructed and leader.user is not None:
                actions.do_give_obstacle_instruction(obstacle, "请相关部门一周内拿出解决方案，特事特办", leader.user)
        # Dated as it happened: raised on `raised`, each step a few days later.
        notes = list(obstacle.notes.order_by("id"))
        for n, note in enumerate(notes, start=1):
            note.created_at = _moment(min(self.today, raised + timedelta(days=4 * n)), 15)
        ObstacleNote.objects.bulk_update(notes, ["created_at"])
        resolved_at = notes[-1].created_at if until == "closed" else None
        Obstacle.objects.filter(pk=obstacle.pk).update(raised_at=_moment(raised), resolved_at=resolved_at)
        if instructed:
            Obstacle.objects.filter(pk=obstacle.pk).update(instructed_at=notes[-1].created_at)
        return obstacle

    # ------------------------------------------------------------ planted cases

    def duplicate_of(self, original: Project, i: int) -> Project:
        """Another unit reports the same investor's project under a similar name: the
        actions hold it as a suspected duplicate for the bureau."""
        other = next(u for u in self.townships if u.pk != original.introducing_unit_id)
        data = {
            "name": original.name.replace("项目", "建设项目"),
            "investor": original.investor,
            "source_region": original.source_region,
            "industry": original.industry,
            "category": original.category,
            "total_investment": original.total_investment if original.currency == Currency.CNY else 0,
            "introducing_unit": other,
            "landing_unit": original.landing_unit,
        }
        day = min(self.today, original.created_at.date() + timedelta(days=20 + i))
        return actions.do_create_project(data, None, self.actor(other), stage=Stage.NEGOTIATING, stage_date=day)

    def signed_then_nothing(self, i: int) -> Project:
        """Formally signed ≥ 90 days ago, no verified funds, not started (docs/domain.md §7)."""
        unit = self.townships[i % len(self.townships)]
        industry = INDUSTRIES[i % 8]
        total = self.total_investment()
        signed = self.today - timedelta(days=100 + 23 * i)
        data = {
            "name": self.name(industry, unit, total),
            "investor": self.investor("珠三角" if i % 2 else "长三角", industry),
            "source_region": "珠三角" if i % 2 else "长三角",
            "industry": industry.name,
            "category": industry.category,
            "total_investment": total,
            "introducing_unit": unit,
            "landing_unit": unit,
            "env_screening": EnvScreening.PASSED,
        }
        user = self.actor(unit)
        project = actions.do_create_project(data, None, user, stage=Stage.NEGOTIATING, stage_date=signed - timedelta(days=40))
        self.walk(project, [(Stage.SIGNED, signed)], user, total, usd=False, may_stop=False)
        project.refresh_from_db()
        Project.objects.filter(pk=project.pk).update(created_at=_moment(signed - timedelta(days=40), 9))
        return project

    # ------------------------------------------------------------ all

    def build(self) -> None:
        for year, rate in USD_RATES.items():
            actions.do_set_exchange_rate(year, Currency.USD, rate, self.bureau)
        planted = max(3, self.count // 60)
        # One project per unit with a task (as many as the count leaves room for), so
        # that every unit has arrivals this year, the rest by the dice.
        # The units of the demo logins come first: even the small build shows them funds.
        logins = {unit.pk for unit in self.introducers if unit.name in REPORTERS}
        anchored = sorted(self.quotas, key=lambda pk: (pk not in logins, -self.quotas[pk], self.world_unit(pk).path))
        anchored = anchored[: (self.count - 2 * planted) // 3]
        random_count = self.count - 2 * planted - len(anchored)
        projects = [self.project(i) for i in range(random_count)]
        projects += [self.anchor(random_count + k, self.world_unit(pk)) for k, pk in enumerate(anchored)]
        projects += self.big_projects(self.count)
        stuck = [self.signed_then_nothing(i) for i in range(planted)]
        signed = [p for p in projects if p.signed_on and p.duplicate_status == "none"]
        duplicates = [self.duplicate_of(signed[(k * 37) % len(signed)], k) for k in range(planted)]
        arrivals = []
        for project in projects:
            arrivals += self.funds(project, signed_then_nothing=False)
            self.obstacles(project)
        for project in stuck:
            arrivals += self.funds(project, signed_then_nothing=True)
            self.obstacles(project)
        self.calibrate(arrivals)
        for arrival in arrivals:
            self.record(arrival)
        self.ensure_every_fund_status(signed)
        self.ensure_an_overdue_obstacle(signed)
        self.ensure_the_obstacle_loop(signed)
        self.backdate(projects + stuck + duplicates)
        self.plans(projects)

    def world_unit(self, pk: int) -> Unit:
        return next(u for u in self.introducers if u.pk == pk)

    def anchor(self, i: int, unit: Unit) -> Project:
        """A project of `unit` signed about a year ago and under way, sized to its quota."""
        total = max(500, int(self.quotas[unit.pk] / WAN * self.rng.uniform(1.5, 4)) // 100 * 100) * WAN
        steps = self.timeline(Stage.STARTED, self.today - timedelta(days=self.rng.randint(330, 420)))
        return self.project(i, unit=unit, total=total, steps=steps)

    def big_projects(self, i: int) -> list[Project]:
        """The big projects seed 000 asks of the zone and the named departments,
        signed this year; the last one of every third task is still being negotiated,
        so the targets show one unfinished."""
        year_start = self.today.replace(month=1, day=1)
        projects = []  # type: ignore[var-annotated]
        for t, task in enumerate(BIG_PROJECT_TASKS):
            unit = self.world.units.get(task.unit_name)
            if unit is None:
                continue
            for n in range(task.count):
                signing = year_start + timedelta(days=int((self.today - year_start).days * self.rng.uniform(0.2, 0.8)))
                talks = signing - timedelta(days=self.rng.randint(30, 60))
                steps = [(Stage.LEAD, talks - timedelta(days=self.rng.randint(20, 40))), (Stage.NEGOTIATING, talks)]
                if not (t % 3 == 0 and n == task.count - 1):
                    steps.append((Stage.SIGNED, signing))
                total = int(task.min_wan * self.rng.uniform(1.0, 1.6)) // 1000 * 1000 * WAN
                projects.append(self.project(i + len(projects), unit=unit, total=total, industry=self.big_industry(task), steps=steps))
        return projects

    def big_industry(self, task: BigProjectTask) -> Industry:
        by_name = {industry.name: industry for industry in INDUSTRIES}
        if task.unit_name in DEPARTMENT_INDUSTRY:
            return by_name[DEPARTMENT_INDUSTRY[task.unit_name]]
        category = task.category or Category.INDUSTRY
        return self.rng.choice([industry for industry in INDUSTRIES if industry.category == category])

    def ensure_every_fund_status(self, signed: list[Project]) -> None:
        """The dice decide most statuses; this makes sure the lists show each one."""
        project = max((p for p in signed if p.stage != Stage.DROPPED), key=lambda p: (p.signed_on, p.pk))
        unit = project.introducing_unit
        for status in ("reported", "unit_approved", "verified", "returned"):
            if FundEntry.objects.filter(project__introducing_unit__path__startswith=self.world.county.path, status=status).exists():
                continue
            entry = actions.do_report_funds(
                project,
                {"date": self.today, "amount": 50 * WAN, "currency": project.currency, "kind": FundKind.INVESTMENT, "note": ""},
                self.actor(unit),
                evidence=[Upload(EvidenceKind.BANK_SLIP, _pdf("银行进账单.pdf"))],
            )
            if status == "returned":
                actions.do_return_funds(entry, "缺少验资报告", self.approver(unit))
            if status in ("unit_approved", "verified"):
                actions.do_approve_funds(entry, self.approver(unit))
            if status == "verified":
                actions.do_verify_funds(entry, self.bureau)

    def ensure_an_overdue_obstacle(self, signed: list[Project]) -> None:
        if Obstacle.objects.filter(project__in=signed).overdue(self.today).exists():
            return
        project = signed[0]
        actions.do_add_obstacle(
            project,
            {
                "category": ObstacleCategory.LAND_APPROVAL,
                "description": OBSTACLES[ObstacleCategory.LAND_APPROVAL],
                "responsible_unit": self.departments[0] if self.departments else project.introducing_unit,
                "deadline": self.today - timedelta(days=10),
            },
            self.actor(project.introducing_unit),
        )

    def ensure_the_obstacle_loop(self, signed: list[Project]) -> None:
        """Every step of the loop waits on someone in the demo: the 经信局 has a
        problem to work on, 城关镇 a 销号 proposal to confirm, the 县长 an escalated
        problem (one with his 批示 on the circular's list)."""
        department = next((u for u in self.departments if u.name in REPORTERS), None)
        chengguan = [p for p in signed if p.introducing_unit.name == "城关镇"]
        county_head = next((p for p in self.leaders if p.user is not None), None)
        if department is None or not chengguan or county_head is None:
            return
        raised = self.today - timedelta(days=20)
        self.obstacle_loop(chengguan[0], department, raised, self.today + timedelta(days=10), "in_progress")
        self.obstacle_loop(chengguan[-1], department, raised, self.today + timedelta(days=5), "proposed")
        escalations = (
            (False, self.today + timedelta(days=15), "用地指标需县级统筹调剂"),
            (True, self.today - timedelta(days=3), "进场道路涉及交通、林业两个部门审批，需县领导协调"),
        )
        for instructed, deadline, note in escalations:
            obstacle = self.obstacle_loop(chengguan[0], department, raised, deadline, "open")
            actions.do_update_obstacle_status(
                obstacle, ObstacleStatus.ESCALATED, self.actor(chengguan[0].introducing_unit), note=note, escalated_to=county_head
            )
            if instructed:
                actions.do_give_obstacle_instruction(obstacle, "请自然资源局牵头，两周内调剂用地指标", county_head.user)

    def backdate(self, projects: list[Project]) -> None:
        """Stage events and their files were recorded on the day they happened."""
        events = list(StageEvent.objects.filter(project__in=projects).only("pk", "date"))
        for event in events:
            event.recorded_at = _moment(event.date, 11)
        StageEvent.objects.bulk_update(events, ["recorded_at"], batch_size=500)
        files = list(Evidence.objects.filter(stage_event__project__in=projects).select_related("stage_event"))
        for item in files:
            item.uploaded_at = _moment(item.stage_event.date, 11)
        Evidence.objects.bulk_update(files, ["uploaded_at"], batch_size=500)

    def plans(self, projects: list[Project]) -> None:
        """Key projects under construction keep an annual investment plan with monthly completion."""
        year = self.today.year
        for project in projects:
            if not project.key_level or project.stage not in (Stage.STARTED, Stage.COMPLETED):
                continue
            user = self.actor(project.introducing_unit)
            yearly = max(WAN, project.total_investment // 3 // WAN * WAN) if project.currency == Currency.CNY else 0
            if not yearly:
                continue
            plan = actions.do_set_investment_plan(project, year, yearly, user)
            for month in range(1, self.today.month):
                actions.do_record_monthly_investment(plan.project, plan.year, month, int(yearly / 12 * self.rng.uniform(0.5, 1.3)), user)


def _pdf(name: str) -> ContentFile:
    return ContentFile(PDF_BYTES, name=name)


def _png(name: str) -> ContentFile:
    return ContentFile(PNG_BYTES, name=name)


def build(world: DemoWorld, count: int | None = None) -> None:
    """Add the projects to the demo county in `world`; a county that already has
    projects is left alone, so running it twice creates nothing new. The test
    settings ask for fewer projects (DEMO_PROJECT_COUNT): every demo build in the
    suite would otherwise pay for 300."""
    if Project.objects.filter(introducing_unit__path__startswith=world.county.path).exists():
        return
    _Builder(world, count or getattr(settings, "DEMO_PROJECT_COUNT", PROJECT_COUNT)).build()
