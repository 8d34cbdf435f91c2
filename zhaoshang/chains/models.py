"""产业链招商, 链长制 (docs/domain.md §12): a chain is a tree of links (a root named
after the chain → 上游/中游/下游 → segment → product) with its leader, deputies, lead
unit, task force and chain-master enterprises. Projects and investors are attached
to links; a link's state follows rules stored as data (LinkStateRule) unless a
reasoned override says otherwise; the chain's timeline (ChainEvent) records the
state changes. Target companies per link become leads (TargetCompany)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from zhaoshang.core.versions import Versioned
from zhaoshang.organisation.models import Person, Unit, subtree_q
from zhaoshang.projects.models import Investor, Project


class LinkTier(models.TextChoices):
    ROOT = "root", "全链"
    LEVEL = "level", "上中下游"
    SEGMENT = "segment", "环节"
    PRODUCT = "product", "产品"


class Stream(models.TextChoices):
    UPSTREAM = "up", "上游"
    MIDSTREAM = "mid", "中游"
    DOWNSTREAM = "down", "下游"


class LinkState(models.TextChoices):
    MISSING = "missing", "缺失"
    WEAK = "weak", "薄弱"
    STRONG = "strong", "较强"


STATE_COLOURS = {LinkState.MISSING: "#dc3545", LinkState.WEAK: "#fd7e14", LinkState.STRONG: "#198754"}


class Tier(models.TextChoices):
    FORTUNE500 = "fortune500", "世界500强"
    CHINA500 = "china500", "中国500强"
    LISTED = "listed", "上市"
    SRDI = "srdi", "专精特新"
    UNICORN = "unicorn", "独角兽"


class ContactStage(models.TextChoices):
    NOT_CONTACTED = "none", "未接触"
    CONTACTED = "contacted", "已接触"
    VISITED = "visited", "已拜访"
    NEGOTIATING = "negotiating", "洽谈中"
    CONVERTED = "converted", "已转线索"
    DROPPED = "dropped", "已放弃"


class ChainQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChainQuerySet:
        """A chain is the county's: every login of a unit in the county reads it."""
        from zhaoshang.accounts import access

        paths = access.read_paths(user)
        if not paths:
            return self.none()
        # The user's units lie under the chain's county, or the user reads the county.
        counties = {p[: Unit.steplen] for p in paths}
        return self.filter(Q(county__path__in=counties) | subtree_q(paths, "county__path"))


