"""Projects, their credits, teams and stage events, and the date-aware query builders (reached by, at least N 亿元)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import connection, models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from zhaoshang.accounts import access
from zhaoshang.core.money import min_minor_for
from zhaoshang.core.ranges import validate_amount, validate_date, validate_name
from zhaoshang.core.versions import Versioned
from zhaoshang.organisation.models import Person, Unit, county_path, subtree_q

from ..validators import validate_uscc
from .choices import PIPELINE, UNCOUNTED, YI, Category, Currency, DuplicateStatus, EnvScreening, KeyLevel, LandStatus, Stage, TeamRole, counted_q
from .credits import ProjectCredit, SameProject
from .investors import Investor
from .plans import ExchangeRate

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


# A project lies in one county (visibility reads it from the row): Project.clean and
# the stage gate (actions.stages) refuse a landing place elsewhere.
LANDING_IN_OTHER_COUNTY = "落地园区/乡镇须在引进单位所在的县（市、区）"


def scope_keys(user) -> tuple[dict[str, int], dict[int, str]]:
    """{county path: unit id} of the counties the user's roles lie in, and {person
    id: county path} of the persons the login is (whose led projects they see):
    literal values, so the database can use the county index. Kept on the user
    object for the request, as access keeps the roles."""
    keys = getattr(user, "_zs_project_scope", None)
    if keys is None:
        paths = access.read_paths(user)

        def read() -> tuple[dict[str, int], dict[int, str]]:
            roots = {county_path(path) for path in paths}
            counties = dict(Unit.objects.filter(path__in=roots).values_list("path", "pk")) if roots else {}
            persons = Person.objects.filter(user=user).values_list("pk", "unit__path") if user.pk else []
            return counties, {pk: county_path(path) for pk, path in persons}

        # Across requests too, until a role, unit or person changes (access.kept_for).
        # The paths follow from the roles, which that version covers, except an
        # admin's (is_superuser, read from the user row): a name of its own.
        name = "projects:admin" if access.is_admin(user) else "projects"
        keys = access.kept_for(user, name, read) if user.pk else read()
        user._zs_project_scope = keys
    return keys


class ProjectQuerySet(models.QuerySet):
    def _in_paths(self, paths: list[str], *, landing: bool) -> Q:
        """Projects introduced by, credited to, or (when `landing`) landing in a unit
        under the given paths."""
        credited = ProjectCredit.objects.filter(subtree_q(paths, "unit__path"), project=OuterRef("pk"))
        q = subtree_q(paths, "introducing_unit__path") | Q(Exists(credited))
        if landing:
            q |= subtree_q(paths, "landing_unit__path")
        return q

    def _scoped(self, user, paths: list[str], *, landing: bool) -> ProjectQuerySet:
        """_in_paths(paths) or led by the user, told by the county stored on the row
        first: every unit a project names lies in its county (Project.clean,
        actions.check_credits_for, check_leader), so a scope that is a whole county
        is one index range (county, newest first) and a unit's scope is tested only
        among its county's projects, never across the province."""
        counties, led = scope_keys(user)
        whole = [counties[p] for p in paths if p in counties]
        q = Q(county_id__in=whole) if whole else Q(pk__in=[])
        for path in paths:
            if path not in counties and county_path(path) in counties:
                q |= Q(county_id=counties[county_path(path)]) & self._in_paths([path], landing=landing)
        if led:
            q |= Q(responsible_leader_id__in=sorted(led))
        return self.filter(q)

    def visible_to(self, user) -> ProjectQuerySet:
        """Reporters and unit heads see what their subtree introduced, is credited
        with, or hosts; leaders and bureau read their whole jurisdiction the same
        way (their scope is the county); admin sees all."""
        if not user.is_authenticated:
            return self.none()
        if access.is_admin(user):
            return self.all()
        return self._scoped(user, access.read_paths(user), landing=True)

    def editable_by(self, user) -> ProjectQuerySet:
        """Bureau in scope; reporters and unit heads of a credited or introducing
        unit (the landing unit only hosts, it does not own); a leader only the
        projects they lead."""
        if not user.is_authenticated:
            return self.none()
        if access.is_admin(user):
            return self.all()
        return self._scoped(user, access.write_paths(user), landing=False)

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
        events = StageEvent.objects.active().filter(
            project=OuterRef("pk"), kind=EventKind.STAGE, stage=Stage.SIGNED, date__gte=start, date__lte=end
        )
        return self.filter(Exists(events))

    def reached_by(self, stage: str, as_of: date) -> ProjectQuerySet:
        """Projects that had reached `stage` (or a later pipeline stage) by `as_of`,
        as the events recorded then show (reached)."""
        return self.filter(reached(stage, as_of))

    def entered_between(self, stage: str, start: date, end: date, as_of: date) -> ProjectQuerySet:
        """Projects whose event for exactly `stage` is dated in [start, end], as the
        record stood at `as_of` (skipped stages get dated events too): the
        dashboard funnel's "entered the stage in the period"."""
        events = StageEvent.objects.as_of(as_of).filter(
            project=OuterRef("pk"), kind=EventKind.STAGE, stage=stage, date__gte=start, date__lte=end
        )
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
        return self.annotate(
            stage_order=models.Case(*whens, default=models.Value(len(PIPELINE)), output_field=models.IntegerField())
        )

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

    # What a screen, an import or the API may set, in the order the form shows it
    # (the one declaration: actions.PROJECT_FIELDS, ProjectForm and the API's
    # ProjectCreate/ProjectUpdate are held to it). Stage, signing data, duplicate
    # status and version are maintained by the actions.
    EDITABLE_FIELDS = (
        "name",
        "investor",
        "source_region",
        "industry",
        "category",
        "currency",
        "total_investment",
        "is_foreign_funded",
        "introducing_unit",
        "landing_unit",
        "landing_address",
        "responsible_leader",
        "key_level",
        "is_fortune500",
        "is_high_tech",
        "planned_signed_on",
        "planned_registered_on",
        "planned_started_on",
        "planned_completed_on",
        "planned_producing_on",
        "land_status",
        "env_screening",
        "progress_text",
        "company_uscc",
    )

    name = models.CharField("项目名称", max_length=200, validators=[validate_name])
    investor = models.ForeignKey(
        Investor, verbose_name="客商", on_delete=models.PROTECT, related_name="projects", null=True, blank=True
    )
    source_region = models.CharField("来源地区", max_length=60, blank=True)
    industry = models.CharField("行业", max_length=60, blank=True)
    category = models.CharField("项目类别", max_length=20, choices=Category.choices)
    currency = models.CharField("币种", max_length=3, choices=Currency.choices, default=Currency.CNY)
    total_investment = models.BigIntegerField(
        "总投资", default=0, validators=[MinValueValidator(0), validate_amount], help_text="人民币为元，美元为美分"
    )
    is_foreign_funded = models.BooleanField("外资项目", default=False)
    introducing_unit = models.ForeignKey(
        Unit, verbose_name="引进单位", on_delete=models.PROTECT, related_name="introduced_projects"
    )
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
    land_status = models.CharField(
        "用地报批", max_length=12, choices=LandStatus.choices, default=LandStatus.NOT_STARTED
    )
    env_screening = models.CharField(
        "环保研判", max_length=10, choices=EnvScreening.choices, default=EnvScreening.PENDING
    )
    progress_text = models.TextField("形象进度", blank=True)
    company_uscc = models.CharField(
        "项目公司统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc]
    )
    intent_signed_on = models.DateField("意向协议日期", null=True, blank=True)

    # Cache of the stage events, maintained by actions.py only (see module doc).
    stage = models.CharField("当前阶段", max_length=12, choices=Stage.choices, default=Stage.LEAD, editable=False)
    stage_reason = models.CharField("停滞/终止原因", max_length=200, blank=True, editable=False)
    signed_on = models.DateField("签约日期", null=True, blank=True, editable=False)
    contract_amount = models.BigIntegerField("合同金额", null=True, blank=True, editable=False)

    duplicate_status = models.CharField(
        "重复研判", max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.NONE, editable=False
    )
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

    # The county (tree root) the introducing unit lies in, kept by save() and, for
    # rows written in bulk, by fill_counties: what visibility filters and the list's
    # index (county, newest first) starts from. Derived, so not in the history.
    county = models.ForeignKey(
        Unit, verbose_name="所属县（市、区）", on_delete=models.PROTECT, related_name="+", null=True, editable=False, db_index=False
    )

    history = HistoricalRecords(excluded_fields=["county"])
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
        # The list's first page in a county is a range of this index (its default order).
        indexes = [
            models.Index(fields=["id", "duplicate_status"], name="project_counted_cover"),
            models.Index(fields=["county", "-created_at", "-id"], name="project_county_recent"),
        ]

    # The introducing unit the stored county was derived from (from_db, save).
    _county_of: int | None = None

    def __str__(self) -> str:
        return self.name

    # Whether the project counted as its credits say (from_db, save).
    _counted_as: bool | None = None

    @classmethod
    def from_db(cls, db, field_names, values):
        project = super().from_db(db, field_names, values)
        if project.__dict__.get("county_id") is not None:
            project._county_of = project.__dict__.get("introducing_unit_id")
        if "duplicate_status" in project.__dict__:
            project._counted_as = project.duplicate_status not in UNCOUNTED
        return project

    def save(self, *args, **kwargs) -> None:
        adding = self._state.adding
        unit_id = self.introducing_unit_id
        if unit_id is not None and (self.county_id is None or unit_id != self._county_of):
            path = county_path(self.introducing_unit.path)
            self.county_id = unit_id if path == self.introducing_unit.path else Unit.objects.get(path=path).pk
            self._county_of = unit_id
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "county"}
        super().save(*args, **kwargs)
        # A hold, a merge or a release changes what counts: the credits carry it
        # (ProjectCredit.counted). A new project has no credits yet; one read
        # without its status (None) is checked.
        counted = self.duplicate_status not in UNCOUNTED
        if not adding and counted != self._counted_as:
            self.credits.exclude(counted=counted).update(counted=counted)
        self._counted_as = counted

    @property
    def is_merged(self) -> bool:
        return self.duplicate_status == DuplicateStatus.MERGED

    def clean(self) -> None:
        errors = planned_date_errors({name: getattr(self, name) for name in PLANNED_DATES})
        # A project lies in one county: visibility reads its county from the row.
        if self.landing_unit_id and self.introducing_unit_id:
            if county_path(self.landing_unit.path) != county_path(self.introducing_unit.path):
                errors["landing_unit"] = LANDING_IN_OTHER_COUNTY
        if errors:
            raise ValidationError(errors)

    def compute_is_yi_plus(self, today: date | None = None) -> bool:
        """`today` for a caller asking of many projects at once (an import)."""
        year = (self.signed_on or today or timezone.localdate()).year
        yuan = ExchangeRate.to_cny(self.total_investment or 0, self.currency, year)
        return yuan is not None and yuan >= YI


