"""Campaigns (竞赛, 百日会战, 招商突破年, 双百活动): docs/domain.md §5.

A campaign has a period, participating units, per-unit targets, scoring rules kept
as data (ScoringRule rows, so the bureau changes the rules without a release) and
prizes per rank range. Several campaigns may run at once over the same projects:
nothing here belongs to a project, the scores are computed from the metric engine
(`scoring.leaderboard`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from zhaoshang.accounts import access
from zhaoshang.core.versions import Versioned
from zhaoshang.organisation.models import Unit, ancestor_paths, subtree_q
from zhaoshang.projects.models import YI, Stage


class CampaignKind(models.TextChoices):
    COMPETITION = "competition", "竞赛"
    HUNDRED_DAYS = "hundred_days", "百日会战"
    BREAKTHROUGH = "breakthrough", "招商突破年"
    DOUBLE_HUNDRED = "double_hundred", "双百活动"


class CampaignStatus(models.TextChoices):
    UPCOMING = "upcoming", "未开始"
    ACTIVE = "active", "进行中"
    ENDED = "ended", "已结束"


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user) -> CampaignQuerySet:
        """Who reads a campaign: anyone whose scope covers its jurisdiction (bureau,
        leaders), and the users of participating units (their unit, a unit above it,
        or a section inside it). Other units' users do not see it at all."""
        paths = access.read_paths(user)
        participating = Campaign.units.through.objects.filter(campaign=OuterRef("pk")).filter(
            subtree_q(paths, "unit__path") | Q(unit__path__in=ancestor_paths(paths))
        )
        return self.filter(subtree_q(paths, "jurisdiction__path") | Q(Exists(participating)))

    def editable_by(self, user) -> CampaignQuerySet:
        return self.filter(subtree_q(access.bureau_paths(user), "jurisdiction__path"))

    def with_status(self, status: str, today: date) -> CampaignQuerySet:
        if status == CampaignStatus.UPCOMING:
            return self.filter(start__gt=today)
        if status == CampaignStatus.ACTIVE:
            return self.filter(start__lte=today, end__gte=today)
        if status == CampaignStatus.ENDED:
            return self.filter(end__lt=today)
        return self

    def search(self, text: str) -> CampaignQuerySet:
        text = text.strip()
        return self.filter(name__icontains=text) if text else self