class Chain(Versioned):
    county = models.ForeignKey(Unit, verbose_name="所属县（市、区）", on_delete=models.PROTECT, related_name="chains")
    name = models.CharField("产业链名称", max_length=60)
    leader = models.ForeignKey(Person, verbose_name="链长", on_delete=models.PROTECT, null=True, blank=True, related_name="led_chains")
    deputies = models.ManyToManyField(Person, verbose_name="副链长", blank=True, related_name="deputy_chains")
    lead_unit = models.ForeignKey(Unit, verbose_name="牵头单位", on_delete=models.PROTECT, related_name="lead_chains")
    task_force = models.ManyToManyField(Person, verbose_name="工作专班", blank=True, related_name="chain_task_forces")
    masters = models.ManyToManyField(Investor, verbose_name="链主企业", blank=True, related_name="master_of_chains")
    description = models.TextField("产业链简介", blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    history = HistoricalRecords()
    objects = ChainQuerySet.as_manager()

    class Meta:
        verbose_name = "产业链"
        verbose_name_plural = "产业链"
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="chain_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def root(self) -> Link:
        return self.links.get(tier=LinkTier.ROOT)

    def targets_count(self) -> int:
        return TargetCompany.objects.filter(link__chain=self).count()

    def leader_persons(self) -> list[Person]:
        """链长 and 副链长, whose trips and meetings the chain figures count."""
        people = list(self.deputies.all())
        return ([self.leader] if self.leader else []) + people


class LinkQuerySet(models.QuerySet):
    def visible_to(self, user) -> LinkQuerySet:
        return self.filter(chain__in=Chain.objects.visible_to(user))


class Link(Versioned):
    chain = models.ForeignKey(Chain, verbose_name="产业链", on_delete=models.CASCADE, related_name="links")
    parent = models.ForeignKey("self", verbose_name="上级环节", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    tier = models.CharField("层级", max_length=8, choices=LinkTier.choices)
    stream = models.CharField("上中下游", max_length=4, choices=Stream.choices, blank=True)
    name = models.CharField("环节名称", max_length=60)
    order = models.PositiveIntegerField("排序", default=0)
    # The state the rules give (kept by actions.recompute_state) and a reasoned override.
    rule_state = models.CharField("规则状态", max_length=8, choices=LinkState.choices, default=LinkState.MISSING, editable=False)
    override_state = models.CharField("人工认定状态", max_length=8, choices=LinkState.choices, blank=True)
    override_reason = models.CharField("认定理由", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = LinkQuerySet.as_manager()

    class Meta:
        verbose_name = "产业链环节"
        verbose_name_plural = "产业链环节"
        ordering = ["chain", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["chain"], condition=Q(tier="root"), name="chain_one_root"),
        ]

    def __str__(self) -> str:
        return f"{self.chain.name}·{self.name}" if self.tier != LinkTier.ROOT else self.name

    @property
    def state(self) -> str:
        return self.override_state or self.rule_state

    def get_state_display(self) -> str:
        return LinkState(self.state).label

    @property
    def colour(self) -> str:
        return STATE_COLOURS[LinkState(self.state)]

    def subtree_ids(self) -> list[int]:
        """This link and every link under it (a chain is small: read it once)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent in Link.objects.filter(chain_id=self.chain_id).values_list("pk", "parent_id"):
            children.setdefault(parent, []).append(pk)
        result, todo = [], [self.pk]
        while todo:
            pk = todo.pop()
            result.append(pk)
            todo.extend(children.get(pk, []))
        return result


class Attachment(models.Model):
    """A project or an investor (local enterprise) on a link."""

    link = models.ForeignKey(Link, verbose_name="环节", on_delete=models.CASCADE, related_name="attachments")
    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, null=True, blank=True, related_name="chain_attachments")
    investor = models.ForeignKey(Investor, verbose_name="企业", on_delete=models.CASCADE, null=True, blank=True, related_name="chain_attachments")
    # No record of the county says "规模以上工业企业" yet: the attachment says it.
    is_local_above_size = models.BooleanField("本地规上企业", default=False)
    created_at = models.DateTimeField("挂接时间", default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="挂接人", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "环节挂接"
        verbose_name_plural = "环节挂接"
        ordering = ["link", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=True, investor__isnull=False) | Q(project__isnull=False, investor__isnull=True),
                name="attachment_project_or_investor",
            ),
            models.UniqueConstraint(fields=["link", "project"], name="attachment_unique_project"),
            models.UniqueConstraint(fields=["link", "investor"], name="attachment_unique_investor"),
        ]

    def __str__(self) -> str:
        return str(self.project or self.investor)


class LinkStateRule(models.Model):
    """From `min_count` local above-size enterprises on, a link is `state` (the rule
    with the highest min_count not above the count applies)."""

    min_count = models.PositiveIntegerField("规上企业数不少于", unique=True)
    state = models.CharField("环节状态", max_length=8, choices=LinkState.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "环节状态规则"
        verbose_name_plural = "环节状态规则"
        ordering = ["min_count"]

    def __str__(self) -> str:
        return f"≥{self.min_count} → {self.get_state_display()}"


class ChainEvent(models.Model):
    """The chain's timeline (链上大事记): state changes of its links and why."""

    chain = models.ForeignKey(Chain, verbose_name="产业链", on_delete=models.CASCADE, related_name="events")
    link = models.ForeignKey(Link, verbose_name="环节", on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    at = models.DateTimeField("时间", default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    old_state = models.CharField("原状态", max_length=8, choices=LinkState.choices, blank=True)
    new_state = models.CharField("新状态", max_length=8, choices=LinkState.choices, blank=True)
    text = models.CharField("内容", max_length=300)

    class Meta:
        verbose_name = "产业链动态"
        verbose_name_plural = "产业链动态"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.text


class TargetQuerySet(models.QuerySet):
    def visible_to(self, user) -> TargetQuerySet:
        """Targets are a unit's working list: its owner unit (and the units above it)
        and the chain's lead unit read them."""
        from zhaoshang.accounts import access

        paths = access.read_paths(user)
        return self.filter(subtree_q(paths, "owner_unit__path") | subtree_q(paths, "link__chain__lead_unit__path"))


class TargetCompany(Versioned):
    link = models.ForeignKey(Link, verbose_name="环节", on_delete=models.PROTECT, related_name="targets")
    name = models.CharField("企业名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    tier = models.CharField("企业层级", max_length=12, choices=Tier.choices)
    source = models.CharField("信息来源", max_length=100, blank=True)
    reason = models.TextField("招引理由", blank=True)
    owner_unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="chain_targets")
    owner = models.ForeignKey(Person, verbose_name="责任人", on_delete=models.PROTECT, null=True, blank=True, related_name="chain_targets")
    contact_stage = models.CharField("对接进度", max_length=12, choices=ContactStage.choices, default=ContactStage.NOT_CONTACTED)
    investor = models.ForeignKey(
        Investor, verbose_name="客商", on_delete=models.PROTECT, null=True, blank=True, related_name="chain_targets", editable=False
    )
    project = models.ForeignKey(
        Project, verbose_name="转化项目", on_delete=models.PROTECT, null=True, blank=True, related_name="chain_targets", editable=False
    )
    converted_at = models.DateTimeField("转线索时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "目标企业"
        verbose_name_plural = "目标企业"
        ordering = ["link", "id"]

    def __str__(self) -> str:
        return self.name


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "生成失败"


def report_file_path(instance: ChainReport, filename: str) -> str:
    """A random name under the year: the download gives the file its Chinese title."""
    import uuid

    return f"chains/reports/{instance.year}/{uuid.uuid4().hex}.docx"


class ChainReport(models.Model):
    """产业链招商季度报告 of a county, generated in the background like the circular."""

    county = models.ForeignKey(Unit, verbose_name="县（市、区）", on_delete=models.PROTECT, related_name="chain_reports")
    year = models.PositiveSmallIntegerField("年份")
    quarter = models.PositiveSmallIntegerField("季度")
    status = models.CharField("状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    docx_file = models.FileField("报告（Word）", upload_to=report_file_path, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="生成人", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    task_id = models.CharField("后台任务编号", max_length=64, blank=True)
    error = models.TextField("错误信息", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "产业链季度报告"
        verbose_name_plural = "产业链季度报告"
        ordering = ["-year", "-quarter", "-id"]
        constraints = [models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="chain_report_quarter_valid")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return f"{self.county.name}产业链招商工作季度报告（{self.year}年第{'一二三四'[self.quarter - 1]}季度）"
