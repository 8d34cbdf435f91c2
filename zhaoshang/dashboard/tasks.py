"""The dashboard's background warm-up (django-tasks; see README.md 「后台任务」).

A change of a county's data makes its cached figures unreachable (freshness.py).
Rather than leave the first visitor to compute them cold, the commit queues
`warm_figures`, which computes the pages people open first — the county's
dashboard with every division ranking, each division's, and each unit's own
dashboard, at the default span and today's date — into the shared cache. A visitor
who comes before it finishes computes the figures, so nothing stale is ever shown.
metrics.freshness only announces the change (`data_changed`); the layer that
renders decides what is worth computing ahead (`queue_warm_up`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from zhaoshang.metrics.freshness import EVERYWHERE, versions
from zhaoshang.organisation.models import Division, Unit

from . import board
from .forms import default_span


def queue_warm_up(sender: object, roots: Iterable[str], **kwargs: object) -> None:
    """On metrics.freshness.data_changed (after a commit bumped the counties' data
    versions): queue the recomputation of the changed counties' default pages, so
    that the first visitor after a change is served from the cache too."""
    if not settings.METRICS_CACHE_SECONDS:
        return
    stamp = dict(versions(roots))
    for root, number in stamp.items():
        if root != EVERYWHERE:
            warm_figures.enqueue(root, number, stamp[EVERYWHERE])


@task()
def warm_figures(root: str, number: int, everywhere: int) -> int:
    """Compute the default pages of the county at `root` for data version
    `number` (and the province-wide version `everywhere`). Returns how many
    pages it computed: none when the data has changed again since, as the task
    queued by that later change does the work."""
    if dict(versions([root])) != {root: number, EVERYWHERE: everywhere}:
        return 0
    county = Unit.objects.filter(path=root).first()
    if county is None:
        return 0
    today = timezone.localdate()
    # Cut to today as the dashboard does (DashboardForm.selection): the same page.
    span = default_span(today).up_to(today)
    divisions = list(Division.objects.filter(jurisdiction=county).order_by("sort_order", "name"))
    units = list(Unit.objects.get_children(county).filter(is_active=True).order_by("path"))
    # The county's, every division's and every unit's page from one set of queries
    # grouped by unit (a division's and the county's figures folded from its
    # units'), rather than a set per page.
    board.build_units(units, span, today, divisions, county)
    return 1 + len(divisions) + len(units)