class Campaign(Versioned):
    jurisdiction = models.ForeignKey(Unit, verbose_name="所属辖区", on_delete=models.PROTECT, related_name="campaigns")
    name = models.CharField("活动名称", max_length=60)
    kind = models.CharField("活动类型", max_length=16, choices=CampaignKind.choices, default=CampaignKind.COMPETITION)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    units = models.ManyToManyField(Unit, verbose_name="参赛单位", related_name="+", blank=True)
    target_min_investment = models.BigIntegerField(
        "项目个数任务的总投资门槛（元）",
        default=YI,
        help_text="签约、开工、竣工、投产项目个数任务只计总投资不低于此额的项目",
    )
    description = models.TextField("活动说明", blank=True)

    history = HistoricalRecords(m2m_fields=[units])
    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "竞赛活动"
        verbose_name_plural = "竞赛活动"
        ordering = ["-start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="campaign_unique_name"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="campaign_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.name

    def status(self, today: date) -> CampaignStatus:
        if today < self.start:
            return CampaignStatus.UPCOMING
        if today > self.end:
            return CampaignStatus.ENDED
        return CampaignStatus.ACTIVE

    def days_left(self, today: date) -> int:
        """还剩N天: the days after `today` up to the end, so that elapsed days (today
        included, as 序时进度 counts them) plus days left is the campaign's length;
        0 on the last day and after."""
        if today < self.start:
            return self.total_days
        return max((self.end - today).days, 0)

    @property
    def total_days(self) -> int:
        return (self.end - self.start).days + 1


# The campaign's target columns, each with the stage it counts (None: money).
TARGET_METRICS: dict[str, tuple[str, str | None]] = {
    "funds_arrived": ("到位资金", None),
    "signed_count": ("签约项目", Stage.SIGNED),
    "started_count": ("开工项目", Stage.STARTED),
    "completed_count": ("竣工项目", Stage.COMPLETED),
    "producing_count": ("投产项目", Stage.PRODUCING),
}


class CampaignTarget(models.Model):
    """One participant's targets in a campaign: verified funds (元) and the number
    of projects at or above the campaign's investment threshold that reach each
    stage within the campaign period. A zero means "no target for this column"."""

    campaign = models.ForeignKey(Campaign, verbose_name="竞赛活动", on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    funds_arrived = models.BigIntegerField("到位资金任务（元）", default=0)
    signed_count = models.PositiveIntegerField("签约项目（个）", default=0)
    started_count = models.PositiveIntegerField("开工项目（个）", default=0)
    completed_count = models.PositiveIntegerField("竣工项目（个）", default=0)
    producing_count = models.PositiveIntegerField("投产项目（个）", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "竞赛任务"
        verbose_name_plural = "竞赛任务"
        ordering = ["unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="campaign_target_unique_unit"),
            models.CheckConstraint(condition=Q(funds_arrived__gte=0), name="campaign_target_funds_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.unit}"


class RuleKind(models.TextChoices):
    FUNDS = "funds", "到位资金计分"
    STAGE = "stage", "项目进度计分"
    SIGNED_THEN_NOTHING = "signed_then_nothing", "签约即止扣分"
    NOT_STARTED_ON_TIME = "not_started_on_time", "逾期未开工扣分"


# The stages a stage rule may score.
SCORED_STAGES = [(s.value, s.label) for s in (Stage.SIGNED, Stage.STARTED, Stage.COMPLETED, Stage.PRODUCING)]


class ScoringRule(models.Model):
    """One line of a campaign's scoring rules, as data:

    - funds: `points` per `per_wan` 万元 of verified funds arrived in the period;
    - stage: `points` per project reaching `stage` in the period with total
      investment ≥ `min_investment`;
    - signed_then_nothing: `points` (negative: a penalty) per project that is
      签约即止 on the scoring date;
    - not_started_on_time: `points` per project past its agreed start date without
      开工 on the scoring date (要素保障, `elements.figures.not_started_by_agreed_date`).

    Projects credited to several units score for each by its share. `cap` limits
    the absolute points one unit can collect (or lose) under this rule."""

    campaign = models.ForeignKey(Campaign, verbose_name="竞赛活动", on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField("计分方式", max_length=20, choices=RuleKind.choices)
    points = models.DecimalField("分值", max_digits=8, decimal_places=2, help_text="扣分填负数")
    per_wan = models.PositiveIntegerField("每多少万元", null=True, blank=True, help_text="到位资金计分：每多少万元计一次分")
    stage = models.CharField("项目阶段", max_length=12, choices=SCORED_STAGES, blank=True)
    min_investment = models.BigIntegerField("总投资不低于（元）", null=True, blank=True)
    cap = models.DecimalField("每单位上限（分）", max_digits=8, decimal_places=2, null=True, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "计分规则"
        verbose_name_plural = "计分规则"
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(cap__isnull=True) | Q(cap__gte=0), name="scoring_rule_cap_not_negative"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def description(self) -> str:
        """The rule in words: 每100万元到位资金 1分（上限60分）."""
        from zhaoshang.core.money import format_yi

        points = _points(self.points)
        if self.kind == RuleKind.FUNDS:
            text = f"每{self.per_wan or 1}万元到位资金计{points}分"
        elif self.kind == RuleKind.STAGE:
            threshold = f"总投资{format_yi(self.min_investment)}亿元以上" if self.min_investment else ""
            text = f"每个{threshold}{self.get_stage_display()}项目计{points}分"
        elif self.kind == RuleKind.NOT_STARTED_ON_TIME:
            text = f"每个超过约定开工日期未开工项目计{points}分"
        else:
            text = f"每个签约即止项目计{points}分"
        if self.cap is not None:
            text += f"（上限{_points(self.cap)}分）"
        return text


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}"


class Prize(models.Model):
    """The prize for ranks `rank_from`–`rank_to` within each division."""

    campaign = models.ForeignKey(Campaign, verbose_name="竞赛活动", on_delete=models.CASCADE, related_name="prizes")
    rank_from = models.PositiveIntegerField("名次自")
    rank_to = models.PositiveIntegerField("名次至")
    text = models.CharField("奖项", max_length=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "奖项"
        verbose_name_plural = "奖项"
        ordering = ["rank_from", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(rank_to__gte=models.F("rank_from")), name="prize_rank_range"),
            models.CheckConstraint(condition=Q(rank_from__gte=1), name="prize_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"第{self.rank_from}-{self.rank_to}名：{self.text}"

    @property
    def ranks(self) -> str:
        return f"第{self.rank_from}名" if self.rank_from == self.rank_to else f"第{self.rank_from}-{self.rank_to}名"
