"""Targets (任务) and their periods: docs/domain.md §2.

A target belongs to a unit or a person for a period and has a kind. Amounts are
integers in the kind's minor unit: 元 for funds_arrived and contract_amount, US
cents for foreign_actual and export_total, a plain count for project_count.

Division defaults (赛区默认任务): a unit in a division that has no `funds_arrived`
target of its own for a period is held to the division's `default_quota`.
`effective_targets(period, kind)` is the one place that applies that rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from simple_history.models import HistoricalRecords

from zhaoshang.accounts import access
from zhaoshang.core.versions import Versioned
from zhaoshang.organisation.models import Person, Unit, UnitQuerySet, ancestor_paths, subtree_q
from zhaoshang.projects.models import Category, Stage


class PeriodKind(models.TextChoices):
    YEAR = "year", "年度"
    HALF = "half", "半年"
    QUARTER = "quarter", "季度"
    CAMPAIGN = "campaign", "专项活动（竞赛、百日会战等）"


class TargetKind(models.TextChoices):
    FUNDS_ARRIVED = "funds_arrived", "到位资金"
    CONTRACT_AMOUNT = "contract_amount", "合同引资额"
    FOREIGN_ACTUAL = "foreign_actual", "实际利用外资"
    EXPORT_TOTAL = "export_total", "外贸出口"
    PROJECT_COUNT = "project_count", "项目个数"

    @property
    def unit_label(self) -> str:
        """How the amount is typed and shown."""
        return {"project_count": "个", "foreign_actual": "万美元", "export_total": "万美元"}.get(self.value, "万元")

    @property
    def is_usd(self) -> bool:
        return self in (TargetKind.FOREIGN_ACTUAL, TargetKind.EXPORT_TOTAL)

    @property
    def is_count(self) -> bool:
        return self == TargetKind.PROJECT_COUNT

    def in_unit(self, amount: int | Decimal | None) -> Decimal | None:
        """A target or actual (元, US cents or a count) in `unit_label`: 万元, 万美元
        or 个 (a share-weighted count stays as it is). The one conversion that pages,
        lists and exports of targets use."""
        if amount is None:
            return None
        if self.is_count:
            return Decimal(amount)
        return Decimal(amount) / (1_000_000 if self.is_usd else 10_000)


# Stages a project_count target may ask for (签约/落地/开工/投产…).
COUNTABLE_STAGES = [(s.value, s.label) for s in (Stage.SIGNED, Stage.REGISTERED, Stage.STARTED, Stage.COMPLETED, Stage.PRODUCING, Stage.EFFECTIVE)]


class PeriodQuerySet(models.QuerySet):
    def visible_to(self, user) -> PeriodQuerySet:
        """Like divisions: a unit user sees the periods of the jurisdiction they
        belong to, so they know what they are measured against."""
        paths = access.read_paths(user)
        return self.filter(subtree_q(paths, "jurisdiction__path") | Q(jurisdiction__path__in=ancestor_paths(paths)))

    def editable_by(self, user) -> PeriodQuerySet:
        return self.filter(subtree_q(access.bureau_paths(user), "jurisdiction__path"))

    def covering(self, day: date) -> PeriodQuerySet:
        return self.filter(start__lte=day, end__gte=day)


class Period(Versioned):
    """A year (2026年度) or a campaign (百日会战) of a jurisdiction."""

    jurisdiction = models.ForeignKey(Unit, verbose_name="所属辖区", on_delete=models.PROTECT, related_name="periods")
    kind = models.CharField("期间类型", max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    name = models.CharField("名称", max_length=60)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    primary_kind = models.CharField(
        "主要考核指标",
        max_length=16,
        choices=TargetKind.choices,
        default=TargetKind.FUNDS_ARRIVED,
        help_text="排名按该指标的任务完成率",
    )

    history = HistoricalRecords()
    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "考核期间"
        verbose_name_plural = "考核期间"
        ordering = ["-start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="period_unique_name"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="period_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.name


class TargetQuerySet(models.QuerySet):
    def visible_to(self, user) -> TargetQuerySet:
        paths = access.read_paths(user)
        return self.filter(subtree_q(paths, "unit__path") | subtree_q(paths, "person__unit__path"))

    def editable_by(self, user) -> TargetQuerySet:
        paths = access.bureau_paths(user)
        return self.filter(subtree_q(paths, "unit__path") | subtree_q(paths, "person__unit__path"))

    def in_subtree(self, unit: Unit) -> TargetQuerySet:
        return self.filter(Q(unit__path__startswith=unit.path) | Q(person__unit__path__startswith=unit.path))

    def in_division(self, division_id: int) -> TargetQuerySet:
        return self.filter(Q(unit__division_id=division_id) | Q(person__unit__division_id=division_id))


class Target(Versioned):
    period = models.ForeignKey(Period, verbose_name="考核期间", on_delete=models.PROTECT, related_name="targets")
    kind = models.CharField("任务类型", max_length=16, choices=TargetKind.choices)
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="targets", null=True, blank=True)
    person = models.ForeignKey(Person, verbose_name="个人", on_delete=models.PROTECT, related_name="targets", null=True, blank=True)
    amount = models.BigIntegerField("任务数", help_text="金额为元（外资、出口为美分），项目个数为个")
    # The project_count filter (docs/domain.md §2): blank / null means "any".
    category = models.CharField("项目类别", max_length=20, choices=Category.choices, blank=True)
    min_investment = models.BigIntegerField("总投资不低于（元）", null=True, blank=True)
    stage_reached = models.CharField("达到阶段", max_length=12, choices=COUNTABLE_STAGES, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["period", "kind", "unit__path", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, person__isnull=True) | Q(unit__isnull=True, person__isnull=False),
                name="target_unit_xor_person",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="target_amount_not_negative"),
            # Money kinds have one target per holder and period; a unit may carry
            # several project_count targets with different filters.
            models.UniqueConstraint(
                fields=["period", "kind", "unit"],
                condition=~Q(kind="project_count") & Q(unit__isnull=False),
                name="target_unique_unit",
                violation_error_message="该单位在此期间已有同类任务",
            ),
            models.UniqueConstraint(
                fields=["period", "kind", "person"],
                condition=~Q(kind="project_count") & Q(person__isnull=False),
                name="target_unique_person",
                violation_error_message="该人员在此期间已有同类任务",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.holder} {self.get_kind_display()}"

    @property
    def holder(self) -> Unit | Person | None:
        return self.unit or self.person

    def holder_path(self) -> str:
        """The tree path whose scope governs who may see and set this target."""
        return self.unit.path if self.unit is not None else self.person.unit.path

    @property
    def target_kind(self) -> TargetKind:
        return TargetKind(self.kind)

    @property
    def filter_text(self) -> str:
        """The project_count filter in words: 工业 · 总投资≥10亿元 · 开工."""
        from zhaoshang.core.money import format_yi

        parts = []
        if self.category:
            parts.append(self.get_category_display())
        if self.min_investment:
            parts.append(f"总投资≥{format_yi(self.min_investment)}亿元")
        if self.stage_reached:
            parts.append(self.get_stage_reached_display())
        return " · ".join(parts)


def effective_targets(period: Period, kind: str, units: UnitQuerySet | None = None) -> UnitQuerySet:
    """Units of the period's jurisdiction that carry a target of `kind`, annotated
    with `target_amount` and `target_is_default` (True when the amount is the
    division's default quota, which applies to `funds_arrived` only).

    For project_count a unit may hold several targets; the annotation then shows
    the first one. Ranking is by the primary target, which is a money kind."""
    units = units if units is not None else Unit.objects.filter(path__startswith=period.jurisdiction.path)
    own = Target.objects.filter(period=period, kind=kind, unit=OuterRef("pk")).order_by("id").values("amount")[:1]
    units = units.annotate(own_amount=Subquery(own, output_field=models.BigIntegerField()))
    if kind == TargetKind.FUNDS_ARRIVED:
        units = units.annotate(
            target_amount=Case(
                When(own_amount__isnull=False, then=F("own_amount")),
                default=F("division__default_quota"),
                output_field=models.BigIntegerField(),
            ),
            target_is_default=Case(When(own_amount__isnull=True, then=Value(True)), default=Value(False), output_field=models.BooleanField()),
        )
    else:
        units = units.annotate(target_amount=F("own_amount"), target_is_default=Value(False, models.BooleanField()))
    return units.filter(target_amount__isnull=False)


# ---------------------------------------------------------------- decomposition (层层分解)


@dataclass(frozen=True)
class Share:
    holder: Unit | Person
    amount: int | None
    is_default: bool = False


@dataclass(frozen=True)
class Decomposition:
    """A unit's target next to its children's (sub-units, then persons of the unit).
    The children need not add up to the parent; the screen shows the difference."""

    period: Period
    kind: str
    unit: Unit
    own: Share
    children: list[Share]

    @property
    def children_sum(self) -> int:
        return sum(child.amount or 0 for child in self.children)

    @property
    def difference(self) -> int | None:
        """Parent − Σ children: positive means not yet fully handed down."""
        return None if self.own.amount is None else self.own.amount - self.children_sum


def decompose(period: Period, kind: str, unit: Unit) -> Decomposition:
    children = list(Unit.objects.get_children(unit).filter(is_active=True).order_by("sort_order", "path"))
    effective = {
        row["pk"]: (row["target_amount"], row["target_is_default"])
        for row in effective_targets(period, kind, Unit.objects.filter(pk__in=[unit.pk, *(c.pk for c in children)])).values(
            "pk", "target_amount", "target_is_default"
        )
    }
    persons = Target.objects.filter(period=period, kind=kind, person__unit=unit).select_related("person").order_by("person__sort_order", "id")
    own = Share(unit, *effective.get(unit.pk, (None, False)))
    shares = [Share(child, *effective.get(child.pk, (None, False))) for child in children]
    shares += [Share(target.person, target.amount) for target in persons]
    return Decomposition(period, kind, unit, own, shares)


# ---------------------------------------------------------------- 外贸出口 figures


class ExportFigureQuerySet(models.QuerySet):
    def visible_to(self, user) -> ExportFigureQuerySet:
        return self.filter(subtree_q(access.read_paths(user), "unit__path"))


class ExportFigure(models.Model):
    """外贸出口 of a unit in a month, in US cents. Exports are not project data: the
    bureau copies them each month from the commerce statistics (商务部门统计).
    A correction overwrites the amount; the history keeps every earlier value, so
    figures as of a past date read what was recorded then (engine._exports)."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="export_figures")
    month = models.DateField("月份", help_text="该月1日")
    amount = models.BigIntegerField("出口额（美分）")

    history = HistoricalRecords()
    objects = ExportFigureQuerySet.as_manager()

    class Meta:
        verbose_name = "外贸出口月度数据"
        verbose_name_plural = "外贸出口月度数据"
        ordering = ["month", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="export_unique_month", violation_error_message="该单位该月已有出口数据"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="export_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y年%m月}"
