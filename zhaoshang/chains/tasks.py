"""Background tasks (django-tasks), like the circular's (reports/tasks.py)."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_chain_report(report_id: int) -> None:
    """Generate a queued quarterly chain report's Word document."""
    from . import actions
    from .models import ChainReport

    actions.do_run_chain_report(ChainReport.objects.select_related("county", "requested_by").get(pk=report_id))
