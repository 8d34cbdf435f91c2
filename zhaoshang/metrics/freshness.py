"""Cached figures that are never stale past a commit.

The dashboard and the rankings run dozens of grouped queries over millions of
rows; the same figures are asked for again and again between two changes of the
data. `cached` keeps a result in Django's cache (Redis when REDIS_URL is set,
else each process's memory) under a key that holds the *data version* of every
county the figures read (`DataVersion`, one row per tree root). Every save or
delete of a record of the watched apps bumps the version of the counties it
touches once the transaction commits, so the next request computes afresh;
nothing has to find and delete old entries, they just expire.

Order matters for correctness: a reader takes the versions *before* computing.
A writer that commits meanwhile bumps the version afterwards, so whatever the
reader stores lands under the old version, which nobody asks for again.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

from zhaoshang.organisation.models import Unit, county_path

from .models import DataVersion

EVERYWHERE = ""  # the root whose version every key includes
# Apps whose records feed the figures. Their history tables change with them.
WATCHED_APPS = ("organisation", "projects", "targets", "activities", "campaigns")
_MISSING = object()
# Sent after `bump` with the counties (roots) whose data versions changed.
data_changed = Signal()


# ---------------------------------------------------------------- versions


def versions(roots: Iterable[str]) -> tuple[tuple[str, int], ...]:
    wanted = sorted({EVERYWHERE, *roots})
    found = dict(DataVersion.objects.filter(root__in=wanted).values_list("root", "number"))
    return tuple((root, found.get(root, 0)) for root in wanted)


def bump(roots: Iterable[str]) -> None:
    for root in sorted(set(roots)):
        if not DataVersion.objects.filter(root=root).update(number=F("number") + 1):
            try:
                DataVersion.objects.get_or_create(root=root)
            except IntegrityError:  # created by a concurrent bump: count ours on top
                pass
            DataVersion.objects.filter(root=root).update(number=F("number") + 1)
    # The rendering layer listens (dashboard.tasks.queue_warm_up): metrics knows
    # figures, not which pages are worth computing ahead.
    data_changed.send(sender=DataVersion, roots=sorted(set(roots)))


# ---------------------------------------------------------------- which counties a record touches


def _project_roots(project_id: int) -> set[str]:
    from zhaoshang.projects.models import Project, ProjectCredit

    paths = set(ProjectCredit.objects.filter(project_id=project_id).values_list("unit__path", flat=True))
    units = Project.objects.filter(pk=project_id).values_list("landing_unit__path", "introducing_unit__path")
    paths.update(path for row in units for path in row if path)
    return {county_path(path) for path in paths}


def roots_touched(instance: models.Model, depth: int = 2) -> set[str]:
    """The counties whose figures a saved or deleted record can change: its own
    units, its project's credited and landing units, and (one level further)
    those of the records it points to (a target's period, a person's unit).
    Empty when none can be told: the caller then bumps every county."""
    from zhaoshang.projects.models import Project

    if isinstance(instance, Unit):
        return {county_path(instance.path)}
    roots = _project_roots(instance.pk) if isinstance(instance, Project) else set()
    for field in instance._meta.concrete_fields:
        if not field.is_relation or (related_id := getattr(instance, field.attname)) is None:
            continue
        if field.related_model is Unit:
            roots.update(county_path(p) for p in Unit.objects.filter(pk=related_id).values_list("path", flat=True))
        elif field.related_model is Project:
            roots |= _project_roots(related_id)
        elif depth > 1 and field.related_model._meta.app_label in WATCHED_APPS:
            related = field.related_model._base_manager.filter(pk=related_id).first()
            if related is not None:
                roots |= roots_touched(related, depth - 1)
    return roots


# Records of the watched apps that no figure reads: an import's log changes with
# every step of the import and would otherwise bump every county each time.
UNWATCHED = {"projects.ImportLog"}


def _watched(model: type[models.Model]) -> bool:
    return model._meta.app_label in WATCHED_APPS and not model.__name__.startswith("Historical") and model._meta.label not in UNWATCHED


# The commit whose callbacks are running in this thread, and the counties they bumped.
_round = threading.local()


def _bump_at_commit(roots: Callable[[], set[str]], record: tuple[str, Any] | None = None) -> None:
    """Bump the counties `roots()` names once the transaction commits, each once per
    commit: a transaction that saves a thousand records of one county (the demo, a
    bulk import, a form with its formsets) bumps it once, not a thousand times.

    `roots` is asked at the commit, not at the save: a transaction that is rolled
    back (every test, a refused import) never looks its records' counties up, and
    a record saved several times in one commit (`record`: its label and key) is
    looked up once, as it stands at the commit."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        bump(roots())
        return

    def callback() -> None:
        # At a commit Django gives the connection a fresh list for the next
        # transaction's callbacks before it runs this one's: that list, and its
        # length (a test runs the callbacks registered so far inside its own
        # transaction), tell this commit's callbacks from those of the next.
        marker = (connection.run_on_commit, len(connection.run_on_commit))
        if getattr(_round, "marker", None) != marker or _round.marker[0] is not marker[0]:
            _round.marker, _round.bumped, _round.records = marker, set(), set()
        if record is not None:
            if record in _round.records:
                return
            _round.records.add(record)
        if fresh := roots() - _round.bumped:
            _round.bumped |= fresh
            bump(fresh)

    transaction.on_commit(callback, robust=True)


