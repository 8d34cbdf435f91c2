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

What a request renders from these alone is kept the same way, under the raw query
string (page and sort included): the screen's filter form and results table
(`fragment`), the API's JSON page (`reuse_answer`). Neither holds anything of the
login: the form is a GET form (no CSRF token), the table has no per-user button,
ProjectOut no per-user field.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.utils import timezone

from zhaoshang.accounts import access
from zhaoshang.core import api_cache
from zhaoshang.metrics.freshness import versions
from zhaoshang.organisation.models import Unit, county_path

from .filters import ProjectFilterForm
from .models.projects import ProjectQuerySet, scope_keys

_MISSING = object()

T = TypeVar("T")


def _scope(user) -> tuple[Any, tuple[tuple[str, int], ...]]:
    """Who is asking, as a key, and the data versions of the counties they see: read
    once per request (kept on the user object, as scope_keys does), however many
    entries the request looks up."""
    known = getattr(user, "_zs_list_scope", None)
    if known is not None:
        return known
    if access.is_admin(user):
        scope: Any = "admin"
        roots = set(Unit.objects.filter(depth=1).values_list("path", flat=True))
    else:
        _, led = scope_keys(user)
        paths = access.read_paths(user)
        scope = (tuple(paths), tuple(sorted(led)))
        # A leader's projects lie in his own county (actions.check_leader).
        roots = {county_path(path) for path in paths} | set(led.values())
    user._zs_list_scope = (scope, versions(roots))
    return user._zs_list_scope


def _key(user, what: str, data: Any) -> str:
    scope, numbers = _scope(user)
    parts = (what, scope, repr(data), timezone.localdate(), numbers)
    return "project-list:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _filters(form: ProjectFilterForm) -> dict[str, Any]:
    cleaned = getattr(form, "cleaned_data", {})
    # A chosen unit, division or leader by its key: two units may share a name.
    return {name: getattr(value, "pk", value) for name, value in sorted(cleaned.items()) if name not in ("sort", "page")}


def _cached(key: Callable[[], str], compute: Callable[[], Any]) -> Any:
    seconds = settings.METRICS_CACHE_SECONDS
    if not seconds:
        return compute()
    name = key()
    value = cache.get(name, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(name, value, seconds)
    return value


def totals(user, form: ProjectFilterForm, projects: ProjectQuerySet) -> dict[str, int]:
    """projects.totals() (count and sums) of the user's filtered list."""
    return _cached(lambda: _key(user, "totals", _filters(form)), projects.totals)


def fragment(request, what: str, render: Callable[[], T]) -> T:
    """A piece (or pieces) of the list screen rendered from the query string, the
    scope and the data alone (`what` names it)."""
    return _cached(lambda: _key(request.user, what, request.GET.urlencode()), render)


def reuse_answer(request, what: str) -> None:
    """The API's answer to this query string, if kept: raised (api_cache.Kept) so
    that it leaves the endpoint whole. Else the request is marked, and
    api_cache.keep stores the answer once rendered."""
    if not settings.METRICS_CACHE_SECONDS:
        return
    key = _key(request.user, what, request.GET.urlencode())
    kept = cache.get(key)
    if kept is not None:
        raise api_cache.Kept(*kept)
    request.zs_keep_answer_as = key


def page(request, projects: ProjectQuerySet, count: int) -> Page:
    """The requested page of `projects`, whose number is already known (totals):
    the paginator never counts them again."""
    paginator = Paginator(projects, settings.PAGE_SIZE)
    paginator.count = count  # a cached_property: set, it is not computed
    return paginator.get_page(request.GET.get("page"))
