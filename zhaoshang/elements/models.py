"""要素保障 (docs/domain.md §13): the steps a project needs before it can start — land,
permits, power, water, people — each owed by a responsible department, and the
problems raised when one is blocked. Templates per project type generate the steps
and their dependencies; `prediction.py` turns the unfinished blocking steps into a
predicted start date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from zhaoshang.core.versions import Versioned
from zhaoshang.organisation.models import Person, Unit, subtree_q
from zhaoshang.projects.models import Project


class ElementKind(models.TextChoices):
    LAND = "land", "用地"
    FILING = "filing", "立项备案/核准"
    ENERGY = "energy", "节能审查"
    ENVIRONMENT = "environment", "环境影响评价"
    PLANNING = "planning", "规划许可"
    CONSTRUCTION = "construction", "施工许可"
    POWER = "power", "用电"
    WATER = "water", "用水"
    GAS = "gas", "用气"
    FINANCING = "financing", "融资"
    LABOUR = "labour", "用工"


class ProjectType(models.TextChoices):
    NEW_LAND = "new_land", "新供地项目"
    EXISTING_BUILDING = "existing_building", "利用现有建筑"
    PARK_FACTORY = "park_factory", "园区标准厂房"


class StepState(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    IN_PROGRESS = "in_progress", "办理中"
    DONE = "done", "已完成"
    BLOCKED = "blocked", "受阻"


# The steps whose completion makes up 前期四项手续 (立项、用地、规划、环评).
PRELIMINARY_CODES = ("filing", "land_certificate", "planning_permit", "environment")
# Land steps behind 批而未供 / 供而未用.
LAND_APPROVAL_CODE = "land_approval"
LAND_SUPPLY_CODE = "land_supply"


class StepTemplate(Versioned):
    """One step a project type needs; the bureau edits these on the templates screen.
    `code` names the step across templates so that dependencies and figures can
    refer to it (e.g. land_supply = 供地)."""

    project_type = models.CharField("项目类型", max_length=20, choices=ProjectType.choices)
    kind = models.CharField("要素", max_length=16, choices=ElementKind.choices)
    code = models.SlugField("代码", max_length=30)
    name = models.CharField("环节", max_length=60)
    responsible_unit = models.ForeignKey(Unit, verbose_name="责任部门", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    limit_days = models.PositiveSmallIntegerField("办理时限（工作日）")
    blocks_start = models.BooleanField("影响开工", default=True)
    after = models.CharField("前置环节代码", max_length=200, blank=True, help_text="多个用逗号分隔")
    position = models.PositiveSmallIntegerField("顺序", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "要素环节模板"
        verbose_name_plural = "要素环节模板"
        ordering = ["project_type", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project_type", "code"], name="elements_template_type_code"),
        ]

    def __str__(self) -> str:
        return f"{self.get_project_type_display()}：{self.name}"

    def after_codes(self) -> list[str]:
        return [code.strip() for code in self.after.replace("，", ",").split(",") if code.strip()]


class StepQuerySet(models.QuerySet):
    def visible_to(self, user) -> StepQuerySet:
        """Steps of projects the user sees, and the steps a department owes on other
        units' projects."""
        from zhaoshang.accounts import access

        return self.filter(Q(project__in=Project.objects.visible_to(user)) | subtree_q(access.read_paths(user), "responsible_unit__path"))

    def owed_within(self, paths: list[str]) -> StepQuerySet:
        """Unfinished steps a department under `paths` has to handle."""
        return self.filter(subtree_q(paths, "responsible_unit__path")).unfinished()

    def unfinished(self) -> StepQuerySet:
        return self.exclude(state=StepState.DONE)

    def blocking(self) -> StepQuerySet:
        return self.filter(blocks_start=True)