def _changed(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _watched(sender):
        return
    if kwargs.get("signal") is post_delete:
        # Gone at the commit: its counties are read while it is still there.
        roots = roots_touched(instance) or {EVERYWHERE}
        _bump_at_commit(lambda: roots)
    else:
        _bump_at_commit(lambda: roots_touched(instance) or {EVERYWHERE}, (sender._meta.label, instance.pk))


def _members_changed(sender: Any, instance: models.Model, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        _changed(type(instance), instance)


def _records_roots(model: type[models.Model], records: list[models.Model]) -> set[str]:
    """roots_touched for many records of one model at once, in two or three
    queries: the units they point to, and the units of the projects they point to
    (or are). A record that points to neither (a new investor) is read only
    through the projects that name it, which come in the same batch."""
    from zhaoshang.projects.models import Project, ProjectCredit

    unit_ids, project_ids = set(), set()
    for record in records:
        if model is Project:
            project_ids.add(record.pk)
        for field in model._meta.concrete_fields:
            if field.is_relation and (related_id := getattr(record, field.attname)) is not None:
                if field.related_model is Unit:
                    unit_ids.add(related_id)
                elif field.related_model is Project:
                    project_ids.add(related_id)
    paths = set(Unit.objects.filter(pk__in=unit_ids).values_list("path", flat=True)) if unit_ids else set()
    if project_ids:
        paths.update(ProjectCredit.objects.filter(project_id__in=project_ids).values_list("unit__path", flat=True))
        for row in Project.objects.filter(pk__in=project_ids).values_list("landing_unit__path", "introducing_unit__path"):
            paths.update(path for path in row if path)
    return {county_path(path) for path in paths}


def _written(sender: type[models.Model], records: list[models.Model], **kwargs: Any) -> None:
    """A bulk write (core/importing/bulk.py): the counties of all its records,
    bumped once each at commit however many models the import writes."""
    if _watched(sender):
        _bump_at_commit(lambda: _records_roots(sender, records))


def connect() -> None:
    """Called once from MetricsConfig.ready."""
    from zhaoshang.core.importing.bulk import records_written

    records_written.connect(_written, dispatch_uid="freshness-bulk")
    for model in apps.get_models():
        if _watched(model):
            post_save.connect(_changed, sender=model, dispatch_uid=f"freshness-save-{model._meta.label}")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"freshness-delete-{model._meta.label}")
    m2m_changed.connect(_members_changed, dispatch_uid="freshness-m2m")


# ---------------------------------------------------------------- the cache


def _token(value: Any) -> Any:
    if isinstance(value, models.Model):
        return (value._meta.label, value.pk)
    if isinstance(value, list | tuple):
        return tuple(_token(v) for v in value)
    return repr(value)


# Part of every key: raise it when a cached result's class changes shape (a field
# added to Summary or Board), so that after a deploy no process unpickles an old
# entry from a shared cache (Redis) into the new class.
FORMAT = 2


def cached(roots: Callable[..., Iterable[str]]) -> Callable:
    """Cache a figure-computing function for METRICS_CACHE_SECONDS (0 = off).
    `roots` takes the function's arguments and names the counties it reads.
    The cached function's `store_many` fills the cache for several calls at once."""

    def decorate(compute: Callable) -> Callable:
        name = f"{compute.__module__}.{compute.__qualname__}"

        def key(stamp: tuple, args: tuple, kwargs: dict) -> str:
            parts = (FORMAT, name, stamp, _token(args), tuple(sorted((k, _token(v)) for k, v in kwargs.items())))
            return "figures:" + hashlib.sha256(repr(parts).encode()).hexdigest()

        @functools.wraps(compute)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            seconds = settings.METRICS_CACHE_SECONDS
            if not seconds:
                return compute(*args, **kwargs)
            stamp = versions(roots(*args, **kwargs))
            value = cache.get(k := key(stamp, args, kwargs), _MISSING)
            if value is _MISSING:
                value = compute(*args, **kwargs)
                cache.set(k, value, seconds)
            return value

        def store_many(calls: list[tuple], compute_all: Callable[[], list], **kwargs: Any) -> list:
            """The results of the calls `calls` (each the positional arguments of one,
            with the keyword arguments `kwargs` common to all), computed together by
            `compute_all` (in the same order) and cached each where that call looks. The versions are read before computing, as for
            one call, so results overtaken by a commit land under the old version."""
            seconds = settings.METRICS_CACHE_SECONDS
            if not seconds:
                return compute_all()
            stamps: dict[frozenset[str], tuple] = {}
            keys = []
            for args in calls:
                counties = frozenset(roots(*args, **kwargs))
                if counties not in stamps:
                    stamps[counties] = versions(counties)
                keys.append(key(stamps[counties], args, kwargs))
            values = compute_all()
            cache.set_many(dict(zip(keys, values, strict=True)), seconds)
            return values

        wrapper.store_many = store_many  # type: ignore[attr-defined]
        return wrapper

    return decorate


def scope_roots(scope: Any, *args: Any, **kwargs: Any) -> set[str]:
    """Roots read by a function whose first argument is a periods.Scope."""
    return {county_path(path) for path in scope.paths}


def period_roots(period: Any, *args: Any, **kwargs: Any) -> set[str]:
    """Roots read by a function whose first argument is a targets.Period."""
    return {county_path(period.jurisdiction.path)}
