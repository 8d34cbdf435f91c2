"""Creating, editing and publishing disclosures (bureau only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhaoshang.accounts import access
from zhaoshang.core.versions import bump_version

from .models import Column, Disclosure

FIELDS = ("period", "title", "as_of", "columns")


def _require_bureau(user: User, disclosure: Disclosure) -> None:
    if not access.covers(access.bureau_paths(user), disclosure.jurisdiction.path):
        raise PermissionDenied


def _check(disclosure: Disclosure) -> None:
    period = disclosure.period
    if not period.start <= disclosure.as_of <= period.end:
        raise ValidationError({"as_of": f"公布截至日期须在考核期间（{period.start}至{period.end}）之内"})
    unknown = set(disclosure.columns) - set(Column.values)
    if unknown:
        raise ValidationError({"columns": "未知的栏目：" + "、".join(sorted(unknown))})
    duplicate = Disclosure.objects.filter(period=period, as_of=disclosure.as_of).exclude(pk=disclosure.pk)
    if duplicate.exists():
        raise ValidationError({"as_of": "该考核期间在此日期已有公开记录"})


def _save(disclosure: Disclosure, user: User) -> Disclosure:
    disclosure._history_user = user
    disclosure.save()
    return disclosure


@transaction.atomic
def do_create_disclosure(data: Mapping[str, Any], user: User) -> Disclosure:
    disclosure = Disclosure(jurisdiction=data["period"].jurisdiction, **{f: data[f] for f in FIELDS})
    _require_bureau(user, disclosure)
    _check(disclosure)
    return _save(disclosure, user)


@transaction.atomic
def do_update_disclosure(
    disclosure: Disclosure, data: Mapping[str, Any], expected_version: int, user: User
) -> Disclosure:
    """Save a disclosure edit made on `expected_version`; a stale one raises ConflictError."""
    _require_bureau(user, disclosure)
    bump_version(disclosure, expected_version)
    for name in FIELDS:
        setattr(disclosure, name, data[name])
    disclosure.jurisdiction = disclosure.period.jurisdiction
    _require_bureau(user, disclosure)
    _check(disclosure)
    return _save(disclosure, user)


@transaction.atomic
def do_publish_disclosure(disclosure: Disclosure, user: User) -> Disclosure:
    _require_bureau(user, disclosure)
    if disclosure.is_published:
        raise ValidationError("该进度已公开")
    disclosure.is_published = True
    disclosure.published_at = timezone.now()
    disclosure.published_by = user
    return _save(disclosure, user)


@transaction.atomic
def do_unpublish_disclosure(disclosure: Disclosure, user: User) -> Disclosure:
    _require_bureau(user, disclosure)
    if not disclosure.is_published:
        raise ValidationError("该进度尚未公开")
    disclosure.is_published = False
    return _save(disclosure, user)
