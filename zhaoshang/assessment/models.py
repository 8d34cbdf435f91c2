"""考核 (docs/domain.md §9): versioned assessment schemes per year and group of units,
built from indicator types; runs frozen as snapshots at a cut-off date, published
for a publicity period during which a unit may object (a case); and the bureau's
falsified marks on projects, which one of the sources counts.

A snapshot stores, per unit and indicator, the raw input, the points and the ids of
the records behind the figure, together with a copy of the indicators it was run
with: editing the scheme later never changes a snapshot."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from zhaoshang.accounts import access
from zhaoshang.core.versions import Versioned
from zhaoshang.organisation.models import Unit, UnitKind, subtree_q

DEFAULT_TIERS = [["1", "100"], ["0.8", "75"], ["0.5", "50"]]


class GroupKind(models.TextChoices):
    TOWNSHIP = "township", "乡镇"
    ZONE = "zone", "园区"
    DEPARTMENT = "department", "部门"
    CUSTOM = "custom", "自定义分组"

    @property
    def unit_kind(self) -> str | None:
        return {"township": UnitKind.TOWNSHIP, "zone": UnitKind.ZONE, "department": UnitKind.DEPARTMENT}.get(self.value)


class IndicatorKind(models.TextChoices):
    RATIO = "ratio", "完成率（封顶）"
    TIERS = "tiers", "分档计分"
    EFFICACY = "efficacy", "功效系数"
    BONUS = "bonus", "加分（每项）"
    DEDUCTION = "deduction", "扣分（每项）"
    VETO = "veto", "一票否决"
    PROMOTION = "promotion", "升档"

    @property
    def needs_target(self) -> bool:
        return self in (IndicatorKind.RATIO, IndicatorKind.TIERS)


class Source(models.TextChoices):
    FUNDS_ARRIVED = "funds_arrived", "到位资金（已核实）"
    CONTRACT_AMOUNT = "contract_amount", "合同引资额"
    SIGNED_COUNT = "project_count", "签约项目数"
    FOREIGN_ACTUAL = "foreign_actual", "实际利用外资"
    EXPORT_TOTAL = "export_total", "外贸出口"
    CAMPAIGN = "campaign", "竞赛得分"
    SERVICE = "service", "营商环境指标"
    ACTIVITY = "activity", "招商活跃指数（周平均）"
    NOT_STARTED = "not_started", "逾期未开工项目数"
    FALSIFIED = "falsified", "弄虚作假项目数"

    @property
    def is_money(self) -> bool:
        return self in (Source.FUNDS_ARRIVED, Source.CONTRACT_AMOUNT)

    @property
    def is_metric(self) -> bool:
        return self in METRIC_SOURCES


METRIC_SOURCES = (Source.FUNDS_ARRIVED, Source.CONTRACT_AMOUNT, Source.SIGNED_COUNT, Source.FOREIGN_ACTUAL, Source.EXPORT_TOTAL)


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"

    def raised(self) -> Grade:
        order = [Grade.FAIL, Grade.PASS, Grade.GOOD, Grade.EXCELLENT]
        return order[min(order.index(self) + 1, len(order) - 1)]


class UnitGroup(Versioned):
    """A grouping of units the bureau defines (重点乡镇, 工业园区…)."""

    jurisdiction = models.ForeignKey(Unit, verbose_name="辖区", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("分组名称", max_length=60)
    units = models.ManyToManyField(Unit, verbose_name="单位", related_name="assessment_groups")

    history = HistoricalRecords(m2m_fields=[units])

    class Meta:
        verbose_name = "考核分组"
        verbose_name_plural = "考核分组"

    def __str__(self) -> str:
        return self.name


class SchemeQuerySet(models.QuerySet):
    def visible_to(self, user) -> SchemeQuerySet:
        """Every login of a county reads its schemes (the rules are no secret); the
        scores are scoped separately."""
        if access.is_admin(user):
            return self
        paths = access.read_paths(user)
        if not paths:
            return self.none()
        return self.filter(subtree_q({p[: Unit.steplen] for p in paths}, "jurisdiction__path"))


class Scheme(Versioned):
    jurisdiction = models.ForeignKey(Unit, verbose_name="辖区", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("考核年度")
    name = models.CharField("方案名称", max_length=100)
    group_kind = models.CharField("考核对象", max_length=20, choices=GroupKind.choices, default=GroupKind.TOWNSHIP)
    unit_group = models.ForeignKey(UnitGroup, verbose_name="自定义分组", on_delete=models.PROTECT, null=True, blank=True)
    edition = models.PositiveIntegerField("方案版本", default=1)
    previous = models.ForeignKey("self", verbose_name="上一版本", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    cut_off = models.DateField("截止日期", help_text="数据取数截止日期（含当日）")
    excellent_from = models.DecimalField("优秀分数线", max_digits=6, decimal_places=2, default=Decimal(90))
    good_from = models.DecimalField("良好分数线", max_digits=6, decimal_places=2, default=Decimal(80))
    pass_from = models.DecimalField("合格分数线", max_digits=6, decimal_places=2, default=Decimal(60))
    publicity_days = models.PositiveIntegerField("公示期（工作日）", default=5)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()
    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-year", "name", "-edition"]

    def __str__(self) -> str:
        return f"{self.year}年{self.name}（第{self.edition}版）"

    def units(self):
        """The units assessed: the group's, or the county's active units of the kind."""
        if self.group_kind == GroupKind.CUSTOM:
            if self.unit_group_id is None:
                return Unit.objects.none()
            return self.unit_group.units.filter(is_active=True).order_by("sort_order", "path")
        kind = GroupKind(self.group_kind).unit_kind
        return Unit.objects.filter(path__startswith=self.jurisdiction.path, kind=kind, is_active=True).order_by("sort_order", "path")

    def grade_for(self, total: Decimal) -> Grade:
        if total >= self.excellent_from:
            return Grade.EXCELLENT
        if total >= self.good_from:
            return Grade.GOOD
        if total >= self.pass_from:
            return Grade.PASS
        return Grade.FAIL


class Indicator(models.Model):
    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="indicators")
    sort_order = models.PositiveIntegerField("排序", default=0)
    name = models.CharField("指标名称", max_length=60)
    kind = models.CharField("计分方式", max_length=20, choices=IndicatorKind.choices)
    source = models.CharField("数据来源", max_length=20, choices=Source.choices)
    source_key = models.CharField("营商环境指标", max_length=40, blank=True, help_text="来源为营商环境指标时填写指标代码")
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="竞赛", on_delete=models.PROTECT, null=True, blank=True)
    weight = models.DecimalField("满分/权重", max_digits=8, decimal_places=2, default=Decimal(0))
    cap = models.DecimalField("封顶分", max_digits=8, decimal_places=2, null=True, blank=True, help_text="完成率计分的最高得分；空为不封顶")
    tiers = models.JSONField("分档", default=list, blank=True, help_text="[[完成率下限, 得分百分比], …]，从高到低")
    per_item = models.DecimalField("每项分值", max_digits=8, decimal_places=2, null=True, blank=True)
    item_cap = models.DecimalField("加/扣分上限", max_digits=8, decimal_places=2, null=True, blank=True)
    threshold = models.DecimalField(
        "触发值", max_digits=12, decimal_places=2, null=True, blank=True, help_text="一票否决/升档：来源数值达到该值时触发（默认1）"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(models.Model):
    """The target of a unit for a ratio or tiers indicator, in the source's unit
    (元 for money, a count, points)."""

    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    target = models.DecimalField("目标值", max_digits=16, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "指标目标"
        verbose_name_plural = "指标目标"
        constraints = [models.UniqueConstraint(fields=["indicator", "unit"], name="assessment_target_unique")]

    def __str__(self) -> str:
        return f"{self.indicator}：{self.unit}"


class SnapshotStatus(models.TextChoices):
    FROZEN = "frozen", "已冻结（未公示）"
    PUBLISHED = "published", "已公示"


class Snapshot(models.Model):
    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.PROTECT, related_name="snapshots")
    cut_off = models.DateField("截止日期")
    scheme_version = models.PositiveIntegerField("方案修订号")
    definition = models.JSONField("指标定义", default=list)
    status = models.CharField("状态", max_length=20, choices=SnapshotStatus.choices, default=SnapshotStatus.FROZEN)
    run_at = models.DateTimeField("计算时间")
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="计算人", on_delete=models.PROTECT, related_name="+")
    published_on = models.DateField("公示日期", null=True, blank=True)
    publicity_ends = models.DateField("公示截止", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="公示人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "考核结果"
        verbose_name_plural = "考核结果"
        ordering = ["-run_at"]

    def __str__(self) -> str:
        return f"{self.scheme}（截至{self.cut_off:%Y-%m-%d}）"

    @property
    def is_published(self) -> bool:
        return self.status == SnapshotStatus.PUBLISHED


class Score(models.Model):
    """A unit's total in a snapshot."""

    snapshot = models.ForeignKey(Snapshot, verbose_name="考核结果", on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField("总分", max_digits=10, decimal_places=2)
    rank = models.PositiveIntegerField("名次")
    grade = models.CharField("等次", max_length=20, choices=Grade.choices)
    vetoed = models.BooleanField("一票否决", default=False)
    promoted = models.BooleanField("升档", default=False)

    class Meta:
        verbose_name = "单位得分"
        verbose_name_plural = "单位得分"
        ordering = ["rank", "unit__sort_order", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["snapshot", "unit"], name="assessment_score_unique")]

    def __str__(self) -> str:
        return f"{self.unit}：{self.total}"


