"""Projects (项目), investors (客商库), stage events, funds arrived, obstacles:
docs/domain.md §3.

Rules for whoever reads these tables (the metric engine in particular):

- Money is integer: 元 when `currency` is CNY, cents when it is USD. Convert with
  `ExchangeRate.to_cny(amount, currency, year)`.
- `Project.stage` is a *cache* of the project's stage events, maintained only by
  `actions.py`. The truth is `StageEvent` rows: never edited, never deleted; a
  bureau correction marks them `voided_at` and adds a correction event. Figures as
  of date D read the events with `date <= D` that were not voided by D
  (`StageEvent.objects.as_of(D)`).
- Signing data (contract date and amount) lives on the `signed` event and is
  mirrored on the project (`signed_on`, `contract_amount`) for lists and filters.
- Funds count as verified as of D when verified with `verified_at <= D`: `arrived_by(moment)`,
  `verified_by(day)` (to the end of the day), `FundEntry.objects.verified_as_of`.
- Credit: each project has `ProjectCredit` rows whose `share_bp` (basis points)
  sum to 10000. Metrics multiply by share_bp / 10000.
- Duplicates: a merged project keeps its own history and points to the survivor
  (`duplicate_of`); its events, fund entries, obstacles and evidence move to the
  survivor. `Project.objects.counted()` excludes merged projects and projects
  still held as suspected duplicates, so nothing is counted twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from zhaoshang.accounts import access
from zhaoshang.core.dates import end_of_day
from zhaoshang.core.money import min_minor_for, minor_to_yuan
from zhaoshang.core.versions import Versioned
from zhaoshang.core.ranges import validate_amount, validate_date, validate_name
from zhaoshang.organisation.models import Person, Unit, subtree_q

from .validators import normalise_name, validate_uscc

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


# The planned dates of a project, in life-cycle order.
PLANNED_DATES = ("planned_signed_on", "planned_registered_on", "planned_started_on", "planned_completed_on", "planned_producing_on")


def planned_date_errors(dates: dict[str, date | None]) -> dict[str, str]:
    """Planned dates follow the life cycle: {field: Chinese message} for each one
    earlier than the planned date of a stage before it."""
    errors = {}
    before = None  # the latest good planned date so far: (field, day)
    for name in PLANNED_DATES:
        day = dates.get(name)
        if day is None:
            continue
        if before and day < before[1]:
            label, earlier = (Project._meta.get_field(n).verbose_name for n in (name, before[0]))
            errors[name] = f"{label}不能早于{earlier}（{before[1]:%Y-%m-%d}）"
        else:
            before = (name, day)
    return errors


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


class ExchangeRateQuerySet(models.QuerySet):
    def rate_for(self, year: int, currency: str) -> Decimal | None:
        if currency == Currency.CNY:
            return Decimal(1)
        return self.filter(year=year, currency=currency).values_list("rate", flat=True).first()

    def rates(self, years: Iterable[int] | None = None) -> dict[tuple[int, str], Decimal]:
        """{(year, currency): rate} of the given years (all years with None)."""
        rows = self if years is None else self.filter(year__in=set(years))
        return {(year, currency): rate for year, currency, rate in rows.values_list("year", "currency", "rate")}


class ExchangeRate(models.Model):
    """The year's configured rate, 元 per unit of the currency (docs/domain.md §6)."""

    year = models.PositiveSmallIntegerField("年度")
    currency = models.CharField("币种", max_length=3, choices=Currency.choices)
    rate = models.DecimalField("汇率（元/单位外币）", max_digits=12, decimal_places=6)

    history = HistoricalRecords()
    objects = ExchangeRateQuerySet.as_manager()

    class Meta:
        verbose_name = "汇率"
        verbose_name_plural = "汇率"
        constraints = [models.UniqueConstraint(fields=["year", "currency"], name="exchange_rate_unique")]

    def __str__(self) -> str:
        return f"{self.year} {self.currency} {self.rate}"

    @staticmethod
    def to_cny(amount: int, currency: str, year: int) -> int | None:
        """An amount in the currency's minor unit (元, or US cents) → integer 元, or
        None when the year has no rate configured."""
        if currency == Currency.CNY:
            return amount
        rate = ExchangeRate.objects.rate_for(year, currency)
        return None if rate is None else minor_to_yuan(amount, rate)


def investing_at_least(
    yuan: int,
    years: Iterable[int] | None = None,
    *,
    total: str = "total_investment",
    currency: str = "currency",
    day: str = "signed_on",
    undated_year: int | None = None,
) -> Q:
    """Total investment ≥ `yuan` 元 (亿元以上, the size bands; docs/domain.md §6): the
    one definition behind Project.compute_is_yi_plus, the project list's band filter,
    the metric engine's size bands and campaign scoring. A foreign amount is
    converted at the rate of the year of `day` (the signing), rounded half up
    (core.money): one integer comparison per (currency, year), exact on every
    database. Rows whose `day` is empty use the rate of `undated_year` (a project not
    yet signed is judged at this year's rate); a year without a rate matches no
    foreign row. `years` narrows the rates read (None: every configured year)."""
    q = Q(**{currency: Currency.CNY, f"{total}__gte": yuan})
    wanted = None if years is None else {*years, *([undated_year] if undated_year else [])}
    for (year, cur), rate in ExchangeRate.objects.rates(wanted).items():
        least = {currency: cur, f"{total}__gte": min_minor_for(yuan, rate)}
        q |= Q(**least, **{f"{day}__year": year})
        if year == undated_year:
            q |= Q(**least, **{f"{day}__isnull": True})
    return q


