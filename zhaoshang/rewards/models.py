"""招商奖励 (docs/domain.md §9): finders and their shares in projects, versioned
reward rules (bands and tiers kept as data), approved rewards and their
instalments (the ledger), and the ledger of agreement clauses that the 公平竞争审查条例
no longer allows without a legal basis."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from zhaoshang.core.versions import Versioned
from zhaoshang.organisation.models import Unit
from zhaoshang.projects.models import Category, Project

from .calculator import Band, Base, Event, Extra, Instalment, RateType, RuleSpec, Threshold, Tier


class FinderKind(models.TextChoices):
    PERSON = "person", "个人"
    AGENCY = "agency", "中介机构"


class Finder(Versioned):
    """引荐人/中介机构, registered with the date the bureau took them down: only a
    finder registered by the signing date can be rewarded."""

    name = models.CharField("名称/姓名", max_length=100)
    kind = models.CharField("类型", max_length=8, choices=FinderKind.choices, default=FinderKind.PERSON)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    registered_on = models.DateField("登记日期")
    is_public_servant = models.BooleanField("公职人员", default=False)
    is_servant_relative = models.BooleanField("公职人员近亲属", default=False)
    is_investor_controller = models.BooleanField("投资方实际控制人", default=False)
    note = models.CharField("备注", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "引荐人"
        verbose_name_plural = "引荐人"
        ordering = ["registered_on", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    @property
    def excluded_reason(self) -> str:
        """Why the finder may never be rewarded, or ""."""
        reasons = [
            label
            for flag, label in (
                (self.is_public_servant, "公职人员"),
                (self.is_servant_relative, "公职人员近亲属"),
                (self.is_investor_controller, "投资方实际控制人"),
            )
            if flag
        ]
        return "、".join(reasons)


class FinderShare(models.Model):
    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="finder_shares")
    finder = models.ForeignKey(Finder, verbose_name="引荐人", on_delete=models.PROTECT, related_name="shares")
    share = models.PositiveSmallIntegerField("份额（%）", validators=[MinValueValidator(1), MaxValueValidator(100)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = "引荐份额"
        verbose_name_plural = "引荐份额"
        ordering = ["project", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "finder"], name="rewards_share_project_finder")]

    def __str__(self) -> str:
        return f"{self.finder.name} {self.share}%"


class RuleStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ENABLED = "enabled", "已启用"
    RETIRED = "retired", "已停用"


class RuleQuerySet(models.QuerySet):
    def enabled(self) -> RuleQuerySet:
        return self.filter(status=RuleStatus.ENABLED)


class RewardRule(Versioned):
    """One version of a reward rule. A new version copies the previous one; old
    versions are kept (approved rewards point at theirs) and can still be tried.
    Bands are [{"start": 元, "rate_bp": 万分之}], tiers [{"start", "amount"}], extras
    [{"label", "minimum", "amount"}], thresholds [{"base", "minimum", "within_months"}],
    instalments [{"percent", "event", "years_after"}]."""

    code = models.SlugField("规则代码", max_length=40)
    number = models.PositiveSmallIntegerField("版本号", default=1, editable=False)
    name = models.CharField("规则名称", max_length=100)
    base = models.CharField("奖励基数", max_length=24, choices=Base.CHOICES)
    rate_type = models.CharField("计算方式", max_length=16, choices=RateType.CHOICES)
    bands = models.JSONField("费率分档", default=list, blank=True)
    tiers = models.JSONField("定额分档", default=list, blank=True)
    cap = models.BigIntegerField("奖励上限（元）", null=True, blank=True)
    extras = models.JSONField("额外奖励", default=list, blank=True)
    thresholds = models.JSONField("门槛条件", default=list, blank=True)
    instalments = models.JSONField("分期兑付", default=list, blank=True)
    excluded_categories = models.JSONField("不予奖励的项目类别", default=list, blank=True)
    clawback_days = models.PositiveSmallIntegerField("未投产追回期限（约定投产日后天数）", null=True, blank=True)
    requires_relocation = models.BooleanField("以迁移注册地为条件", default=False)
    requires_local_tax = models.BooleanField("以在本地纳税为条件", default=False)
    requires_local_statistics = models.BooleanField("以纳入本地统计为条件", default=False)
    legal_basis = models.CharField("法律依据文号", max_length=200, blank=True)
    status = models.CharField("状态", max_length=8, choices=RuleStatus.choices, default=RuleStatus.DRAFT, editable=False)
    compliance_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="合规审查人", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    compliance_approved_at = models.DateTimeField("合规审查通过时间", null=True, blank=True, editable=False)
    note = models.TextField("说明", blank=True)

    history = HistoricalRecords()
    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = "奖励规则"
        verbose_name_plural = "奖励规则"
        ordering = ["code", "-number"]
        constraints = [models.UniqueConstraint(fields=["code", "number"], name="rewards_rule_code_number")]

    def __str__(self) -> str:
        return f"{self.name}（第{self.number}版）"

    def spec(self) -> RuleSpec:
        return RuleSpec(
            base=self.base,
            rate_type=self.rate_type,
            bands=tuple(Band(int(b["start"]), int(b["rate_bp"])) for b in self.bands),
            tiers=tuple(Tier(int(t["start"]), int(t["amount"])) for t in self.tiers),
            cap=self.cap,
            extras=tuple(Extra(e["label"], int(e["minimum"]), int(e["amount"])) for e in self.extras),
            thresholds=tuple(Threshold(t["base"], int(t["minimum"]), t.get("within_months") or None) for t in self.thresholds),
            instalments=tuple(Instalment(int(i["percent"]), i.get("event", Event.APPROVAL), int(i.get("years_after", 0))) for i in self.instalments)
            or (Instalment(100),),
            clawback_days=self.clawback_days,
            excluded_categories=tuple(self.excluded_categories),
        )

    @property
    def excluded_category_labels(self) -> list[str]:
        return [Category(value).label for value in self.excluded_categories if value in Category.values]

    @property
    def base_is_tax_linked(self) -> bool:
        return self.base in Base.TAX_LINKED

    @property
    def is_enabled(self) -> bool:
        return self.status == RuleStatus.ENABLED


class AwardQuerySet(models.QuerySet):
    def visible_to(self, user) -> AwardQuerySet:
        """Rewards of the projects the user sees: a unit its own, the bureau and leaders all."""
        return self.filter(project__in=Project.objects.visible_to(user))


class RewardAward(models.Model):
    """An approved reward: the rule version and the steps it was computed with,
    kept as they were on the day of approval."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="reward_awards")
    rule = models.ForeignKey(RewardRule, verbose_name="奖励规则", on_delete=models.PROTECT, related_name="awards")
    total = models.BigIntegerField("奖励总额（元）")
    steps = models.JSONField("计算过程", default=list)
    paying_unit = models.ForeignKey(Unit, verbose_name="兑付单位", on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField("审批日期")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()
    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = "奖励兑现"
        verbose_name_plural = "奖励兑现"
        ordering = ["-approved_on", "-id"]

    def __str__(self) -> str:
        return f"{self.project.name}：{self.rule}"


class InstalmentStatus(models.TextChoices):
    WAITING = "waiting", "待条件成就"
    DUE = "due", "待支付"
    PAID = "paid", "已支付"
    LATE = "late", "逾期未付"
    CLAWBACK = "clawback", "应追回"
    CANCELLED = "cancelled", "已取消"


class LedgerQuerySet(models.QuerySet):
    SORTS = {
        "due": "due_on",
        "-due": "-due_on",
        "amount": "amount",
        "-amount": "-amount",
        "project": "award__project__name",
        "-project": "-award__project__name",
    }

    def visible_to(self, user) -> LedgerQuerySet:
        return self.filter(award__project__in=Project.objects.visible_to(user))

    def late_on(self, today) -> LedgerQuerySet:
        """Owed, due before today, and not yet a commitment."""
        return self.filter(status__in=[InstalmentStatus.DUE, InstalmentStatus.LATE], due_on__lt=today, commitment__isnull=True)

    def sorted_by(self, key: str) -> LedgerQuerySet:
        return self.order_by(self.SORTS.get(key, "due_on"), "id")

    def search(self, text: str) -> LedgerQuerySet:
        if not text:
            return self
        return self.filter(Q(award__project__name__icontains=text) | Q(finder__name__icontains=text))


class LedgerEntry(Versioned):
    """One instalment owed to one finder: the reward ledger (奖励兑现台账)."""

    award = models.ForeignKey(RewardAward, verbose_name="奖励", on_delete=models.CASCADE, related_name="entries")
    finder = models.ForeignKey(Finder, verbose_name="引荐人", on_delete=models.PROTECT, related_name="ledger_entries")
    label = models.CharField("期次", max_length=60)
    event = models.CharField("兑付条件", max_length=12, choices=Event.CHOICES)
    years_after = models.PositiveSmallIntegerField("条件成就后年数", default=0)
    amount = models.BigIntegerField("金额（元）")
    due_on = models.DateField("应付日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=InstalmentStatus.choices, default=InstalmentStatus.DUE, editable=False)
    paid_on = models.DateField("支付日期", null=True, blank=True, editable=False)
    commitment = models.OneToOneField(
        "service.Commitment", verbose_name="转入承诺事项", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )

    history = HistoricalRecords()
    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = "奖励台账"
        verbose_name_plural = "奖励台账"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.award.project.name} {self.finder.name} {self.label}"


class ClauseStatus(models.TextChoices):
    PENDING = "pending", "待清理"
    CLEANED = "cleaned", "已清理"
    LAWFUL = "lawful", "有法律依据"


class ClauseQuerySet(models.QuerySet):
    def visible_to(self, user) -> ClauseQuerySet:
        return self.filter(project__in=Project.objects.visible_to(user))


class ClauseReview(Versioned):
    """An existing agreement clause that ties a reward to tax, relocation or local
    statistics (《公平竞争审查条例》), and how far its clean-up has gone."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="clause_reviews")
    commitment = models.ForeignKey("service.Commitment", verbose_name="协议承诺", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    clause = models.TextField("条款内容")
    status = models.CharField("清理状态", max_length=8, choices=ClauseStatus.choices, default=ClauseStatus.PENDING)
    basis = models.CharField("法律依据文号", max_length=200, blank=True)
    note = models.CharField("处理说明", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ClauseQuerySet.as_manager()

    class Meta:
        verbose_name = "协议条款清理"
        verbose_name_plural = "协议条款清理"
        ordering = ["status", "project", "id"]

    def __str__(self) -> str:
        return f"{self.project.name}：{self.clause[:30]}"
