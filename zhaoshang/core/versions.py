"""No lost updates: optimistic locking for every editable record.

A record carries a `version`; an edit screen or API call sends back the version
it was based on, and the update action calls `bump_version` first. The check is
in the UPDATE's WHERE clause, so of two saves based on the same version only the
first one matches a row; the second gets a ConflictError that names who changed
which fields since (read from the record's history), which the screens show with
status 409 and the API answers as 409 `{"detail", "changed_fields"}`.

django's User has no version column: `history_version` / `check_history_version`
do the same from its history rows.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from .history import HIDDEN_FIELDS


class Versioned(models.Model):
    """Mixin of every record a screen or the API edits. Only `bump_version` and the
    workflow actions of a record move its version; it is not a form field."""

    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        abstract = True


class ConflictError(Exception):
    """Someone else saved the same record since the user loaded it. The message
    (Chinese) names who and which fields changed, so the user knows what to check;
    `current_version` is what a deliberate second save is based on."""

    def __init__(self, message: str, changed_fields: list[str] | None = None, current_version: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.changed_fields = changed_fields or []
        self.current_version = current_version


def _conflict(current: models.Model, seen: Any, what: str, current_version: int) -> ConflictError:
    """The refusal of a stale save: who saved since, and which fields (the
    difference between `seen`, the history row the user edited, and the latest)."""
    latest = current.history.order_by("-history_date", "-history_id").first()
    labels: list[str] = []
    if latest is not None and seen is not None:
        for change in latest.diff_against(seen).changes:
            if change.field not in HIDDEN_FIELDS:
                labels.append(str(type(current)._meta.get_field(change.field).verbose_name))
    who = "他人"
    if latest is not None and latest.history_user is not None:
        who = latest.history_user.get_full_name() or latest.history_user.username
    when = f"于{timezone.localtime(latest.history_date):%Y-%m-%d %H:%M}" if latest else ""
    # A change of the record's rows elsewhere (a campaign's rules) names itself in the reason.
    changed = "、".join(labels) or (latest.history_change_reason if latest else "") or "内容"
    return ConflictError(
        f"保存失败：{what}已被{who}{when}修改（{changed}），请核对后重新保存。",
        changed_fields=labels,
        current_version=current_version,
    )


def bump_version(obj: Versioned, expected_version: int, what: str = "") -> None:
    """Claim the next version of `obj` for this save, or raise ConflictError when
    the record moved on since `expected_version`. `what` names the record in the
    message (default 该 + its verbose name). Call it inside the action's transaction,
    before the save that writes the history row: `obj.version` is set to the new one."""
    model = type(obj)
    what = what or f"该{model._meta.verbose_name}"
    claimed = model._default_manager.filter(pk=obj.pk, version=expected_version).update(version=expected_version + 1)
    if not claimed:
        current = model._default_manager.get(pk=obj.pk)
        seen = current.history.filter(version=expected_version).order_by("-history_date", "-history_id").first()
        raise _conflict(current, seen, what, current.version)
    obj.version = expected_version + 1


# ---------------------------------------------------------------- records without a version column
#
# django's User is not ours to add a column to. Its version is the id of its latest
# history row; any save writes one, but so does every login (last_login), so a
# save is refused only when the fields history keeps differ from the row edited.


def history_version(obj: models.Model) -> int:
    """The version an edit page of `obj` carries: its latest history row."""
    return obj.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


def check_history_version(obj: models.Model, expected_version: int, what: str = "") -> None:
    """Refuse (ConflictError) a save of `obj` edited on `expected_version` (see
    history_version) when its fields changed since. Locks the row until the end of
    the action's transaction, so the check and the save are one step."""
    model = type(obj)
    current = model._default_manager.select_for_update().get(pk=obj.pk)
    latest = current.history.order_by("-history_id").first()
    if latest is None or latest.history_id == expected_version:
        return
    seen = current.history.filter(history_id=expected_version).first()
    if seen is not None and all(change.field in HIDDEN_FIELDS for change in latest.diff_against(seen).changes):
        return
    raise _conflict(current, seen, what or f"该{model._meta.verbose_name}", latest.history_id)
