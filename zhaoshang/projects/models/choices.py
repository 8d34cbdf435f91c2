"""The choices and constants of projects (stages, kinds, categories, size bands) and the counted rule."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

YI = 100_000_000
# The size bands (总投资 ≥ 1/5/10亿元) of the dashboard card, its list filter and the circular.
SIZE_BANDS = {"1yi": 1 * YI, "5yi": 5 * YI, "10yi": 10 * YI}


class Currency(models.TextChoices):
    # What people call the currency; amounts are typed in 万元 / 万美元 (WAN_UNIT) and
    # stored in 元 / US cents (see the module's docstring).
    CNY = "CNY", "人民币"
    USD = "USD", "美元"

    @property
    def wan_unit(self) -> str:
        """The unit amounts are typed and read in: 万元, 万美元."""
        return "万美元" if self == Currency.USD else "万元"


class Stage(models.TextChoices):
    LEAD = "lead", "线索"
    NEGOTIATING = "negotiating", "洽谈"
    SIGNED = "signed", "签约"
    REGISTERED = "registered", "落地"
    STARTED = "started", "开工"
    COMPLETED = "completed", "竣工"
    PRODUCING = "producing", "投产"
    EFFECTIVE = "effective", "达产见效"
    STALLED = "stalled", "停滞"
    DROPPED = "dropped", "终止"

    @property
    def is_pipeline(self) -> bool:
        return self in PIPELINE

    @property
    def order(self) -> int:
        """Position in the funnel; stalled and dropped stand outside it (-1)."""
        return PIPELINE.index(self) if self in PIPELINE else -1

    def later_stages(self) -> list[Stage]:
        return list(PIPELINE[self.order + 1 :]) if self.is_pipeline else []

    def reached_stages(self) -> list[Stage]:
        """A project has reached a stage once it has an event for it or a later one."""
        return [self, *self.later_stages()]


PIPELINE: tuple[Stage, ...] = (
    Stage.LEAD,
    Stage.NEGOTIATING,
    Stage.SIGNED,
    Stage.REGISTERED,
    Stage.STARTED,
    Stage.COMPLETED,
    Stage.PRODUCING,
    Stage.EFFECTIVE,
)
# Stages a project may be created in; later ones are reached through events.
INITIAL_STAGES = (Stage.LEAD, Stage.NEGOTIATING)


class InvestorKind(models.TextChoices):
    PRIVATE = "private", "民营"
    STATE = "state", "国有"
    CENTRAL = "central", "央企省属"
    FOREIGN = "foreign", "外资"
    HMT = "hmt", "港澳台"
    CHAMBER = "chamber", "商会"


class Category(models.TextChoices):
    INDUSTRY = "industry", "工业"
    LOGISTICS = "logistics", "物流"
    AGRICULTURE = "agriculture", "农业"
    SERVICES = "services", "服务业"
    REAL_ESTATE = "real_estate", "房地产"
    INFRASTRUCTURE = "infrastructure", "基础设施"
    SOCIAL = "social", "社会事业"


class KeyLevel(models.TextChoices):
    NONE = "", "非重点"
    PROVINCE = "province", "省重点"
    CITY = "city", "市重点"
    COUNTY = "county", "县重点"


class LandStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", "无需用地"
    NOT_STARTED = "not_started", "未报批"
    IN_PROGRESS = "in_progress", "报批中"
    APPROVED = "approved", "已批准"


class EnvScreening(models.TextChoices):
    PENDING = "pending", "待研判"
    PASSED = "passed", "通过"
    REFUSED = "refused", "否决（高污染、高耗能）"


class DuplicateStatus(models.TextChoices):
    NONE = "none", "无"
    SUSPECTED = "suspected", "疑似重复（待招商局研判）"
    DISTINCT = "distinct", "已确认不重复"
    MERGED = "merged", "已合并"


# What official figures leave out (ProjectQuerySet.counted): merged projects and
# suspected duplicates awaiting the bureau.
UNCOUNTED = (DuplicateStatus.MERGED, DuplicateStatus.SUSPECTED)


def counted_q(project: str = "project") -> Q:
    """Rows whose project is counted (Project.objects.counted), tested on the row's
    own join to the project (`project` is the path to it, "" for projects
    themselves): a `project__in` subquery would look every project up twice."""
    return ~Q(**{f"{project}__duplicate_status__in" if project else "duplicate_status__in": UNCOUNTED})


class TeamRole(models.TextChoices):
    LEADER = "leader", "包联领导"
    LEAD = "lead", "牵头负责"
    TRACKER = "tracker", "跟踪服务"
    MEMBER = "member", "成员"
