"""No lost updates: optimistic locking for every editable record.

A record carries a `version`; an edit screen or API call sends back the version
it was based on, and the update action calls `bump_version` first. The check is
in the UPDATE's WHERE clause, so of two saves based on the same version only the
first one matches a row; the second gets a ConflictError that names who changed
which fields since (read from the record's history), which the screens show with
status 409 and the API answers as 409 `{"detail", "changed_fields"}`.
"""

from __future__ import annotations

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


def _conflict(current: Versioned, expected_version: int, what: str) -> ConflictError:
    """The refusal of a stale save: who saved since, and which fields."""
    history = current.history.all()
    latest = history.order_by("-history_date", "-history_id").first()
    seen = history.filter(version=expected_version).order_by("-history_date", "-history_id").first()
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
        current_version=current.version,
    )


def bump_version(obj: Versioned, expected_version: int | None, what: str = "") -> None:
    """Claim the next version of `obj` for this save, or raise ConflictError when
    the record moved on since `expected_version`. `what` names the record in the
    message (default 该 + its verbose name). Call it inside the action's transaction,
    before the save that writes the history row: `obj.version` is set to the new one."""
    model = type(obj)
    what = what or f"该{model._meta.verbose_name}"
    expected = expected_version or 0
    if not model._default_manager.filter(pk=obj.pk, version=expected).update(version=expected + 1):
        raise _conflict(model._default_manager.get(pk=obj.pk), expected, what)
    obj.version = expected + 1