# Sets the county of every project that has none from its introducing unit's path,
# in one statement on SQLite and PostgreSQL (the migration that added the column
# runs the same).
FILL_COUNTIES_SQL = f"""
UPDATE projects_project SET county_id = (
    SELECT root.id FROM organisation_unit root, organisation_unit unit
    WHERE unit.id = projects_project.introducing_unit_id AND root.path = SUBSTR(unit.path, 1, {Unit.steplen})
) WHERE county_id IS NULL"""


def fill_counties(**kwargs) -> None:
    """The county of projects written without save() (core.importing.bulk's
    records_written, dashboard.bench)."""
    with connection.cursor() as cursor:
        cursor.execute(FILL_COUNTIES_SQL)


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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+", null=True
    )
    note = models.TextField("说明", blank=True)
    contract_amount = models.BigIntegerField("合同金额", null=True, blank=True)
    contract_currency = models.CharField("合同币种", max_length=3, choices=Currency.choices, blank=True)
    company_uscc = models.CharField("项目公司统一社会信用代码", max_length=18, blank=True)
    landing_unit = models.ForeignKey(
        Unit, verbose_name="落地园区/乡镇", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="作废人", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    void_reason = models.CharField("作废原因", max_length=200, blank=True)
    credits = SameProject("projects.ProjectCredit")

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

