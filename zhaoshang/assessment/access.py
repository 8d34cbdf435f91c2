"""Who may do what with assessment: the bureau of the county manages schemes, runs
and publishes them and marks projects falsified; every login of the county reads
the schemes; the bureau and leaders see every unit's scores, a unit user only his
own units' scores and only once published; a unit may object during publicity."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zhaoshang.accounts import access
from zhaoshang.accounts.models import Role
from zhaoshang.organisation.models import Unit, subtree_q

from .models import FalsifiedMark, Scheme, Score, Snapshot, SnapshotStatus, UnitGroup

ALL_SCORES_ROLES = {Role.ADMIN, Role.BUREAU, Role.LEADER}


def can_manage_scheme(user: User | AnonymousUser, scheme: Scheme) -> bool:
    return access.covers(access.bureau_paths(user), scheme.jurisdiction.path)


def can_manage_group(user: User | AnonymousUser, group: UnitGroup) -> bool:
    return access.covers(access.bureau_paths(user), group.jurisdiction.path)


def groups_for(user: User | AnonymousUser) -> QuerySet[UnitGroup]:
    """The groups of the counties whose bureau the user works for."""
    if access.is_admin(user):
        return UnitGroup.objects.all()
    return UnitGroup.objects.filter(subtree_q({p[: Unit.steplen] for p in access.bureau_paths(user)}, "jurisdiction__path"))


def get_group_for_user(user: User, pk: int) -> UnitGroup:
    """The group for its county's bureau; 403 for another login of the county, 404 outside it."""
    group = get_object_or_404(UnitGroup.objects.select_related("jurisdiction"), pk=pk)
    if can_manage_group(user, group):
        return group
    if any(path.startswith(group.jurisdiction.path) for path in access.read_paths(user)):
        raise PermissionDenied
    raise Http404


def may_create_scheme(user: User | AnonymousUser) -> bool:
    return bool(access.bureau_paths(user))


def sees_all_scores(user: User | AnonymousUser, scheme: Scheme) -> bool:
    """The bureau and the county's leaders (and the administrator)."""
    if access.is_admin(user):
        return True
    paths = [p for role in (Role.BUREAU, Role.LEADER) for p in access.role_paths(user, role)]
    return access.covers(paths, scheme.jurisdiction.path)


def can_publish(user: User | AnonymousUser, snapshot: Snapshot) -> bool:
    return not snapshot.is_published and can_manage_scheme(user, snapshot.scheme)


def can_run(user: User | AnonymousUser, scheme: Scheme) -> bool:
    return can_manage_scheme(user, scheme)


def in_publicity(snapshot: Snapshot, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(
        snapshot.is_published and snapshot.published_on and snapshot.publicity_ends and snapshot.published_on <= today <= snapshot.publicity_ends
    )


def objecting_units(user: User | AnonymousUser, snapshot: Snapshot) -> QuerySet[Unit]:
    """The assessed units of the snapshot the user writes for (a unit user's own)."""
    paths = access.write_paths(user)
    if not paths or access.is_admin(user):
        return Unit.objects.none()
    return Unit.objects.filter(pk__in=snapshot.scores.values("unit_id")).filter(path__in=paths)


def can_object(user: User | AnonymousUser, snapshot: Snapshot, unit: Unit, today: date | None = None) -> bool:
    return in_publicity(snapshot, today) and objecting_units(user, snapshot).filter(pk=unit.pk).exists()


def can_mark_falsified(user: User | AnonymousUser, project) -> bool:
    """The bureau of the county the project belongs to."""
    unit = project.introducing_unit or project.landing_unit
    return unit is not None and access.covers(access.bureau_paths(user), unit.path[: Unit.steplen])


def get_scheme_for_user(user: User, pk: int, write: bool = False) -> Scheme:
    scheme = get_object_or_404(Scheme.objects.visible_to(user).select_related("jurisdiction", "unit_group"), pk=pk)
    if write and not can_manage_scheme(user, scheme):
        raise PermissionDenied
    return scheme


def snapshots_for(user: User | AnonymousUser, scheme: Scheme) -> QuerySet[Snapshot]:
    snapshots = scheme.snapshots.all()
    if sees_all_scores(user, scheme):
        return snapshots
    return snapshots.filter(status=SnapshotStatus.PUBLISHED)


def get_snapshot_for_user(user: User, pk: int, write: bool = False) -> Snapshot:
    """404 when the user may not see it (a unit user: before publication), 403
    when he sees it but may not manage it."""
    snapshot = get_object_or_404(Snapshot.objects.select_related("scheme", "scheme__jurisdiction"), pk=pk)
    get_scheme_for_user(user, snapshot.scheme_id)
    if not snapshots_for(user, snapshot.scheme).filter(pk=pk).exists():
        raise Http404
    if write and not can_manage_scheme(user, snapshot.scheme):
        raise PermissionDenied
    return snapshot


def scores_for(user: User | AnonymousUser, snapshot: Snapshot) -> QuerySet[Score]:
    scores = snapshot.scores.select_related("unit")
    if sees_all_scores(user, snapshot.scheme):
        return scores
    return scores.filter(subtree_q(access.read_paths(user), "unit__path"))


def get_score_for_user(user: User, pk: int) -> Score:
    score = get_object_or_404(Score.objects.select_related("snapshot", "unit"), pk=pk)
    snapshot = get_snapshot_for_user(user, score.snapshot_id)
    return get_object_or_404(scores_for(user, snapshot), pk=pk)


def get_mark_for_user(user: User, pk: int) -> FalsifiedMark:
    mark = get_object_or_404(FalsifiedMark.objects.select_related("project"), pk=pk)
    if not can_mark_falsified(user, mark.project):
        raise PermissionDenied
    return mark