class ElementStep(Versioned):
    """A project's step: who owes it, by when, and in what state. `planned_date` is
    the planned completion; the step cannot end earlier than its dependencies plus
    its own time limit (prediction.py)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="element_steps")
    kind = models.CharField("要素", max_length=16, choices=ElementKind.choices)
    code = models.SlugField("代码", max_length=30)
    name = models.CharField("环节", max_length=60)
    responsible_unit = models.ForeignKey(Unit, verbose_name="责任部门", on_delete=models.PROTECT, related_name="element_steps")
    planned_date = models.DateField("计划完成日期", null=True, blank=True)
    limit_days = models.PositiveSmallIntegerField("办理时限（工作日）")
    state = models.CharField("状态", max_length=12, choices=StepState.choices, default=StepState.NOT_STARTED)
    blocks_start = models.BooleanField("影响开工", default=True)
    after = models.ManyToManyField("self", verbose_name="前置环节", symmetrical=False, blank=True, related_name="before")
    position = models.PositiveSmallIntegerField("顺序", default=0)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    evidence_note = models.CharField("办结依据", max_length=200, blank=True, help_text="批文、合同、接电单的文号或说明")
    evidence = models.FileField("依据文件", upload_to="elements/evidence/%Y/%m/", blank=True)

    history = HistoricalRecords()
    objects = StepQuerySet.as_manager()

    class Meta:
        verbose_name = "要素环节"
        verbose_name_plural = "要素环节"
        ordering = ["project", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="elements_step_project_code")]

    def __str__(self) -> str:
        return f"{self.project.name}：{self.name}"

    @property
    def is_done(self) -> bool:
        return self.state == StepState.DONE


class ProblemLevel(models.IntegerChoices):
    DEPARTMENT = 1, "责任部门"
    TASK_FORCE = 2, "工作专班"
    LEADER = 3, "分管领导"

    def next(self) -> ProblemLevel | None:
        return ProblemLevel(self + 1) if self < ProblemLevel.LEADER else None


class ProblemQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProblemQuerySet:
        return self.filter(step__in=ElementStep.objects.visible_to(user))

    def open(self) -> ProblemQuerySet:
        return self.filter(closed_at__isnull=True)

    def at_department_within(self, paths: list[str]) -> ProblemQuerySet:
        return self.open().filter(subtree_q(paths, "step__responsible_unit__path"), level=ProblemLevel.DEPARTMENT)


class ElementProblem(Versioned):
    """要素问题: raised when a step is blocked; escalates department → task force →
    responsible leader, each level with its own time limit (timelimits Clock)."""

    step = models.ForeignKey(ElementStep, verbose_name="环节", on_delete=models.CASCADE, related_name="problems")
    description = models.TextField("问题描述")
    level = models.PositiveSmallIntegerField("办理层级", choices=ProblemLevel.choices, default=ProblemLevel.DEPARTMENT)
    leader = models.ForeignKey(Person, verbose_name="分管领导", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    raised_at = models.DateTimeField("提出时间", default=timezone.now)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT, related_name="+", null=True)
    closed_at = models.DateTimeField("解决时间", null=True, blank=True)
    resolution = models.TextField("解决情况", blank=True)
    evidence = models.FileField("依据文件", upload_to="elements/problems/%Y/%m/", blank=True)

    history = HistoricalRecords()
    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = "要素问题"
        verbose_name_plural = "要素问题"
        ordering = ["raised_at", "id"]

    def __str__(self) -> str:
        return f"{self.step}：{self.description[:20]}"


class LandThreshold(Versioned):
    """亩均效益标准 for a park and/or an industry; a blank one applies to all."""

    park = models.ForeignKey(Unit, verbose_name="园区", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    industry = models.CharField("行业", max_length=60, blank=True)
    investment_per_mu = models.BigIntegerField("亩均投资（元/亩）", default=3_000_000)
    tax_per_mu_year = models.BigIntegerField("亩均税收（元/亩·年）", default=250_000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "亩均效益标准"
        verbose_name_plural = "亩均效益标准"
        constraints = [models.UniqueConstraint(fields=["park", "industry"], name="elements_threshold_park_industry")]

    def __str__(self) -> str:
        return f"{self.park.name if self.park else '全县'}·{self.industry or '全部行业'}"


class ReviewKind(models.TextChoices):
    SIGNING = "signing", "签约评估"
    PRODUCTION = "production", "投产复核"


class ReviewResult(models.TextChoices):
    PASS = "pass", "通过"
    CONDITIONAL = "conditional", "有条件通过"
    DEFER = "defer", "暂缓"
    SHORTFALL = "shortfall", "未达承诺"


class LandReview(models.Model):
    """One land-efficiency review. At signing: the promised figures against the
    thresholds then in force (copied). At production: actual figures against the
    promise (copied into the threshold columns). Reviews are never edited; a new
    one is written instead."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="land_reviews")
    kind = models.CharField("评估类型", max_length=12, choices=ReviewKind.choices)
    area_mu = models.DecimalField("用地面积（亩）", max_digits=10, decimal_places=2)
    investment = models.BigIntegerField("固定资产投资（元）")
    tax_per_year = models.BigIntegerField("年税收（元）")
    investment_threshold = models.BigIntegerField("对比投资（元/亩或承诺元）")
    tax_threshold = models.BigIntegerField("对比税收（元/亩·年或承诺元）")
    result = models.CharField("结论", max_length=12, choices=ReviewResult.choices)
    veto = models.CharField("否决事项", max_length=200, blank=True)
    note = models.TextField("说明", blank=True)
    reviewed_at = models.DateTimeField("评估时间", default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评估人", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "亩均效益评估"
        verbose_name_plural = "亩均效益评估"
        ordering = ["reviewed_at", "id"]

    def __str__(self) -> str:
        return f"{self.project.name}：{self.get_kind_display()}（{self.get_result_display()}）"
