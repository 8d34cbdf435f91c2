"""Activities (docs/domain.md §4): outbound trips (外出招商), investor visits (客商来访考察),
events (推介会/洽谈会/节会) with their signings, stationed-team membership
(驻点招商), publicity (宣传报道), and the bureau's weights for the activity index
(招商活跃指数).

Every record belongs to one unit (organiser, host, team); scoping follows that
unit's tree path exactly as `Person.objects.visible_to` does."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from zhaoshang.accounts import access
from zhaoshang.core.versions import Versioned
from zhaoshang.organisation.models import Division, Person, Unit, subtree_q


def _scoped(qs: models.QuerySet, field: str, paths: list[str]) -> models.QuerySet:
    return qs.filter(subtree_q(paths, field))


class UnitScopedQuerySet(models.QuerySet):
    """`unit_field` names the path of the unit a record belongs to."""

    unit_field = "unit__path"

    def visible_to(self, user):
        return _scoped(self, self.unit_field, access.read_paths(user))

    def editable_by(self, user):
        return _scoped(self, self.unit_field, access.write_paths(user))

    def within(self, unit: Unit | None):
        """Records of a unit and its subtree; None keeps everything."""
        return self if unit is None else self.filter(**{f"{self.unit_field}__startswith": unit.path})

    def in_division(self, division: Division | None):
        """Records of the division's member units and their subtrees (the metrics'
        division scope); None keeps everything."""
        if division is None:
            return self
        return self.filter(subtree_q(division.units.values_list("path", flat=True), self.unit_field))


def is_principal_leader(person: Person) -> bool:
    """主要负责人 in the speeches' sense: a unit's 一把手 or one of the 四大家 leaders."""
    return bool(person.is_principal or person.leader_body)


# ---------------------------------------------------------------- trips


class TripQuerySet(UnitScopedQuerySet):
    def started_between(self, start: date | None, end: date | None) -> TripQuerySet:
        qs = self
        if start:
            qs = qs.filter(start_date__gte=start)
        if end:
            qs = qs.filter(start_date__lte=end)
        return qs

    def principal_led(self, value: bool | None = True) -> TripQuerySet:
        return self if value is None else self.filter(is_principal_led=value)


class Trip(Versioned):
    """外出招商: one batch (批次) of an outbound investment-promotion trip."""

    unit = models.ForeignKey(Unit, verbose_name="组织单位", on_delete=models.PROTECT, related_name="trips")
    start_date = models.DateField("出发日期")
    end_date = models.DateField("返回日期")
    destination_city = models.CharField("目的地城市", max_length=40)
    destination_country = models.CharField("目的地国家/地区", max_length=40, default="中国")
    leaders = models.ManyToManyField(Person, verbose_name="带队领导", through="TripLeader", related_name="led_trips", blank=True)
    participants = models.TextField("参加人员", blank=True)
    companies_met = models.TextField("拜访企业", blank=True, help_text="未在客商库中的企业，每行一个")
    investors = models.ManyToManyField("projects.Investor", verbose_name="拜访客商", related_name="trips", blank=True)
    leads = models.ManyToManyField("projects.Project", verbose_name="形成线索/项目", related_name="trips", blank=True)
    notes = models.TextField("备注", blank=True)
    # Derived from the leaders when they are set (actions.py) and kept on the trip,
    # so the share led by principal leaders stays what it was even if a leader's
    # post changes later.
    is_principal_led = models.BooleanField("主要负责人带队", default=False, editable=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = TripQuerySet.as_manager()

    class Meta:
        verbose_name = "外出招商"
        verbose_name_plural = "外出招商"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="trip_end_after_start",
                violation_error_message="返回日期不能早于出发日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_date:%Y-%m-%d} 赴{self.destination_city}"


class TripLeader(models.Model):
    """A person leading a trip, with whether they counted as a principal leader on
    the day the trip was recorded."""

    trip = models.ForeignKey(Trip, verbose_name="外出招商", on_delete=models.CASCADE, related_name="leader_rows")
    person = models.ForeignKey(Person, verbose_name="带队领导", on_delete=models.PROTECT, related_name="+")
    is_principal_leader = models.BooleanField("主要负责人", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "带队领导"
        verbose_name_plural = "带队领导"
        constraints = [models.UniqueConstraint(fields=["trip", "person"], name="trip_leader_unique")]

    def __str__(self) -> str:
        return str(self.person)

    def save(self, *args, **kwargs) -> None:
        self.is_principal_leader = is_principal_leader(self.person)
        super().save(*args, **kwargs)


# ---------------------------------------------------------------- visits


class VisitQuerySet(UnitScopedQuerySet):
    unit_field = "host_unit__path"

    def started_between(self, start: date | None, end: date | None) -> VisitQuerySet:
        qs = self
        if start:
            qs = qs.filter(start_date__gte=start)
        if end:
            qs = qs.filter(start_date__lte=end)
        return qs


class Visit(Versioned):
    """客商来访考察: an investor's visit hosted by a unit."""

    investor = models.ForeignKey("projects.Investor", verbose_name="来访客商", on_delete=models.PROTECT, related_name="visits")
    start_date = models.DateField("来访日期")
    end_date = models.DateField("离开日期")
    host_unit = models.ForeignKey(Unit, verbose_name="接待单位", on_delete=models.PROTECT, related_name="visits")
    visitors = models.TextField("来访人员", blank=True)
    projects = models.ManyToManyField("projects.Project", verbose_name="洽谈项目", related_name="visits", blank=True)
    leaders = models.ManyToManyField(Person, verbose_name="陪同领导", related_name="accompanied_visits", blank=True)
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = "客商来访"
        verbose_name_plural = "客商来访"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="visit_end_after_start",
                violation_error_message="离开日期不能早于来访日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_date:%Y-%m-%d} {self.investor}"