class InvestorQuerySet(models.QuerySet):
    def visible_to(self, user) -> InvestorQuerySet:
        """客商库 is shared by every unit (one company, one record), so any login with
        a role reads it; contacts are masked separately (access.contact_fields_for)."""
        return self.all() if access.read_paths(user) else self.none()

    def search(self, text: str) -> InvestorQuerySet:
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(uscc__icontains=text) | Q(foreign_registration__icontains=text))

    def matching(self, name: str = "", uscc: str = "") -> InvestorQuerySet:
        """Investors that are the same company: same USCC, or same normalised name."""
        q = Q(pk__in=[])
        if uscc:
            q |= Q(uscc=uscc.upper())
        if key := normalise_name(name):
            q |= Q(normalised_name=key)
        return self.filter(q)


class Investor(Versioned):
    """客商: shared by every project, visit and trip it appears in."""

    name = models.CharField("客商名称", max_length=200, validators=[validate_name])
    normalised_name = models.CharField(max_length=200, db_index=True, editable=False)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc], help_text="境外企业可不填")
    foreign_registration = models.CharField("境外注册号", max_length=60, blank=True)
    kind = models.CharField("客商类型", max_length=12, choices=InvestorKind.choices)
    region = models.CharField("来源地区", max_length=60, blank=True, help_text="如：珠三角、上海、温州、境外")
    is_fortune500 = models.BooleanField("世界500强", default=False)
    note = models.TextField("备注", blank=True)

    history = HistoricalRecords()
    objects = InvestorQuerySet.as_manager()

    class Meta:
        verbose_name = "客商"
        verbose_name_plural = "客商库"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                condition=~Q(uscc=""),
                name="investor_unique_uscc",
                violation_error_message="该统一社会信用代码已登记在客商库中",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.uscc = (self.uscc or "").strip().upper()
        self.normalised_name = normalise_name(self.name)
        super().save(*args, **kwargs)


