"""Units (单位), divisions (赛区) and persons (干部): docs/domain.md §1."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.dispatch import Signal
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from zhaoshang.accounts import access
from zhaoshang.core.versions import Versioned

if TYPE_CHECKING:
    from collections.abc import Iterable


class UnitKind(models.TextChoices):
    CITY = "city", "市"
    COUNTY = "county", "县(市、区)"
    LEADERSHIP = "leadership", "县委/县政府"
    BUREAU = "bureau", "招商局"
    ZONE = "zone", "开发区/园区"
    TOWNSHIP = "township", "乡镇/街道"
    DEPARTMENT = "department", "县直部门"
    STATIONED_TEAM = "stationed_team", "驻点招商组"
    SECTION = "section", "科室/小组"

    @classmethod
    def by_label(cls, label: str) -> UnitKind | None:
        return next((kind for kind in cls if kind.label == label), None)


class PathField(models.CharField):
    """A copy of a unit's tree path on another row (projects.ProjectCredit.unit_path),
    compared byte by byte on every database: on PostgreSQL in the "C" collation, so
    the planner estimates a path prefix (a county's rows) from the column's
    statistics. Under a linguistic collation it cannot, and its guess ran from
    100× too few rows to about right from one ANALYZE to the next, changing the
    county dashboard's plans (issue 13). SQLite compares bytes already; no
    collation name means the same on both, so the field picks it per database."""

    def db_parameters(self, connection):
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters


# Sent when a unit and its subtree have moved in the tree (actions.do_move_unit):
# treebeard rewrites their paths in SQL, so whoever copies a unit's path onto its
# own rows (projects.ProjectCredit.unit_path) copies it again. Argument: unit.
subtree_moved = Signal()


def subtree_q(paths: Iterable[str], field: str = "path") -> Q:
    """Q matching every node under (and including) the given tree paths.
    An empty list matches nothing."""
    paths = list(paths)
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__startswith": p}) for p in paths))


class UnitQuerySet(MP_NodeQuerySet):
    def active(self) -> UnitQuerySet:
        return self.filter(is_active=True)

    def within(self, paths: Iterable[str]) -> UnitQuerySet:
        return self.filter(subtree_q(paths))

    def visible_to(self, user) -> UnitQuerySet:
        return self.within(access.read_paths(user))

    def editable_by(self, user) -> UnitQuerySet:
        return self.within(access.unit_admin_paths(user))

    def search(self, text: str) -> UnitQuerySet:
        """Name or short name contains the text; blank text matches everything."""
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(short_name__icontains=text))

    def with_inactive(self, show: bool) -> UnitQuerySet:
        return self if show else self.active()


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self) -> UnitQuerySet:
        return UnitQuerySet(self.model, using=self._db).order_by("path")


class Unit(Versioned, MP_Node):
    """A node of the organisation tree: a county, a bureau, a township, a
    department, a stationed team, or a section inside one of them."""

    name = models.CharField("单位名称", max_length=100)
    short_name = models.CharField("简称", max_length=30, blank=True)
    kind = models.CharField("单位类型", max_length=20, choices=UnitKind.choices)
    division = models.ForeignKey(
        "Division",
        verbose_name="所属赛区",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    city = models.CharField("驻点城市", max_length=30, blank=True, help_text="驻点招商组所在城市")
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    history = HistoricalRecords(excluded_fields=["numchild"])
    objects = UnitManager()

    steplen = 4

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def subtree(self) -> UnitQuerySet:
        return Unit.objects.filter(path__startswith=self.path)

    def contains(self, other: Unit) -> bool:
        return other.path.startswith(self.path)


def county_path(path: str) -> str:
    """The path of the county (the tree's root) a unit path lies in."""
    return path[: Unit.steplen]


def ancestor_paths(paths: Iterable[str]) -> set[str]:
    """Every proper ancestor of the given tree paths."""
    return {p[:i] for p in paths for i in range(Unit.steplen, len(p), Unit.steplen)}


class DivisionQuerySet(models.QuerySet):
    def visible_to(self, user) -> DivisionQuerySet:
        """A unit user sees the divisions of the jurisdiction they belong to, so
        they know their own quota and competitors."""
        paths = access.read_paths(user)
        return self.filter(subtree_q(paths, "jurisdiction__path") | Q(jurisdiction__path__in=ancestor_paths(paths)))

    def editable_by(self, user) -> DivisionQuerySet:
        return self.filter(subtree_q(access.unit_admin_paths(user), "jurisdiction__path"))

    def search(self, text: str) -> DivisionQuerySet:
        text = text.strip()
        return self.filter(name__icontains=text) if text else self

    def with_member_count(self) -> DivisionQuerySet:
        return self.annotate(member_count=models.Count("units", filter=Q(units__is_active=True)))


class Division(Versioned):
    """A group of units that compete with each other and share a default quota
    (一赛区 6000万元 …). Units outside every competing division are held in a
    non-competing one (赛区以外的单位, 400万元) so that their quota is data too."""

    jurisdiction = models.ForeignKey(Unit, verbose_name="所属辖区", on_delete=models.PROTECT, related_name="divisions")
    name = models.CharField("赛区名称", max_length=50)
    default_quota = models.BigIntegerField("默认任务(元)", help_text="到位资金默认任务，单位：元")
    competes = models.BooleanField("参加排名", default=True, help_text="赛区以外的单位不参加赛区排名")
    sort_order = models.PositiveIntegerField("排序", default=0)

    history = HistoricalRecords()
    objects = DivisionQuerySet.as_manager()

    class Meta:
        verbose_name = "赛区"
        verbose_name_plural = "赛区"
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="division_unique_name"),
            models.CheckConstraint(condition=Q(default_quota__gte=0), name="division_quota_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class LeaderBody(models.TextChoices):
    """四大家: the four leading bodies whose leaders head projects and trips."""

    PARTY = "party", "县委"
    CONGRESS = "congress", "人大"
    GOVERNMENT = "government", "政府"
    CPPCC = "cppcc", "政协"


# Filter value for "any of the four bodies" (四大家领导 as a whole).
ANY_LEADER_BODY = "any"


def mask_phone(phone: str) -> str:
    """138****1234: enough to recognise a number, not enough to call it."""
    phone = phone.strip()
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "****" + phone[-4:]


class PersonQuerySet(models.QuerySet):
    def active(self) -> PersonQuerySet:
        return self.filter(is_active=True)

    def leaders(self) -> PersonQuerySet:
        return self.exclude(leader_body="")

    def visible_to(self, user) -> PersonQuerySet:
        return self.filter(subtree_q(access.read_paths(user), "unit__path"))

    def editable_by(self, user) -> PersonQuerySet:
        return self.filter(subtree_q(access.write_paths(user), "unit__path"))

    def with_phone_visibility(self, user) -> PersonQuerySet:
        """Annotate `phone_visible`: phone numbers are personal data, shown in full
        only to users who may edit the person (docs/domain.md §1, §3 contacts)."""
        condition = subtree_q(access.write_paths(user), "unit__path")
        return self.annotate(
            phone_visible=models.Case(
                models.When(condition, then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )

    def in_subtree(self, unit: Unit | None) -> PersonQuerySet:
        return self if unit is None else self.filter(unit__path__startswith=unit.path)

    def matching(
        self,
        *,
        text: str = "",
        unit: Unit | None = None,
        leader_body: str = "",
        principal: bool | None = None,
        active: bool | None = None,
    ) -> PersonQuerySet:
        """The person list's filters, shared by the page, its export and the API."""
        qs = self.in_subtree(unit)
        if text.strip():
            qs = qs.filter(Q(name__icontains=text.strip()) | Q(post__icontains=text.strip()))
        if leader_body == ANY_LEADER_BODY:
            qs = qs.leaders()
        elif leader_body:
            qs = qs.filter(leader_body=leader_body)
        if principal is not None:
            qs = qs.filter(is_principal=principal)
        if active is not None:
            qs = qs.filter(is_active=active)
        return qs


class Person(Versioned):
    """A cadre. May have a login (user) or not."""

    name = models.CharField("姓名", max_length=30)
    post = models.CharField("职务", max_length=60, blank=True)
    unit = models.ForeignKey(Unit, verbose_name="所在单位", on_delete=models.PROTECT, related_name="persons")
    is_principal = models.BooleanField("主要负责人", default=False, help_text="单位“一把手”")
    leader_body = models.CharField("四大家领导", max_length=12, choices=LeaderBody.choices, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("在职", default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）" if self.post else self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)
