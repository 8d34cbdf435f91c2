"""Every change to periods and targets. Only the bureau (招商局) sets targets: it
decomposes the county's task downward (层层分解)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from datetime import date

from django.db import transaction
from django.utils import timezone

from zhaoshang.core.history import save_with_history as _save
from zhaoshang.accounts import access
from zhaoshang.core.versions import bump_version
from zhaoshang.core.ranges import validate_amount, validate_year
from zhaoshang.organisation.models import Unit

from .models import ExportFigure, Period, Target, TargetKind

PERIOD_FIELDS = frozenset({"jurisdiction", "kind", "name", "start", "end", "primary_kind"})
TARGET_FIELDS = frozenset({"period", "kind", "unit", "person", "amount", "category", "min_investment", "stage_reached", "note"})
# The project_count filter makes no sense on money targets.
COUNT_FILTER_FIELDS = ("category", "min_investment", "stage_reached")


def _check_fields(data: Mapping[str, Any], allowed: frozenset[str]) -> None:
    if unknown := set(data) - allowed:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")


def _check_bureau_for(user: User, path: str) -> None:
    if not access.covers(access.bureau_paths(user), path):
        raise PermissionDenied


def _bump(record: Period | Target, expected_version: int | None) -> None:
    if expected_version is None:
        raise TypeError(f"updating a {type(record).__name__} needs the expected_version it was edited on")
    bump_version(record, expected_version)


@transaction.atomic
def do_save_period(period: Period, data: Mapping[str, Any], user: User, *, expected_version: int | None = None) -> Period:
    """Create (unsaved `period`) or update a period of the user's jurisdiction, the
    update made on `expected_version` (a stale one raises ConflictError)."""
    _check_fields(data, PERIOD_FIELDS)
    if period.pk:
        _check_bureau_for(user, period.jurisdiction.path)
        _bump(period, expected_version)
    for name, value in data.items():
        setattr(period, name, value)
    _check_bureau_for(user, period.jurisdiction.path)
    if period.start and period.end and period.end < period.start:
        raise ValidationError({"end": "结束日期不能早于开始日期"})
    period.full_clean()
    _save(period, user)
    return period


@transaction.atomic
def do_save_target(target: Target, data: Mapping[str, Any], user: User, *, expected_version: int | None = None) -> Target:
    """Create (unsaved `target`) or update a target, the update made on
    `expected_version` (a stale one raises ConflictError). The holder must lie
    inside the period's jurisdiction and the bureau's scope."""
    _check_fields(data, TARGET_FIELDS)
    if target.pk:
        _check_bureau_for(user, target.holder_path())
        _bump(target, expected_version)
    for name, value in data.items():
        setattr(target, name, value)
    if (target.unit is None) == (target.person is None):
        raise ValidationError({"unit": "请选择单位或个人（二者选一）"})
    _check_bureau_for(user, target.holder_path())
    if not target.holder_path().startswith(target.period.jurisdiction.path):
        raise ValidationError({"unit": f"单位或个人须属于「{target.period.jurisdiction}」"})
    if target.amount is None or target.amount < 0:
        raise ValidationError({"amount": "任务数不能为负数"})
    try:
        validate_amount(target.amount)
    except ValidationError as error:
        raise ValidationError({"amount": error.messages}) from None
    if target.kind != TargetKind.PROJECT_COUNT:
        target.category, target.min_investment, target.stage_reached = "", None, ""
    target.full_clean()
    _save(target, user)
    return target


@transaction.atomic
def do_set_export_figure(unit: Unit, month: date, amount: int, user: User) -> ExportFigure:
    """Record (or correct) a unit's 外贸出口 for a month, in US cents. Only the
    bureau of the unit's jurisdiction copies the commerce statistics in."""
    _check_bureau_for(user, unit.path)
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        raise ValidationError({"month": "不能填报未来月份的出口额"})
    if amount < 0:
        raise ValidationError({"amount": "出口额不能为负数"})
    try:
        validate_year(month.year)
        validate_amount(amount)
    except ValidationError as error:
        raise ValidationError({"month" if error.code == "year_out_of_range" else "amount": error.messages}) from None
    figure = ExportFigure.objects.select_for_update().filter(unit=unit, month=month).first()
    if figure is None:
        figure = ExportFigure(unit=unit, month=month)
    elif figure.amount == amount:
        return figure  # unchanged: no history row
    figure.amount = amount
    _save(figure, user)
    return figure