class InvestorContact(models.Model):
    """Contact details are personal data: exports mask them unless
    `access.can_see_investor_contacts(user, investor)`."""

    investor = models.ForeignKey(Investor, verbose_name="客商", on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("联系人", max_length=30, validators=[validate_name])
    title = models.CharField("职务", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "客商联系人"
        verbose_name_plural = "客商联系人"

    def __str__(self) -> str:
        return self.name


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def mask_name(name: str) -> str:
    return name[:1] + "*" * (len(name) - 1) if name else ""


class ProjectQuerySet(models.QuerySet):
    def _in_paths(self, paths: list[str], *, landing: bool) -> Q:
        """Projects introduced by, credited to, or (when `landing`) landing in a unit
        under the given paths."""
        credited = ProjectCredit.objects.filter(subtree_q(paths, "unit__path"), project=OuterRef("pk"))
        q = subtree_q(paths, "introducing_unit__path") | Q(Exists(credited))
        if landing:
            q |= subtree_q(paths, "landing_unit__path")
        return q

    def visible_to(self, user) -> ProjectQuerySet:
        """Reporters and unit heads see what their subtree introduced, is credited
        with, or hosts; leaders and bureau read their whole jurisdiction the same
        way (their scope is the county); admin sees all."""
        if not user.is_authenticated:
            return self.none()
        if access.is_admin(user):
            return self.all()
        return self.filter(self._in_paths(access.read_paths(user), landing=True) | Q(responsible_leader__user=user))

    def editable_by(self, user) -> ProjectQuerySet:
        """Bureau in scope; reporters and unit heads of a credited or introducing
        unit (the landing unit only hosts, it does not own); a leader only the
        projects they lead."""
        if not user.is_authenticated:
            return self.none()
        if access.is_admin(user):
            return self.all()
        return self.filter(self._in_paths(access.write_paths(user), landing=False) | Q(responsible_leader__user=user))

    def approvable_by(self, user) -> ProjectQuerySet:
        return self.filter(self._in_paths(access.approve_paths(user), landing=False))

    def in_bureau_scope_of(self, user) -> ProjectQuerySet:
        return self.filter(self._in_paths(access.bureau_paths(user), landing=True))

    def credited_to(self, unit: Unit) -> ProjectQuerySet:
        return self.credited_within([unit.path])

    def credited_within(self, paths: list[str]) -> ProjectQuerySet:
        """Credited to a unit under any of the tree paths (the metrics' notion of scope)."""
        return self.filter(Exists(ProjectCredit.objects.filter(subtree_q(paths, "unit__path"), project=OuterRef("pk"))))

    def active(self) -> ProjectQuerySet:
        """Not merged into another project."""
        return self.exclude(duplicate_status=DuplicateStatus.MERGED)

    def counted(self) -> ProjectQuerySet:
        """What official figures count: not merged, and not held as a suspected
        duplicate awaiting the bureau (counted_q)."""
        return self.filter(counted_q(""))

    def awaiting_duplicate_review(self) -> ProjectQuerySet:
        return self.filter(duplicate_status=DuplicateStatus.SUSPECTED)

    def in_stage(self, *stages: str) -> ProjectQuerySet:
        return self.filter(stage__in=stages)

    def signed_between(self, start: date, end: date) -> ProjectQuerySet:
        """Formally signed (not an intent agreement) with the contract dated in
        [start, end], judged from the events so a later correction is respected."""
        events = StageEvent.objects.active().filter(project=OuterRef("pk"), kind=EventKind.STAGE, stage=Stage.SIGNED, date__gte=start, date__lte=end)
        return self.filter(Exists(events))

    def reached_by(self, stage: str, as_of: date) -> ProjectQuerySet:
        """Projects that had reached `stage` (or a later pipeline stage) by `as_of`,
        as the events recorded then show (reached)."""
        return self.filter(reached(stage, as_of))

    def entered_between(self, stage: str, start: date, end: date, as_of: date) -> ProjectQuerySet:
        """Projects whose event for exactly `stage` is dated in [start, end], as the
        record stood at `as_of` (skipped stages get dated events too): the
        dashboard funnel's "entered the stage in the period"."""
        events = StageEvent.objects.as_of(as_of).filter(project=OuterRef("pk"), kind=EventKind.STAGE, stage=stage, date__gte=start, date__lte=end)
        return self.filter(Exists(events))

    def yi_plus(self) -> ProjectQuerySet:
        return self.filter(is_yi_plus=True)

    # ---- the project list's filters (filters.ProjectFilterForm, its export, the dashboard drill-down)

    def search(self, text: str) -> ProjectQuerySet:
        """Project name or investor name contains the text; blank matches all."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(investor__name__icontains=text))

    def in_division(self, division) -> ProjectQuerySet:
        """Credited to a member unit of the division (or a unit under one)."""
        paths = list(division.units.values_list("path", flat=True))
        credited = ProjectCredit.objects.filter(subtree_q(paths, "unit__path"), project=OuterRef("pk"))
        return self.filter(Exists(credited))

    def investing_at_least(self, yuan: int) -> ProjectQuerySet:
        """Total investment ≥ `yuan` 元, by the one rule (module function
        investing_at_least): USD at the signing year's rate, unsigned at this year's."""
        return self.filter(investing_at_least(yuan, undated_year=timezone.localdate().year))

    def with_stage_order(self) -> ProjectQuerySet:
        """Annotate `stage_order`: the funnel position, so lists sort by stage the way
        people read it (stalled and dropped last)."""
        whens = [models.When(stage=stage, then=models.Value(index)) for index, stage in enumerate(PIPELINE)]
        return self.annotate(stage_order=models.Case(*whens, default=models.Value(len(PIPELINE)), output_field=models.IntegerField()))

    def totals(self) -> dict[str, int]:
        """Count, and sums in 元 of the CNY projects' total investment and contract
        amount; USD projects are counted apart (`foreign_currency`), never summed
        into 元 without a rate."""
        cny = Q(currency=Currency.CNY)
        row = self.aggregate(
            count=models.Count("id"),
            total_investment=models.Sum("total_investment", filter=cny),
            contract_amount=models.Sum("contract_amount", filter=cny),
            foreign_currency=models.Count("id", filter=~cny),
        )
        return {key: value or 0 for key, value in row.items()}


def planned_date(label: str) -> models.DateField:
    return models.DateField(f"计划{label}日期", null=True, blank=True, validators=[validate_date])


class Project(Versioned):
    """One investment project from first lead to results."""

    name = models.CharField("项目名称", max_length=200, validators=[validate_name])
    investor = models.ForeignKey(Investor, verbose_name="客商", on_delete=models.PROTECT, related_name="projects", null=True, blank=True)
    source_region = models.CharField("来源地区", max_length=60, blank=True)
    industry = models.CharField("行业", max_length=60, blank=True)
    category = models.CharField("项目类别", max_length=20, choices=Category.choices)
    currency = models.CharField("币种", max_length=3, choices=Currency.choices, default=Currency.CNY)
    total_investment = models.BigIntegerField(
        "总投资", default=0, validators=[MinValueValidator(0), validate_amount], help_text="人民币为元，美元为美分"
    )
    is_foreign_funded = models.BooleanField("外资项目", default=False)
    introducing_unit = models.ForeignKey(Unit, verbose_name="引进单位", on_delete=models.PROTECT, related_name="introduced_projects")
    landing_unit = models.ForeignKey(
        Unit,
        verbose_name="落地园区/乡镇",
        on_delete=models.PROTECT,
        related_name="landed_projects",
        null=True,
        blank=True,
    )
    landing_address = models.CharField("落地地址", max_length=200, blank=True)
    responsible_leader = models.ForeignKey(
        Person,
        verbose_name="包联领导",
        on_delete=models.PROTECT,
        related_name="led_projects",
        null=True,
        blank=True,
    )
    key_level = models.CharField("重点项目级别", max_length=10, choices=KeyLevel.choices, blank=True, default="")
    is_fortune500 = models.BooleanField("世界500强", default=False)
    is_high_tech = models.BooleanField("高新技术", default=False)
    # Derived from total_investment (converted at the exchange rate for foreign
    # currency) by the actions on every save, so lists can filter on it.
    is_yi_plus = models.BooleanField("亿元以上", default=False, editable=False)
    planned_signed_on = planned_date("签约")
    planned_registered_on = planned_date("落地")
    planned_started_on = planned_date("开工")
    planned_completed_on = planned_date("竣工")
    planned_producing_on = planned_date("投产")
    land_status = models.CharField("用地报批", max_length=12, choices=LandStatus.choices, default=LandStatus.NOT_STARTED)
    env_screening = models.CharField("环保研判", max_length=10, choices=EnvScreening.choices, default=EnvScreening.PENDING)
    progress_text = models.TextField("形象进度", blank=True)
    company_uscc = models.CharField("项目公司统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc])
    intent_signed_on = models.DateField("意向协议日期", null=True, blank=True)

    # Cache of the stage events, maintained by actions.py only (see module doc).
    stage = models.CharField("当前阶段", max_length=12, choices=Stage.choices, default=Stage.LEAD, editable=False)
    stage_reason = models.CharField("停滞/终止原因", max_length=200, blank=True, editable=False)
    signed_on = models.DateField("签约日期", null=True, blank=True, editable=False)
    contract_amount = models.BigIntegerField("合同金额", null=True, blank=True, editable=False)

    duplicate_status = models.CharField("重复研判", max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.NONE, editable=False)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="疑似重复/已合并到",
        on_delete=models.PROTECT,
        related_name="duplicates",
        null=True,
        blank=True,
        editable=False,
    )
    # Pairs the bureau confirmed as different, so later edits do not flag them again.
    distinct_from = models.ManyToManyField("self", blank=True, symmetrical=True, editable=False)

    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    history = HistoricalRecords()
    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(total_investment__gte=0), name="project_total_not_negative"),
            models.CheckConstraint(
                condition=Q(duplicate_status__in=["none", "distinct"]) | Q(duplicate_of__isnull=False),
                name="project_duplicate_has_target",
            ),
        ]
        # The metrics test every credited project for Project.objects.counted: with
        # the status in the index the database never reads the project rows.
        indexes = [models.Index(fields=["id", "duplicate_status"], name="project_counted_cover")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_merged(self) -> bool:
        return self.duplicate_status == DuplicateStatus.MERGED

    def clean(self) -> None:
        if errors := planned_date_errors({name: getattr(self, name) for name in PLANNED_DATES}):
            raise ValidationError(errors)

    def compute_is_yi_plus(self) -> bool:
        year = (self.signed_on or timezone.localdate()).year
        yuan = ExchangeRate.to_cny(self.total_investment or 0, self.currency, year)
        return yuan is not None and yuan >= YI


class ProjectCredit(models.Model):
    """联合引进: a unit's share of a project's credit, in basis points (10000 = 100%)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="credits")
    unit = models.ForeignKey(Unit, verbose_name="分成单位", on_delete=models.PROTECT, related_name="project_credits")
    share_bp = models.PositiveIntegerField("分成比例（万分比）", validators=[MinValueValidator(1), MaxValueValidator(10000)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = "项目分成"
        verbose_name_plural = "项目分成"
        constraints = [
            models.UniqueConstraint(fields=["project", "unit"], name="credit_unique_unit"),
            models.CheckConstraint(condition=Q(share_bp__gt=0, share_bp__lte=10000), name="credit_share_range"),
        ]
        # Every figure starts from a county's units and their credits: with the project
        # and the share in the index, the database answers that step from the index
        # alone (at province scale 163 → 98 ms per figure on PostgreSQL).
        indexes = [models.Index(fields=["unit", "project", "share_bp"], name="credit_unit_cover")]

    def __str__(self) -> str:
        return f"{self.unit} {self.share_bp / 100:g}%"


class TeamMember(models.Model):
    """一个项目、一名领导、一套班子: the persons working a project and their roles."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="project_roles")
    role = models.CharField("班子职责", max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "项目班子成员"
        verbose_name_plural = "项目班子成员"
        constraints = [models.UniqueConstraint(fields=["project", "person"], name="team_unique_person")]

    def __str__(self) -> str:
        return f"{self.person}（{self.get_role_display()}）"


class EventKind(models.TextChoices):
    STAGE = "stage", "阶段变更"
    INTENT = "intent", "意向协议"
    CORRECTION = "correction", "招商局更正"


class StageEventQuerySet(models.QuerySet):
    def active(self) -> StageEventQuerySet:
        return self.filter(voided_at__isnull=True)

    def as_of(self, day: date) -> StageEventQuerySet:
        return self.filter(events_as_of(day))


def events_as_of(day: date, prefix: str = "") -> Q:
    """Events as the record stood at the end of `day`: reached by then, recorded
    by then, and not yet voided then. `prefix` is the path to the events from
    another model ("project__events__")."""
    end = timezone.make_aware(datetime.combine(day, datetime.max.time()))
    return Q(**{f"{prefix}date__lte": day, f"{prefix}recorded_at__lte": end}) & (
        Q(**{f"{prefix}voided_at__isnull": True}) | Q(**{f"{prefix}voided_at__gt": end})
    )


def reached(stage: str, by: date, as_of: date | None = None, project: str = "pk") -> Exists:
    """The one definition of "reached by" (docs/domain.md §3): the project (OuterRef
    `project`) had reached `stage` or a later pipeline stage on or before `by`, as
    the record stood at `as_of` (default `by`). The event date and the recording
    date may differ: a signing dated in March and entered in April counts for March
    once entered. Used by the project list, the engine's rates and the alerts."""
    events = StageEvent.objects.as_of(as_of or by).filter(
        project=OuterRef(project), kind=EventKind.STAGE, stage__in=Stage(stage).reached_stages(), date__lte=by
    )
    return Exists(events)


class StageEvent(models.Model):
    """A stage reached on `date`, as recorded by `recorded_by` at `recorded_at`.
    Never edited or deleted: corrections void it (voided_*) and add a correction event."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("事件类型", max_length=10, choices=EventKind.choices, default=EventKind.STAGE)
    stage = models.CharField("阶段", max_length=12, choices=Stage.choices)
    date = models.DateField("实际日期")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+", null=True)
    note = models.TextField("说明", blank=True)
    contract_amount = models.BigIntegerField("合同金额", null=True, blank=True)
    contract_currency = models.CharField("合同币种", max_length=3, choices=Currency.choices, blank=True)
    company_uscc = models.CharField("项目公司统一社会信用代码", max_length=18, blank=True)
    landing_unit = models.ForeignKey(Unit, verbose_name="落地园区/乡镇", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="作废人", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = StageEventQuerySet.as_manager()

    class Meta:
        verbose_name = "阶段事件"
        verbose_name_plural = "阶段事件"
        ordering = ["date", "recorded_at", "id"]
        # Covers what the metrics read of a project's events as of a date (and the
        # signing's contract), so they are read from the index alone.
        indexes = [
            models.Index(
                fields=["project", "kind", "stage", "date", "recorded_at", "voided_at", "contract_currency", "contract_amount"],
                name="event_metrics_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.get_stage_display()} {self.date}"


class FundKind(models.TextChoices):
    CAPITAL = "capital", "注册资本金"
    INVESTMENT = "investment", "项目投资"
    LOAN = "loan", "融资借款"
    OTHER = "other", "其他"


class FundStatus(models.TextChoices):
    REPORTED = "reported", "已填报"
    UNIT_APPROVED = "unit_approved", "单位审核"
    VERIFIED = "verified", "招商局核实"
    RETURNED = "returned", "退回"


def pending_at(moment: datetime) -> Q:
    """Awaiting verification at `moment`: reported by then, not verified by then,
    and not returned by then (the metric engine's 待核实 as of a date)."""
    return (
        Q(reported_at__lte=moment)
        & (Q(verified_at__isnull=True) | Q(verified_at__gt=moment))
        & ~Q(status=FundStatus.RETURNED, returned_at__lte=moment)
    )


def arrived_by(moment: datetime) -> Q:
    """Verified by `moment` (到位 as of then): the one definition of "verified by"
    (docs/domain.md §6). Verified entries are locked, so this is exact."""
    return Q(status=FundStatus.VERIFIED, verified_at__lte=moment)


def verified_by(day: date) -> Q:
    """Verified by the end of `day`: what the engine's 到位资金, the alerts, the
    activity index and the scoring count as of a date."""
    return arrived_by(end_of_day(day))


def pending_on(day: date) -> Q:
    """Awaiting verification at the end of `day` (the engine's 待核实 as of a date)."""
    return pending_at(end_of_day(day))


class FundEntryQuerySet(models.QuerySet):
    def visible_to(self, user) -> FundEntryQuerySet:
        return self.filter(project__in=Project.objects.visible_to(user))

    def verified(self) -> FundEntryQuerySet:
        return self.filter(status=FundStatus.VERIFIED)

    def verified_as_of(self, moment: datetime) -> FundEntryQuerySet:
        """Verified by `moment` (arrived_by)."""
        return self.filter(arrived_by(moment))

    def pending(self) -> FundEntryQuerySet:
        return self.filter(status__in=[FundStatus.REPORTED, FundStatus.UNIT_APPROVED])

    def awaiting_approval_by(self, user) -> FundEntryQuerySet:
        """已填报 entries of the units whose submissions the user approves (unit head)."""
        return self.filter(status=FundStatus.REPORTED, project__in=Project.objects.approvable_by(user))

    def awaiting_verification_by(self, user) -> FundEntryQuerySet:
        """What the bureau has to verify: unit-approved entries in its jurisdiction."""
        return self.visible_to(user).filter(status=FundStatus.UNIT_APPROVED)

    def returned_to(self, user) -> FundEntryQuerySet:
        """Returned entries of projects the user works on, waiting to be corrected."""
        return self.filter(status=FundStatus.RETURNED, project__in=Project.objects.editable_by(user))

    def with_evidence_count(self) -> FundEntryQuerySet:
        """Annotate `evidence_count`, so a list asks `has_evidence` without a query per row."""
        return self.annotate(evidence_count=models.Count("evidence"))

    def pending_at(self, moment: datetime) -> FundEntryQuerySet:
        return self.filter(pending_at(moment))

    def dated_between(self, start: date, end: date) -> FundEntryQuerySet:
        return self.filter(date__gte=start, date__lte=end)

    def of_counted_projects(self) -> FundEntryQuerySet:
        return self.filter(project__in=Project.objects.counted())

    def of_unit(self, unit: Unit) -> FundEntryQuerySet:
        """Entries of projects credited to the unit or a unit below it (the same
        meaning as the project list's unit filter)."""
        return self.filter(project__in=Project.objects.credited_to(unit))

    def of_division(self, division) -> FundEntryQuerySet:
        """Entries of projects credited to a member unit of the division (or below)."""
        return self.filter(project__in=Project.objects.in_division(division))

    def search(self, text: str) -> FundEntryQuerySet:
        """Project name or investor name contains the text."""
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(project__name__icontains=text) | Q(project__investor__name__icontains=text))


class FundEntry(Versioned):
    """到位资金: one arrival of money, reported → unit_approved → verified (or returned)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="fund_entries")
    date = models.DateField("到位日期", validators=[validate_date])
    amount = models.BigIntegerField("金额", help_text="人民币为元，美元为美分；更正条目可为负数", validators=[validate_amount])
    currency = models.CharField("币种", max_length=3, choices=Currency.choices, default=Currency.CNY)
    kind = models.CharField("资金类型", max_length=12, choices=FundKind.choices)
    note = models.TextField("说明", blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name="更正的条目",
        on_delete=models.PROTECT,
        related_name="corrections",
        null=True,
        blank=True,
        help_text="已核实条目不能修改，更正以新条目填报",
    )
    status = models.CharField("状态", max_length=14, choices=FundStatus.choices, default=FundStatus.REPORTED)
    reported_at = models.DateTimeField("填报时间", default=timezone.now)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT, related_name="+", null=True)
    approved_at = models.DateTimeField("单位审核时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="单位审核人", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    verified_at = models.DateTimeField("核实时间", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="核实人", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="退回人", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    return_reason = models.CharField("退回原因", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = FundEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "到位资金"
        verbose_name_plural = "到位资金"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0) | Q(corrects__isnull=False), name="fund_amount_positive_unless_correction"),
            models.CheckConstraint(condition=~Q(status="verified") | Q(verified_at__isnull=False), name="fund_verified_has_time"),
        ]
        # Covers what the metrics read of a project's entries (到位资金, 待核实资金),
        # so a county's figures are read from the index alone.
        indexes = [
            models.Index(
                fields=["project", "date", "status", "currency", "amount", "verified_at", "reported_at", "returned_at"],
                name="fund_metrics_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.date} {self.amount}"

    @property
    def is_locked(self) -> bool:
        return self.status == FundStatus.VERIFIED

    def amount_cny(self) -> int | None:
        return ExchangeRate.to_cny(self.amount, self.currency, self.date.year)

    def has_evidence(self) -> bool:
        """The evidence rule: the bureau verifies, and the unit head approves,
        only entries with at least one proof (bank slip, capital report…)."""
        count = getattr(self, "evidence_count", None)
        return count > 0 if count is not None else self.evidence.exists()


class EvidenceKind(models.TextChoices):
    CONTRACT = "contract", "正式合同"
    INTENT = "intent", "意向协议"
    LICENCE = "licence", "营业执照"
    SITE_PHOTO = "site_photo", "现场照片"
    PERMIT = "permit", "施工许可"
    BANK_SLIP = "bank_slip", "银行进账单"
    CAPITAL_REPORT = "capital_report", "验资报告"
    OTHER = "other", "其他"


def evidence_path(instance: Evidence, filename: str) -> str:
    """A random name under projects/evidence/: the original name is kept in a field,
    never trusted as a path."""
    extension = PurePath(filename).suffix.lower()
    return f"projects/evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Evidence(models.Model):
    """An uploaded file (PDF/JPG/PNG) proving a stage or a fund arrival. Stored under
    MEDIA_ROOT (var/media, outside the web root) and served only through a view that
    asks `access.get_evidence_for_user`."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="evidence")
    stage_event = models.ForeignKey(StageEvent, verbose_name="阶段事件", on_delete=models.PROTECT, related_name="evidence", null=True, blank=True)
    fund_entry = models.ForeignKey(FundEntry, verbose_name="到位资金", on_delete=models.PROTECT, related_name="evidence", null=True, blank=True)
    kind = models.CharField("材料类型", max_length=16, choices=EvidenceKind.choices)
    file = models.FileField("文件", upload_to=evidence_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=40)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+", null=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "证明材料"
        verbose_name_plural = "证明材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class InvestmentPlan(models.Model):
    """A key project's planned fixed-asset investment for a year."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="investment_plans")
    year = models.PositiveSmallIntegerField("年度")
    planned_amount = models.BigIntegerField("年度计划投资（元）", validators=[MinValueValidator(0)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = "年度投资计划"
        verbose_name_plural = "年度投资计划"
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="plan_unique_year")]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"


class MonthlyInvestment(models.Model):
    """Fixed-asset investment completed in one month of a plan's year."""

    plan = models.ForeignKey(InvestmentPlan, verbose_name="年度计划", on_delete=models.CASCADE, related_name="months")
    month = models.PositiveSmallIntegerField("月份", validators=[MinValueValidator(1), MaxValueValidator(12)])
    completed_amount = models.BigIntegerField("当月完成投资（元）", validators=[MinValueValidator(0)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = "月度完成投资"
        verbose_name_plural = "月度完成投资"
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="monthly_unique_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="monthly_month_range"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.month}月"


class ObstacleCategory(models.TextChoices):
    FUNDS = "funds", "资金"
    LAND_APPROVAL = "land_approval", "用地报批"
    DEMOLITION = "demolition", "征地拆迁"
    APPROVAL = "approval", "审批"
    UTILITIES = "utilities", "水电路配套"
    LABOUR = "labour", "用工"
    OTHER = "other", "其他"


class ObstacleStatus(models.TextChoices):
    OPEN = "open", "待办"
    IN_PROGRESS = "in_progress", "办理中"
    RESOLVED = "resolved", "已销号"
    ESCALATED = "escalated", "已上报"
    # The responsible unit says it is solved, with evidence; the project's unit confirms.
    PROPOSED = "proposed", "待确认销号"

    def allowed_next(self) -> list[ObstacleStatus]:
        return list(OBSTACLE_TRANSITIONS[self])


OBSTACLE_TRANSITIONS: dict[str, tuple[ObstacleStatus, ...]] = {
    ObstacleStatus.OPEN: (
        ObstacleStatus.IN_PROGRESS,
        ObstacleStatus.PROPOSED,
        ObstacleStatus.RESOLVED,
        ObstacleStatus.ESCALATED,
    ),
    ObstacleStatus.IN_PROGRESS: (ObstacleStatus.PROPOSED, ObstacleStatus.RESOLVED, ObstacleStatus.ESCALATED),
    # An escalated problem comes back to be worked on or is closed under the leader.
    ObstacleStatus.ESCALATED: (ObstacleStatus.IN_PROGRESS, ObstacleStatus.PROPOSED, ObstacleStatus.RESOLVED),
    # The project's unit confirms the proposal (销号) or returns it to be worked on.
    ObstacleStatus.PROPOSED: (ObstacleStatus.RESOLVED, ObstacleStatus.IN_PROGRESS),
    ObstacleStatus.RESOLVED: (),
}


class ObstacleQuerySet(models.QuerySet):
    def visible_to(self, user) -> ObstacleQuerySet:
        return self.filter(Q(project__in=Project.objects.visible_to(user)) | subtree_q(access.read_paths(user), "responsible_unit__path"))

    def unresolved(self) -> ObstacleQuerySet:
        return self.exclude(status=ObstacleStatus.RESOLVED)

    def of_responsible_unit(self, unit: Unit) -> ObstacleQuerySet:
        return self.filter(responsible_unit__path__startswith=unit.path)

    def assigned_within(self, paths: list[str]) -> ObstacleQuerySet:
        """Waiting for a responsible unit under `paths` to act: neither resolved nor
        escalated to a leader."""
        return self.filter(subtree_q(paths, "responsible_unit__path"), status__in=[ObstacleStatus.OPEN, ObstacleStatus.IN_PROGRESS])

    def proposed(self) -> ObstacleQuerySet:
        """销号 proposed by the responsible unit, waiting for the project's unit."""
        return self.filter(status=ObstacleStatus.PROPOSED)

    def escalated_to_user(self, user) -> ObstacleQuerySet:
        """Escalated to the leader whose login this is, and not yet taken back or resolved."""
        return self.filter(status=ObstacleStatus.ESCALATED, escalated_to__user=user)

    def with_overdue_flag(self, as_of: date) -> ObstacleQuerySet:
        """Annotate `is_overdue` (past its deadline on `as_of`, not resolved) so a
        board can highlight rows and sort by it without a query per row."""
        return self.annotate(
            is_overdue=models.Case(
                models.When(Q(deadline__lt=as_of) & ~Q(status=ObstacleStatus.RESOLVED), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )

    def overdue(self, as_of: date) -> ObstacleQuerySet:
        """Past their deadline on `as_of` and not resolved by then (an obstacle
        resolved after `as_of` was still overdue on that day)."""
        end = timezone.make_aware(datetime.combine(as_of, datetime.max.time()))
        return self.filter(deadline__lt=as_of, raised_at__lte=end).filter(Q(resolved_at__isnull=True) | Q(resolved_at__gt=end))


class Obstacle(Versioned):
    """问题清单: a problem holding a project back, owned by a responsible unit."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="obstacles")
    category = models.CharField("问题类别", max_length=16, choices=ObstacleCategory.choices)
    description = models.TextField("问题描述")
    responsible_unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="obstacles")
    deadline = models.DateField("办结时限", validators=[validate_date])
    status = models.CharField("状态", max_length=12, choices=ObstacleStatus.choices, default=ObstacleStatus.OPEN)
    escalated_to = models.ForeignKey(Person, verbose_name="上报领导", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    # The leader's latest 批示 on an escalated problem; earlier ones stay in history
    # and in the thread.
    instruction = models.TextField("领导批示", blank=True)
    instructed_by = models.ForeignKey(Person, verbose_name="批示领导", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    instructed_at = models.DateTimeField("批示时间", null=True, blank=True)
    raised_at = models.DateTimeField("提出时间", default=timezone.now)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT, related_name="+", null=True)
    resolved_at = models.DateTimeField("销号时间", null=True, blank=True)

    history = HistoricalRecords()
    objects = ObstacleQuerySet.as_manager()

    class Meta:
        verbose_name = "项目问题"
        verbose_name_plural = "问题清单"
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}：{self.description[:20]}"


class NoteKind(models.TextChoices):
    NOTE = "note", "办理情况"
    ESCALATION = "escalation", "上报"
    PROPOSAL = "proposal", "申请销号"
    RETURNED = "returned", "退回"
    CLOSED = "closed", "确认销号"
    INSTRUCTION = "instruction", "领导批示"


def obstacle_note_path(instance: ObstacleNote, filename: str) -> str:
    """A random name, as for evidence: the original name is kept in a field."""
    extension = PurePath(filename).suffix.lower()
    return f"projects/obstacle_notes/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class ObstacleNote(models.Model):
    """One entry of an obstacle's thread: what the responsible unit did, a 销号
    proposal with its evidence, the owner's confirmation or return, a leader's 批示.
    Entries are only added, never edited: the thread is the record of the handling."""

    obstacle = models.ForeignKey(Obstacle, verbose_name="问题", on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField("类型", max_length=12, choices=NoteKind.choices, default=NoteKind.NOTE)
    text = models.TextField("内容")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填写人", on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    # Served only through a view that asks get_obstacle_for_user (the department
    # that may not see the project's evidence still sees its own thread).
    attachment = models.FileField("附件", upload_to=obstacle_note_path, max_length=200, blank=True)
    attachment_name = models.CharField("附件名", max_length=200, blank=True)
    attachment_type = models.CharField("附件类型", max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "问题办理记录"
        verbose_name_plural = "问题办理记录"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.text[:20]}"


class ImportKind(models.TextChoices):
    PROJECTS = "projects", "项目"
    FUNDS = "funds", "到位资金"


class ImportStatus(models.TextChoices):
    # Background tasks run the checks (CHECKING) and the write (IMPORTING).
    CHECKING = "checking", "正在校验"
    PREVIEWED = "previewed", "待确认"
    IMPORTING = "importing", "正在导入"
    IMPORTED = "imported", "已导入"
    FAILED = "failed", "导入失败"


def import_file_path(instance: ImportLog, filename: str) -> str:
    """A random name: the uploaded name is kept in `file_name`, never used as a path."""
    return f"projects/imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xlsx"


class ImportLogQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportLogQuerySet:
        """A log, and the uploaded file behind it, belong to whoever uploaded it;
        the admin sees every one."""
        if not user.is_authenticated:
            return self.none()
        if access.is_admin(user):
            return self.all()
        return self.filter(user=user)

    def stalled(self, now: datetime) -> ImportLogQuerySet:
        """Checking or importing, but no sign of life for TASK_STALL_SECONDS: the
        worker running it has died (a running import reports progress as it goes)."""
        cutoff = now - timedelta(seconds=settings.TASK_STALL_SECONDS)
        running = self.filter(status__in=[ImportStatus.CHECKING, ImportStatus.IMPORTING])
        return running.filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff))


class ImportLog(models.Model):
    """One Excel import: uploaded, previewed, then confirmed (or refused). The file
    is kept in MEDIA_ROOT under a random name between preview and confirm, so the
    confirm step reads what was previewed rather than anything re-posted."""

    kind = models.CharField("导入类型", max_length=10, choices=ImportKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("上传时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    file_name = models.CharField("文件名", max_length=200)
    file = models.FileField("文件", upload_to=import_file_path, max_length=200, blank=True)
    row_count = models.PositiveIntegerField("行数", default=0)
    created_count = models.PositiveIntegerField("导入条数", default=0)
    status = models.CharField("结果", max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    errors = models.JSONField("错误", default=list, blank=True)
    # Each row as the preview showed it: {"row": n, "values": [...], "errors": [...]}.
    preview = models.JSONField("预览", default=list, blank=True)
    # The validated rows (core/importing/pipeline.encode), kept from preview to confirm.
    rows = models.JSONField("校验后的数据", default=list, blank=True, editable=False)
    progress = models.PositiveSmallIntegerField("进度(%)", default=0)
    progress_message = models.CharField("进度说明", max_length=100, blank=True)
    heartbeat_at = models.DateTimeField("最近进展时间", null=True, blank=True)

    # The story of an import is its status, counts and errors; the row data (up to
    # IMPORT_MAX_ROWS rows) and the progress ticks would only repeat in every version.
    history = HistoricalRecords(excluded_fields=["preview", "rows", "progress", "progress_message", "heartbeat_at"])
    objects = ImportLogQuerySet.as_manager()

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user) -> FollowUpQuerySet:
        return self.filter(project__in=Project.objects.visible_to(user))


class FollowUp(models.Model):
    """跟踪服务记录: a visit, call or meeting on a project (谁引进、谁负责、谁跟踪、谁服务).
    A signed project with no follow-up for 30 days feeds the 签约即止 alert."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="follow_ups")
    date = models.DateField("跟踪日期")
    note = models.TextField("跟踪情况")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+", null=True)

    history = HistoricalRecords()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = "跟踪记录"
        verbose_name_plural = "跟踪记录"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.project} {self.date:%Y-%m-%d}"
