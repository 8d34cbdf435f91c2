"""Background tasks of the metrics (django-tasks; see README.md 「后台任务」).

A change of a county's data makes its cached figures unreachable (freshness.py).
Rather than leave the first visitor to compute them cold, the commit queues
`warm_figures`, which computes the pages people open first — the county's
dashboard with every division ranking, each division's, and each unit's own
dashboard, at the default span and today's date — into the shared cache. A visitor who comes
before it finishes computes the figures, so nothing stale is ever shown.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def warm_figures(root: str, number: int, everywhere: int) -> int:
    """Compute the default pages of the county at `root` for data version
    `number` (and the province-wide version `everywhere`). Returns how many
    pages it computed: none when the data has changed again since, as the task
    queued by that later change does the work."""
    from zhaoshang.dashboard import board
    from zhaoshang.dashboard.forms import default_span
    from zhaoshang.metrics.periods import Scope
    from zhaoshang.organisation.models import Division, Unit

    from .freshness import EVERYWHERE, versions

    if dict(versions([root])) != {root: number, EVERYWHERE: everywhere}:
        return 0
    county = Unit.objects.filter(path=root).first()
    if county is None:
        return 0
    today = timezone.localdate()
    # Cut to today as the dashboard does (DashboardForm.selection): the same page.
    span = default_span(today).up_to(today)
    board.build(Scope.for_jurisdiction(county), span, today, whole=True)
    divisions = list(Division.objects.filter(jurisdiction=county).order_by("sort_order", "name"))
    for division in divisions:
        board.build(Scope.for_division(division), span, today, whole=True)
    units = list(Unit.objects.get_children(county).filter(is_active=True).order_by("path"))
    for unit in units:
        board.build(Scope.for_unit(unit), span, today, whole=False)
    return 1 + len(divisions) + len(units)
