
from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhaoshang.core.history import save_with_history as _save
from zhaoshang.organisation.models import Unit

from .. import access
from ..merge_plan import kept_stages
from ..models import (
    DuplicateStatus,
    EventKind,
    Project,
)
from .projects import _write_credits, validate_credits
from .stages import _sync_from_events

# ---------------------------------------------------------------- duplicates


@transaction.atomic
def do_merge_projects(
    survivor: Project, duplicate: Project, user: User, credits: Sequence[tuple[Unit, int]] | None = None
) -> Project:
    """The bureau merges a duplicate into the survivor. The duplicate keeps its own
    record and history, marked merged with a pointer (links redirect through it);
    its events, fund entries, obstacles and evidence move to the survivor, and
    events for stages the survivor already has are voided, so every figure counts
    once. Credit stays as the survivor had it unless `credits` gives the joint split."""
    if not (access.is_bureau_for(user, survivor) and access.is_bureau_for(user, duplicate)):
        raise PermissionDenied
    if survivor.pk == duplicate.pk:
        raise ValidationError({"duplicate": "不能把项目与自身合并"})
    locked = {p.pk: p for p in Project.objects.select_for_update().filter(pk__in=[survivor.pk, duplicate.pk])}
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    if survivor.is_merged or duplicate.is_merged:
        raise ValidationError({"duplicate": "已合并的项目不能再次合并"})
    if credits is not None:
        credits = list(credits)
        validate_credits(credits)

    survivor_stages = kept_stages(survivor)  # the rule the confirmation page shows (merge_plan.py)
    now = timezone.now()
    for event in duplicate.events.all():
        event.project = survivor
        if event.voided_at is None and event.kind == EventKind.STAGE and event.stage in survivor_stages:
            event.voided_at, event.voided_by = now, user
            event.void_reason = f"合并重复项目「{duplicate.name}」：以保留项目的记录为准"
        _save(event, user)
    for related in (duplicate.fund_entries.all(), duplicate.obstacles.all(), duplicate.evidence.all()):
        for obj in related:
            obj.project = survivor
            _save(obj, user)
    # Projects that were held as duplicates of the merged one now point at the survivor.
    for other in duplicate.duplicates.exclude(pk=survivor.pk):
        other.duplicate_of = survivor
        _save(other, user)

    duplicate.duplicate_status, duplicate.duplicate_of = DuplicateStatus.MERGED, survivor
    duplicate._change_reason = f"招商局研判为重复项目，已合并到「{survivor.name}」"
    _save(duplicate, user)
    if survivor.duplicate_of_id == duplicate.pk:
        survivor.duplicate_status, survivor.duplicate_of = DuplicateStatus.NONE, None
    survivor._change_reason = f"合并重复项目「{duplicate.name}」"
    _sync_from_events(survivor, user)
    if credits is not None:
        _write_credits(survivor, credits, user)
    return survivor


@transaction.atomic
def do_mark_distinct(project: Project, user: User) -> Project:
    """The bureau confirms a suspected duplicate is a different project: the hold is
    lifted and the pair is remembered so later edits do not flag it again."""
    if not access.is_bureau_for(user, project):
        raise PermissionDenied
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.duplicate_status != DuplicateStatus.SUSPECTED:
        raise ValidationError({"duplicate_status": "该项目不是待研判的疑似重复项目"})
    other = project.duplicate_of
    project.distinct_from.add(other)
    project.duplicate_status, project.duplicate_of = DuplicateStatus.DISTINCT, None
    project._change_reason = f"招商局研判：与「{other.name}」不是同一项目"
    _save(project, user)
    return project
