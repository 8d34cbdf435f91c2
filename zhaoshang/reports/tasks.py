"""Background tasks (django-tasks). The database backend stores the task and
`manage.py db_worker` runs it; see README.md 「后台任务」."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_circular(circular_id: int) -> None:
    """Generate a queued circular's Word document and Excel annex."""
    from . import actions
    from .models import Circular

    actions.do_run_circular(Circular.objects.select_related("jurisdiction", "requested_by").get(pk=circular_id))