# ---------------------------------------------------------------- events


class EventKind(models.TextChoices):
    PROMOTION = "promotion", "推介会"
    NEGOTIATION = "negotiation", "洽谈会"
    FESTIVAL = "festival", "节会"


class EventQuerySet(UnitScopedQuerySet):
    unit_field = "organiser__path"

    def between(self, start: date | None, end: date | None) -> EventQuerySet:
        qs = self
        if start:
            qs = qs.filter(date__gte=start)
        if end:
            qs = qs.filter(date__lte=end)
        return qs

    def with_signing_totals(self) -> EventQuerySet:
        return self.annotate(signing_count=models.Count("signings"), signing_total=models.Sum("signings__amount", default=0))


class Event(Versioned):
    """推介会/洽谈会/节会, at home or abroad, with the projects signed at it."""

    name = models.CharField("活动名称", max_length=200)
    kind = models.CharField("活动类型", max_length=12, choices=EventKind.choices, default=EventKind.PROMOTION)
    date = models.DateField("举办日期")
    place = models.CharField("举办地点", max_length=100)
    is_abroad = models.BooleanField("境外举办", default=False)
    organiser = models.ForeignKey(Unit, verbose_name="主办单位", on_delete=models.PROTECT, related_name="events")
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "招商活动"
        verbose_name_plural = "推介会/洽谈会"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.name


class EventSigning(models.Model):
    """A project signed at an event. The project may not be in the system yet
    (signings at a big 节会 are announced first), so a name alone is accepted."""

    event = models.ForeignKey(Event, verbose_name="招商活动", on_delete=models.CASCADE, related_name="signings")
    project = models.ForeignKey(
        "projects.Project",
        verbose_name="关联项目",
        on_delete=models.PROTECT,
        related_name="event_signings",
        null=True,
        blank=True,
    )
    project_name = models.CharField("签约项目名称", max_length=200)
    amount = models.BigIntegerField("签约金额（元）")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "活动签约项目"
        verbose_name_plural = "活动签约项目"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="event_signing_amount_not_negative",
                violation_error_message="签约金额不能为负数",
            )
        ]

    def __str__(self) -> str:
        return self.project_name


