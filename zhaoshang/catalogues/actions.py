"""Changes to the lists, with history (who, when, old → new)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhaoshang.core.versions import bump_version

from .access import can_manage_lists
from .models import ListEntry


def _check(model: type[ListEntry], name: str, user: User, exclude: int | None = None) -> str:
    if not can_manage_lists(user):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写名称"})
    if model.objects.filter(name=name).exclude(pk=exclude).exists():
        raise ValidationError({"name": f"「{name}」已在{model._meta.verbose_name}名录中"})
    return name


@transaction.atomic
def do_add_entry(model: type[ListEntry], name: str, user: User) -> ListEntry:
    """A new entry, placed last."""
    name = _check(model, name, user)
    last = model.objects.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0
    entry = model(name=name, sort_order=last + 10)
    entry._history_user = user
    entry.save()
    return entry


@transaction.atomic
def do_update_entry(entry: ListEntry, data: dict, user: User, *, expected_version: int) -> ListEntry:
    """Rename, reorder, retire or restore. Projects keep the name they were given."""
    data = {**data, "name": _check(type(entry), data["name"], user, exclude=entry.pk)}
    bump_version(entry, expected_version)
    for field in ("name", "sort_order", "is_active"):
        setattr(entry, field, data[field])
    entry._history_user = user
    entry.save()
    return entry
