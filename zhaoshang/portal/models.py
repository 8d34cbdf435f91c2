"""What the county shows the public, and what comes back.

Public disclosure (公布进度, docs/domain.md §10): what the bureau publishes about unit
progress at mid-year and year-end. A Disclosure stores only the choice — which
period, as of which date, which columns — never the figures: the public page
computes them from the metric engine as of the disclosure date, so the published
page can be reproduced at any time and always matches the rankings.

The online investment platform (§11): promoted projects, policies and sites the
bureau publishes (each with an owner who keeps it fresh), and the inquiries that
visitors send, which the unit they are routed to turns into leads."""

from __future__ import annotations

import secrets
from typing import Self

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from zhaoshang.accounts import access
from zhaoshang.core.ranges import validate_amount, validate_date
from zhaoshang.core.versions import Versioned
from zhaoshang.organisation.models import Unit, subtree_q


class Column(models.TextChoices):
    """The columns the bureau may publish; the unit name is always shown."""

    TARGET = "target", "任务数"
    ACTUAL = "actual", "完成数"
    RATE = "rate", "完成率"
    RANK = "rank", "赛区排名"
    TIME_PROGRESS = "time_progress", "序时进度"


DEFAULT_COLUMNS = [Column.RATE, Column.RANK]


class DisclosureQuerySet(models.QuerySet):
    def published(self) -> DisclosureQuerySet:
        return self.filter(is_published=True)

    def editable_by(self, user) -> DisclosureQuerySet:
        return self.filter(subtree_q(access.bureau_paths(user), "jurisdiction__path"))


