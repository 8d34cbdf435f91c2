"""Background tasks (django-tasks) of the Excel import: the preview checks and the
confirmed write run here, never inside a request (see importing/__init__)."""

from __future__ import annotations

from django_tasks import task


@task()
def preview_import(log_id: int) -> None:
    from .importing import run_preview

    run_preview(log_id)


@task()
def confirm_import(log_id: int) -> None:
    from .importing import run_confirm

    run_confirm(log_id)