# ---------------------------------------------------------------- stationed teams


class TeamMembershipQuerySet(UnitScopedQuerySet):
    unit_field = "team__path"

    def current(self, on: date) -> TeamMembershipQuerySet:
        return self.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))


class TeamMembership(Versioned):
    """A person's time in a stationed team (驻点招商组). Churn is measured from
    these rows because the speeches blame turnover for lost continuity."""

    team = models.ForeignKey(Unit, verbose_name="驻点招商组", on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, verbose_name="成员", on_delete=models.PROTECT, related_name="team_memberships")
    joined_on = models.DateField("进组日期")
    left_on = models.DateField("离组日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = TeamMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "驻点招商组成员"
        verbose_name_plural = "驻点招商组成员"
        ordering = ["team__path", "joined_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
                violation_error_message="离组日期不能早于进组日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.person.name}"


# ---------------------------------------------------------------- publicity


class PublicityQuerySet(UnitScopedQuerySet):
    def between(self, start: date | None, end: date | None) -> PublicityQuerySet:
        qs = self
        if start:
            qs = qs.filter(date__gte=start)
        if end:
            qs = qs.filter(date__lte=end)
        return qs


class Publicity(Versioned):
    """宣传报道: a report on a unit's investment work in an outlet."""

    date = models.DateField("发布日期")
    unit = models.ForeignKey(Unit, verbose_name="报送单位", on_delete=models.PROTECT, related_name="publicity")
    title = models.CharField("标题", max_length=200)
    outlet = models.CharField("刊发媒体", max_length=100)
    url = models.URLField("链接", blank=True)

    history = HistoricalRecords()
    objects = PublicityQuerySet.as_manager()

    class Meta:
        verbose_name = "宣传报道"
        verbose_name_plural = "宣传报道"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------- activity index


SUB_INDICES: list[tuple[str, str]] = [
    ("signings", "签约"),
    ("starts", "开工"),
    ("trips", "外出招商"),
    ("visits", "客商来访"),
    ("events", "推介活动"),
    ("publicity", "宣传报道"),
]
# Used until the bureau saves its own weights: the project outcomes weigh most.
DEFAULT_WEIGHTS = {"signings": 30, "starts": 25, "trips": 15, "visits": 15, "events": 10, "publicity": 5}


class ActivityWeightsQuerySet(models.QuerySet):
    def visible_to(self, user) -> ActivityWeightsQuerySet:
        return self.filter(subtree_q(access.read_paths(user), "jurisdiction__path"))


def _weight(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(f"{label}权重", default=0)


class ActivityWeights(Versioned):
    """The bureau's weights of the activity index's sub-indices, one row per
    jurisdiction. Weights are relative: the score divides by their sum."""

    jurisdiction = models.OneToOneField(Unit, verbose_name="辖区", on_delete=models.PROTECT, related_name="activity_weights")
    signings = _weight("签约")
    starts = _weight("开工")
    trips = _weight("外出招商")
    visits = _weight("客商来访")
    events = _weight("推介活动")
    publicity = _weight("宣传报道")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = ActivityWeightsQuerySet.as_manager()

    class Meta:
        verbose_name = "活跃指数权重"
        verbose_name_plural = "活跃指数权重"

    def __str__(self) -> str:
        return f"{self.jurisdiction} 活跃指数权重"

    def as_dict(self) -> dict[str, int]:
        return {key: getattr(self, key) for key, _ in SUB_INDICES}

    @classmethod
    def for_jurisdiction(cls, jurisdiction: Unit) -> ActivityWeights:
        """The saved weights, or unsaved defaults."""
        found = cls.objects.filter(jurisdiction=jurisdiction).first()
        return found or cls(jurisdiction=jurisdiction, **DEFAULT_WEIGHTS)
