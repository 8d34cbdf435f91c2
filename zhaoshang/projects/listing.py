"""The project list's count and totals, cached per scope, filters and data version.

A page of the list is an index range (Project.county, newest first); its count and
sums are not: they read every project the filters keep. They change only when the
data does, so they are kept in Django's cache under a key holding

- who is asking, as the set of projects they may see is told (their read paths,
  the persons they are, or "admin"), never the login: two bureau users of one
  county share an entry, a reporter never gets another township's;
- the filters as the form cleaned them, and today (the "reached" and size-band
  filters read today's date);
- the data version of every county the projects can lie in (metrics.freshness):
  a commit touching a county bumps it, so nothing stale is ever read back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.utils import timezone

from zhaoshang.accounts import access
from zhaoshang.metrics.freshness import versions
from zhaoshang.organisation.models import Unit

from .filters import ProjectFilterForm
from .models.projects import ProjectQuerySet, county_path, scope_keys

_MISSING = object()


def _key(user, form: ProjectFilterForm, what: str) -> str:
    if access.is_admin(user):
        scope: Any = "admin"
        roots = set(Unit.objects.filter(depth=1).values_list("path", flat=True))
    else:
        _, led = scope_keys(user)
        paths = access.read_paths(user)
        scope = (tuple(paths), tuple(sorted(led)))
        # A leader's projects lie in his own county (actions.check_leader).
        roots = {county_path(path) for path in paths} | set(led.values())
    cleaned = getattr(form, "cleaned_data", {})
    # A chosen unit, division or leader by its key: two units may share a name.
    data = {name: getattr(value, "pk", value) for name, value in sorted(cleaned.items()) if name not in ("sort", "page")}
    parts = (what, scope, repr(data), timezone.localdate(), versions(roots))
    return "project-list:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _cached(user, form: ProjectFilterForm, what: str, compute: Callable[[], Any]) -> Any:
    seconds = settings.METRICS_CACHE_SECONDS
    if not seconds:
        return compute()
    key = _key(user, form, what)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, seconds)
    return value


def totals(user, form: ProjectFilterForm, projects: ProjectQuerySet) -> dict[str, int]:
    """projects.totals() (count and sums) of the user's filtered list."""
    return _cached(user, form, "totals", projects.totals)


def page(request, projects: ProjectQuerySet, count: int) -> Page:
    """The requested page of `projects`, whose number is already known (totals):
    the paginator never counts them again."""
    paginator = Paginator(projects, settings.PAGE_SIZE)
    paginator.count = count  # a cached_property: set, it is not computed
    return paginator.get_page(request.GET.get("page"))
