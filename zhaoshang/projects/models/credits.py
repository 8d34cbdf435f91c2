"""联合引进: the credits of a project (ProjectCredit), what a figure's scope asks of
them kept on them, and the join from a project's rows (its fund entries, its
events) straight to its credits (SameProject). The project is named by its
label here (projects.py imports this module)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from simple_history.models import HistoricalRecords

from zhaoshang.organisation.models import PathField, Unit

from .choices import UNCOUNTED


def fill_credits(credits: models.QuerySet | None = None) -> None:
    """Copy onto the credits (those given, or all of them) their unit's path and
    whether their project counts (ProjectCredit.unit_path, .counted), in one
    statement: for a subtree moved in the tree (organisation.subtree_moved), or to
    repair credits written without save(). The import and dashboard.bench write
    both with the rows instead."""
    projects = ProjectCredit._meta.get_field("project").related_model
    (ProjectCredit.objects.all() if credits is None else credits).update(
        unit_path=Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).values("path")[:1]),
        counted=~Exists(projects.objects.filter(pk=OuterRef("project_id"), duplicate_status__in=UNCOUNTED)),
    )


def credits_moved(unit: Unit, **kwargs) -> None:
    fill_credits(ProjectCredit.objects.filter(unit__path__startswith=unit.path))


class ProjectCredit(models.Model):
    """联合引进: a unit's share of a project's credit, in basis points (10000 = 100%)."""

    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="credits")
    unit = models.ForeignKey(Unit, verbose_name="分成单位", on_delete=models.PROTECT, related_name="project_credits")
    share_bp = models.PositiveIntegerField(
        "分成比例（万分比）", validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    # What a figure's scope asks of the credit, copied onto it so the figures read it
    # from the credit's own index instead of looking up its unit and its project row
    # by row (issue 13): the unit's tree path and whether the project counts
    # (counted_q). Kept by save() and Project.save(), and for rows written in bulk
    # or moved in the tree by fill_credits. Derived, so not in the history.
    unit_path = PathField("分成单位路径", max_length=255, editable=False, default="")
    counted = models.BooleanField("计入统计", editable=False, default=True)

    history = HistoricalRecords(excluded_fields=["unit_path", "counted"])

    class Meta:
        verbose_name = "项目分成"
        verbose_name_plural = "项目分成"
        constraints = [
            models.UniqueConstraint(fields=["project", "unit"], name="credit_unique_unit"),
            models.CheckConstraint(condition=Q(share_bp__gt=0, share_bp__lte=10000), name="credit_share_range"),
        ]
        # A unit's projects (visibility, the list's unit filter) from its credits,
        # and the figures' scope (counted credits under a path) with what they read
        # of the credit: each from its index alone. Counted credits under a path
        # prefix are a range of the second (PostgreSQL needs the pattern operator
        # class to use it for LIKE; other databases ignore opclasses).
        indexes = [
            models.Index(fields=["unit", "project", "share_bp"], name="credit_unit_cover"),
            models.Index(
                fields=["counted", "unit_path", "project", "share_bp"], name="credit_scope_cover",
                opclasses=["bool_ops", "varchar_pattern_ops", "int8_ops", "int4_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.share_bp / 100:g}%"

    # The unit the stored path was copied from (from_db, save).
    _path_of: int | None = None

    @classmethod
    def from_db(cls, db, field_names, values):
        credit = super().from_db(db, field_names, values)
        if credit.__dict__.get("unit_path"):
            credit._path_of = credit.__dict__.get("unit_id")
        return credit

    def save(self, *args, **kwargs) -> None:
        # The project is usually in hand (the credit was made with it, or read
        # through project.credits), and the unit is read only for a new credit.
        if self.unit_id != self._path_of:
            self.unit_path, self._path_of = self.unit.path, self.unit_id
        self.counted = self.project.duplicate_status not in UNCOUNTED
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "unit_path", "counted"}
        super().save(*args, **kwargs)


class SameProject(models.ForeignObject):
    """The rows of another model that share the row's project: a fund entry's or an
    event's credits (ProjectCredit), a fund entry's events (StageEvent). Joined on
    the project id both carry, so the figures reach them in one join, without the
    project row between (issue 13). Nothing reads it as an attribute: the figures
    only filter and group through it."""

    # One row, many rows (as GenericRelation declares itself): so the target
    # need not be unique, and the row's fields (full_clean, the history, forms)
    # leave it out, as they do a reverse relation.
    requires_unique_target = False
    many_to_one = False
    one_to_many = True

    def __init__(self, to: str) -> None:
        super().__init__(to, from_fields=["project"], to_fields=["project"], on_delete=models.DO_NOTHING, related_name="+", editable=False)

    def contribute_to_class(self, cls, name, private_only=False, **kwargs) -> None:
        # Private, as GenericRelation is: no column, so no migration either.
        super().contribute_to_class(cls, name, private_only=True, **kwargs)
