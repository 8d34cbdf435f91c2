"""Changes to circulars. Requesting one writes a queued row and enqueues the task
once the row is committed (so a worker never looks for a row that is not there
yet); the task then runs `do_run_circular`, which moves the row through
running → done or failed, with history, and reports progress as it goes."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhaoshang.accounts import access
from zhaoshang.organisation.models import Unit

from . import circular as generation
from .models import Circular, CircularStatus

logger = logging.getLogger(__name__)

STORAGE_ERROR = "通报文件无法保存，请检查存储目录（MEDIA_ROOT）是否存在且可写，然后重新生成。"
UNEXPECTED_ERROR = "生成通报时发生系统错误，请稍后重新生成；如仍失败，请联系系统管理员。"
STALLED_ERROR = "任务进程已中断（超过{minutes}分钟没有进展），通报未生成完成。请点击「重试」重新生成；如多次中断，请联系系统管理员检查后台任务进程。"
NOT_RETRYABLE = "只有生成失败的通报才能重试"


def _save(circular: Circular, user: User, **fields) -> Circular:
    for name, value in fields.items():
        setattr(circular, name, value)
    circular._history_user = user
    circular.save()
    return circular


def _enqueue(circular_id: int) -> None:
    from .tasks import generate_circular

    result = generate_circular.enqueue(circular_id)
    # The immediate backend has already run the task by now; only the id is new.
    Circular.objects.filter(pk=circular_id).update(task_id=str(result.id))


@transaction.atomic
def do_request_circular(jurisdiction: Unit, year: int, month: int, user: User) -> Circular:
    """A new version of the circular for 1-`month`月 of `year`, queued for the
    worker. Earlier versions stay in the archive."""
    if not access.covers(access.bureau_paths(user), jurisdiction.path):
        raise PermissionDenied
    generation.check_month(year, month)
    # Lock the jurisdiction row so two clicks cannot take the same version number.
    Unit.objects.select_for_update().filter(pk=jurisdiction.pk).first()
    latest = Circular.objects.filter(jurisdiction=jurisdiction, year=year, month=month).aggregate(v=Max("version"))["v"]
    circular = Circular(jurisdiction=jurisdiction, year=year, month=month, version=(latest or 0) + 1, requested_by=user)
    _save(circular, user, progress_message="等待后台任务处理")
    transaction.on_commit(lambda: _enqueue(circular.pk))
    return circular


def do_regenerate_circular(circular: Circular, user: User) -> Circular:
    """Regenerate the same month: a new version, the old one kept as issued."""
    return do_request_circular(circular.jurisdiction, circular.year, circular.month, user)


@transaction.atomic
def do_retry_circular(circular: Circular, user: User) -> Circular:
    """Queue a failed circular again, as the same version: it was never issued."""
    if not access.covers(access.bureau_paths(user), circular.jurisdiction.path):
        raise PermissionDenied
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    if circular.status != CircularStatus.FAILED:
        raise ValidationError(NOT_RETRYABLE)
    _save(
        circular,
        user,
        status=CircularStatus.QUEUED,
        progress=0,
        progress_message="等待后台任务处理",
        error="",
        finished_at=None,
        heartbeat_at=None,
    )
    transaction.on_commit(lambda: _enqueue(circular.pk))
    return circular


def do_fail_stalled_circulars(now: datetime) -> int:
    """Mark failed, with a Chinese message, the circulars whose worker died while
    generating them (Circular.objects.stalled); returns how many. Cheap when there
    are none: one read, and the write lock is only taken when there is work."""
    if not Circular.objects.stalled(now).exists():
        return 0
    message = STALLED_ERROR.format(minutes=max(1, settings.TASK_STALL_SECONDS // 60))
    with transaction.atomic():
        # Checked again under the lock: a late heartbeat keeps its circular running.
        stalled = list(Circular.objects.stalled(now).select_for_update().select_related("requested_by"))
        for circular in stalled:
            _save(circular, circular.requested_by, status=CircularStatus.FAILED, progress_message="任务进程已中断", error=message, finished_at=now)
    return len(stalled)


def _report_progress(circular: Circular, percent: int, message: str) -> None:
    # Progress ticks are not part of the record's story: a plain UPDATE, committed
    # at once (no surrounding transaction) so the polling page sees it, no history
    # row. Each tick is also the heartbeat that tells a live worker from a dead one.
    now = timezone.now()
    Circular.objects.filter(pk=circular.pk).update(progress=percent, progress_message=message, heartbeat_at=now)
    circular.progress, circular.progress_message, circular.heartbeat_at = percent, message, now


def do_run_circular(circular: Circular) -> Circular:
    """Generate the files of a queued circular (called by the task). Failures are
    recorded on the row with a Chinese message, then re-raised for the worker's log."""
    user = circular.requested_by
    with transaction.atomic():
        _save(circular, user, status=CircularStatus.RUNNING, progress=5, progress_message="开始生成", error="", heartbeat_at=timezone.now())
    try:
        files = generation.build(
            circular.jurisdiction,
            circular.year,
            circular.month,
            issued_on=timezone.localdate(),
            progress=lambda percent, message: _report_progress(circular, percent, message),
        )
        name = f"{circular.year}-{circular.month:02d}"
        with transaction.atomic():
            circular.docx_file.save(f"{name}.docx", ContentFile(files.docx), save=False)
            circular.xlsx_file.save(f"{name}.xlsx", ContentFile(files.xlsx), save=False)
            _save(circular, user, status=CircularStatus.DONE, progress=100, progress_message="已完成", finished_at=timezone.now())
    except Exception as error:
        if isinstance(error, generation.CircularError):
            message = str(error)
        elif isinstance(error, OSError):
            message = STORAGE_ERROR
        else:
            message = UNEXPECTED_ERROR
        logger.exception("circular %s failed", circular.pk)
        with transaction.atomic():
            _save(circular, user, status=CircularStatus.FAILED, progress_message="生成失败", error=message, finished_at=timezone.now())
        raise
    return circular