class ScoreLine(models.Model):
    """One unit's score on one indicator, with what it was computed from."""

    score = models.ForeignKey(Score, verbose_name="单位得分", on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField("序号")
    indicator_name = models.CharField("指标", max_length=60)
    kind = models.CharField("计分方式", max_length=20, choices=IndicatorKind.choices)
    source = models.CharField("数据来源", max_length=20, choices=Source.choices)
    raw = models.DecimalField("数值", max_digits=20, decimal_places=4, null=True, blank=True)
    target = models.DecimalField("目标值", max_digits=16, decimal_places=2, null=True, blank=True)
    points = models.DecimalField("得分", max_digits=10, decimal_places=2)
    note = models.CharField("计算过程", max_length=200, blank=True)
    record_model = models.CharField("记录类型", max_length=40, blank=True)
    record_ids = models.JSONField("依据记录", default=list, blank=True)
    link = models.CharField("明细链接", max_length=300, blank=True)

    class Meta:
        verbose_name = "指标得分"
        verbose_name_plural = "指标得分"
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.indicator_name}：{self.points}"


class Objection(models.Model):
    snapshot = models.ForeignKey(Snapshot, verbose_name="考核结果", on_delete=models.PROTECT, related_name="objections")
    unit = models.ForeignKey(Unit, verbose_name="提出单位", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("异议内容")
    case = models.ForeignKey("cases.Case", verbose_name="诉求", on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField("提出时间")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "考核异议"
        verbose_name_plural = "考核异议"

    def __str__(self) -> str:
        return f"{self.unit}的异议"


class FalsifiedMark(models.Model):
    """招商局认定项目弄虚作假 (with the reason); revoking keeps the row, with history."""

    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="falsified_marks")
    reason = models.TextField("认定理由")
    marked_on = models.DateField("认定日期")
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="认定人", on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField("有效", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "弄虚作假认定"
        verbose_name_plural = "弄虚作假认定"
        ordering = ["-marked_on", "-id"]

    def __str__(self) -> str:
        return f"{self.project}（弄虚作假）"