class Disclosure(Versioned):
    jurisdiction = models.ForeignKey(Unit, verbose_name="所属辖区", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("targets.Period", verbose_name="考核期间", on_delete=models.PROTECT, related_name="disclosures")
    title = models.CharField("标题", max_length=80)
    as_of = models.DateField("公布截至日期", help_text="年中为6月30日，年底为12月31日")
    columns = models.JSONField("公开的栏目", default=list)
    is_published = models.BooleanField("已公开", default=False)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="公开人", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    history = HistoricalRecords()
    objects = DisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = "进度公开"
        verbose_name_plural = "进度公开"
        ordering = ["-as_of", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["period", "as_of"], name="disclosure_unique_date"),
            models.CheckConstraint(condition=~Q(title=""), name="disclosure_title_required"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown(self) -> set[str]:
        return set(self.columns or [])

    @property
    def column_labels(self) -> list[str]:
        return [Column(c).label for c in Column if c in self.shown]


# ---------------------------------------------------------------- the public portal (§11)

# Content not updated for this many days is hidden from the public and becomes a
# to-do of its owner (todo source "portal_stale").
FRESH_DAYS = 90


class ContentQuerySet(models.QuerySet):
    def editable_by(self, user) -> ContentQuerySet:
        from zhaoshang.accounts import access

        if access.is_admin(user):
            return self.all()
        return self.filter(subtree_q(access.bureau_paths(user), "jurisdiction__path"))

    def fresh_since(self, today) -> models.Q:
        from datetime import timedelta

        return Q(updated_at__date__gt=today - timedelta(days=FRESH_DAYS))

    def public(self, today) -> Self:
        """What an anonymous visitor sees: published and confirmed within FRESH_DAYS."""
        return self.filter(self.fresh_since(today), is_published=True)

    def stale(self, today) -> ContentQuerySet:
        return self.filter(is_published=True).exclude(self.fresh_since(today))


class Content(Versioned):
    """What the bureau publishes on the portal: owned by one person who keeps it
    current (`updated_at` moves on every save and on 确认仍有效)."""

    jurisdiction = models.ForeignKey(Unit, verbose_name="所属辖区", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="负责人", on_delete=models.PROTECT, related_name="+")
    is_published = models.BooleanField("公开", default=True)
    updated_at = models.DateTimeField("更新时间", editable=False)

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_stale(self, today) -> bool:
        return (today - timezone.localtime(self.updated_at).date()).days >= FRESH_DAYS


class Cooperation(models.TextChoices):
    SOLE = "sole", "独资"
    JOINT = "joint", "合资"
    COOPERATION = "cooperation", "合作"
    LEASE = "lease", "租赁经营"
    PPP = "ppp", "PPP"


class Band(models.TextChoices):
    """Investment bands of the inquiry form and the project filter (元)."""

    SMALL = "small", "1000万元以下"
    MEDIUM = "medium", "1000万元–1亿元"
    LARGE = "large", "1亿–10亿元"
    HUGE = "huge", "10亿元以上"

    @property
    def bounds(self) -> tuple[int, int | None]:
        return BAND_BOUNDS[self]


BAND_BOUNDS = {
    Band.SMALL: (0, 10_000_000),
    Band.MEDIUM: (10_000_000, 100_000_000),
    Band.LARGE: (100_000_000, 1_000_000_000),
    Band.HUGE: (1_000_000_000, None),
}


class PromotedProject(Content):
    """招商项目 (项目包装): a project the county offers to investors."""

    name = models.CharField("项目名称", max_length=100)
    chain = models.ForeignKey(
        "chains.Link", verbose_name="产业链环节", on_delete=models.SET_NULL, null=True, blank=True, related_name="promoted_projects"
    )
    industry = models.CharField("行业", max_length=60)
    investment_min = models.BigIntegerField("投资额下限", validators=[MinValueValidator(0), validate_amount])
    investment_max = models.BigIntegerField("投资额上限", validators=[MinValueValidator(0), validate_amount])
    cooperation = models.CharField("合作方式", max_length=12, choices=Cooperation.choices)
    place = models.ForeignKey(Unit, verbose_name="落地园区/乡镇", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("Site", verbose_name="载体", on_delete=models.SET_NULL, null=True, blank=True, related_name="projects")
    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="+")
    contact = models.CharField("联系人及电话", max_length=60)
    summary = models.TextField("项目简介", max_length=2000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "招商项目"
        verbose_name_plural = "招商项目"
        ordering = ["-updated_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(investment_max__gte=models.F("investment_min")), name="promoted_investment_range")]

    def __str__(self) -> str:
        return self.name


class CompanySize(models.TextChoices):
    MICRO = "micro", "小微企业"
    MEDIUM = "medium", "中型企业"
    LARGE = "large", "大型企业"


class BenefitPolicyQuerySet(ContentQuerySet):
    def valid_on(self, day) -> BenefitPolicyQuerySet:
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day)

    def expired_on(self, day) -> BenefitPolicyQuerySet:
        return self.filter(valid_until__lt=day)


class BenefitPolicy(Content):
    """惠商政策 with its conditions in structured form; an empty condition means 不限."""

    title = models.CharField("政策名称", max_length=100)
    issuer = models.CharField("发布机关", max_length=60)
    number = models.CharField("文号", max_length=60, blank=True)
    valid_from = models.DateField("生效日期", validators=[validate_date])
    valid_until = models.DateField("失效日期", null=True, blank=True, validators=[validate_date], help_text="空为长期有效")
    summary = models.TextField("政策要点", max_length=2000)
    industries = models.CharField("适用行业", max_length=200, blank=True, help_text="多个行业用“、”分隔；空为不限")
    sizes = models.JSONField("适用企业规模", default=list, blank=True)
    min_investment = models.BigIntegerField("最低投资额", null=True, blank=True, validators=[MinValueValidator(0), validate_amount])
    place = models.ForeignKey(Unit, verbose_name="适用园区/乡镇", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    max_years = models.PositiveSmallIntegerField("成立年限不超过（年）", null=True, blank=True)
    guide = models.TextField("申报指南", max_length=4000)

    history = HistoricalRecords()
    objects = BenefitPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = "惠商政策"
        verbose_name_plural = "惠商政策"
        ordering = ["-valid_from", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def industry_list(self) -> list[str]:
        return [part.strip() for part in self.industries.replace(",", "、").replace("，", "、").split("、") if part.strip()]

    @property
    def size_labels(self) -> list[str]:
        return [CompanySize(size).label for size in self.sizes or [] if size in CompanySize.values]


class SiteKind(models.TextChoices):
    LAND = "land", "土地"
    FACTORY = "factory", "标准厂房"
    OFFICE = "office", "办公用房"


class SiteQuerySet(ContentQuerySet):
    def public(self, today) -> Self:
        """A taken site disappears at once, whatever its freshness."""
        return super().public(today).filter(is_available=True)


class Site(Content):
    """载体: a land parcel or a building. Land prices are 元/亩, rents 元/平方米·月.
    Coordinates are longitude/latitude (the map plots them on a plain grid, so no
    map service is needed)."""

    kind = models.CharField("类型", max_length=8, choices=SiteKind.choices)
    name = models.CharField("名称", max_length=100)
    place = models.ForeignKey(Unit, verbose_name="所在园区/乡镇", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("地址", max_length=200, blank=True)
    area = models.PositiveIntegerField("面积（平方米）", help_text="土地为宗地面积，厂房/办公为可用面积")
    use = models.CharField("用途", max_length=40, blank=True)
    plot_ratio = models.DecimalField("容积率", max_digits=4, decimal_places=2, null=True, blank=True)
    supply = models.CharField("供地方式", max_length=40, blank=True, help_text="如：挂牌出让、租赁")
    price_min = models.PositiveIntegerField("价格下限（元）", help_text="土地为元/亩，厂房/办公为元/平方米·月")
    price_max = models.PositiveIntegerField("价格上限（元）")
    floor_height = models.DecimalField("层高（米）", max_digits=4, decimal_places=1, null=True, blank=True)
    load = models.DecimalField("承重（吨/平方米）", max_digits=4, decimal_places=1, null=True, blank=True)
    power = models.PositiveIntegerField("供电容量（千伏安）", default=0)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6)
    is_available = models.BooleanField("可供", default=True, help_text="已被使用的载体取消勾选，立即从公开页面撤下")

    history = HistoricalRecords()
    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = "载体"
        verbose_name_plural = "载体"
        ordering = ["kind", "name"]
        constraints = [models.CheckConstraint(condition=Q(price_max__gte=models.F("price_min")), name="site_price_range")]

    def __str__(self) -> str:
        return self.name

    def get_public_url(self) -> str:
        from django.urls import reverse

        return reverse("portal:site_detail", args=[self.pk])

    @property
    def price_unit(self) -> str:
        return "元/亩" if self.kind == SiteKind.LAND else "元/平方米·月"


class InquiryStatus(models.TextChoices):
    NEW = "new", "待联系"
    ACCEPTED = "accepted", "已受理（转为项目线索）"
    INVALID = "invalid", "无效"


class MatchLevel(models.TextChoices):
    """What the 客商库 and open leads already know of the inquirer (the duplicate
    rule of projects, projects.actions.looks_alike)."""

    NONE = "none", "新客商"
    INVESTOR = "investor", "客商库已有该企业"
    DUPLICATE = "duplicate", "疑似重复线索"


class InquiryQuerySet(models.QuerySet):
    def visible_to(self, user) -> InquiryQuerySet:
        """The unit the inquiry was routed to (and units above it), the bureau, admin."""
        from zhaoshang.accounts import access

        if not user.is_authenticated:
            return self.none()
        if access.is_admin(user):
            return self.all()
        return self.filter(subtree_q(access.read_paths(user), "unit__path"))

    def handled_by_units_of(self, user) -> InquiryQuerySet:
        from zhaoshang.accounts import access

        if access.is_admin(user):
            return self.all()
        return self.filter(subtree_q(access.write_paths(user), "unit__path"))

    def waiting(self) -> InquiryQuerySet:
        return self.filter(status=InquiryStatus.NEW)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Inquiry(Versioned):
    """在线投资意向: sent by an anonymous visitor, handled by the unit it is routed
    to. The inquirer follows it through /public/inquiry/<token>/."""

    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    company = models.CharField("企业名称", max_length=100)
    intent = models.TextField("投资意向", max_length=1000)
    industry = models.CharField("行业", max_length=60)
    chain = models.ForeignKey("chains.Chain", verbose_name="产业链", on_delete=models.SET_NULL, null=True, blank=True, related_name="inquiries")
    band = models.CharField("投资规模", max_length=8, choices=Band.choices)
    space = models.CharField("用地/厂房需求", max_length=200, blank=True)
    time_frame = models.CharField("计划投资时间", max_length=60, blank=True)
    place = models.ForeignKey(Unit, verbose_name="意向落地园区/乡镇", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    contact_name = models.CharField("联系人", max_length=40)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", max_length=100, blank=True)
    consent = models.BooleanField("同意个人信息处理", default=False)
    source = models.CharField("来源渠道", max_length=40, blank=True, help_text="二维码或链接上的来源标记")
    promoted_project = models.ForeignKey(
        PromotedProject, verbose_name="咨询的招商项目", on_delete=models.SET_NULL, null=True, blank=True, related_name="inquiries"
    )
    unit = models.ForeignKey(Unit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="inquiries")
    status = models.CharField("状态", max_length=10, choices=InquiryStatus.choices, default=InquiryStatus.NEW)
    match_level = models.CharField("查重结果", max_length=10, choices=MatchLevel.choices, default=MatchLevel.NONE)
    matched_investor = models.ForeignKey(
        "projects.Investor", verbose_name="客商库中的企业", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    matched_project = models.ForeignKey(
        "projects.Project", verbose_name="疑似重复的线索", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    project = models.OneToOneField(
        "projects.Project", verbose_name="转成的项目", on_delete=models.PROTECT, null=True, blank=True, related_name="inquiry"
    )
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.CharField("无效原因", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = InquiryQuerySet.as_manager()

    class Meta:
        verbose_name = "投资意向"
        verbose_name_plural = "投资意向"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.company}：{self.intent[:20]}"

    @property
    def channel(self) -> str:
        return self.source or "直接访问"
