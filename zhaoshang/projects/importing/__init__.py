"""Excel import of projects and fund entries through the shared pipeline
(core/importing): template, upload → preview, confirm, each step a background task.

Upload stores the file in MEDIA_ROOT under a random name tied to an ImportLog
owned by the uploader and queues the preview task, which reads and checks every
row (rows.py, then projects.py / funds.py against the database) and records the
preview and the validated rows. Confirm queues the write task, which checks the
rows against the database again — never anything re-posted — and writes all of
them in ONE transaction, or none. The page shows a progress bar meanwhile (htmx
polling). The log keeps who, when, which file, how many rows and the result."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from zhaoshang.core.excel import ImportFileError, RowError, check_upload
from zhaoshang.core.importing import pipeline
from zhaoshang.core.importing.pipeline import Row, Spec

from .. import access
from ..models import PLANNED_DATES, ImportKind, ImportLog, ImportStatus
from .funds import check_funds, write_funds
from .projects import check_projects, write_projects
from .rows import (
    FUND_EXAMPLE,
    FUND_HEADERS,
    FUND_NOTES,
    FUND_REQUIRED,
    PROJECT_EXAMPLE,
    PROJECT_HEADERS,
    PROJECT_NOTES,
    PROJECT_REQUIRED,
    FundRowForm,
    ProjectRowForm,
)

__all__ = ["FUND_HEADERS", "PLANNED_DATES", "PROJECT_EXAMPLE", "PROJECT_HEADERS", "SPECS", "parse_funds", "parse_projects"]

logger = logging.getLogger(__name__)

SPECS: dict[str, Spec] = {
    ImportKind.PROJECTS: Spec(
        ImportKind.PROJECTS,
        PROJECT_HEADERS,
        PROJECT_REQUIRED,
        ProjectRowForm,
        check_projects,
        write_projects,
        "项目导入模板.xlsx",
        PROJECT_EXAMPLE,
        PROJECT_NOTES,
    ),
    ImportKind.FUNDS: Spec(
        ImportKind.FUNDS,
        FUND_HEADERS,
        FUND_REQUIRED,
        FundRowForm,
        check_funds,
        write_funds,
        "到位资金导入模板.xlsx",
        FUND_EXAMPLE,
        FUND_NOTES,
    ),
}
WAITING = "等待后台任务处理"
UNEXPECTED_ERROR = "导入时发生系统错误，未写入任何数据。请稍后重新上传；如仍失败，请联系系统管理员。"
STALLED_ERROR = "后台任务进程已中断（超过{minutes}分钟没有进展），未写入任何数据。请重新上传文件。"
# A progress tick costs an UPDATE; a few a second are plenty for the bar.
TICK_SECONDS = 0.5


@dataclass
class Checked:
    rows: list[Row]

    @property
    def errors(self) -> list[RowError]:
        return pipeline.errors(self.rows)


def parse_projects(upload, user: User) -> Checked:
    """The preview's checks of a project file, without a log (tests, the bench)."""
    return Checked(_checked(SPECS[ImportKind.PROJECTS], upload, user))


def parse_funds(upload, user: User) -> Checked:
    return Checked(_checked(SPECS[ImportKind.FUNDS], upload, user))


def _checked(spec: Spec, upload, user: User, progress: pipeline.Progress = pipeline.no_progress) -> list[Row]:
    rows = pipeline.parse(spec, upload, progress)
    progress(60, "正在核对单位、客商与项目")
    return pipeline.check(spec, rows, user)


# ---------------------------------------------------------------- actions


def _check_importer(user: User) -> None:
    if not access.can_import(user):
        raise PermissionDenied


def _save(log: ImportLog, **fields) -> ImportLog:
    for name, value in fields.items():
        setattr(log, name, value)
    log._history_user = log.user
    log.save()
    return log


def _enqueue(task, log_id: int) -> None:
    task.enqueue(log_id)


@transaction.atomic
def do_start_import(upload: UploadedFile, kind: str, user: User) -> ImportLog:
    """Keep the upload and queue its preview. A file that is not an .xlsx of the
    allowed size is logged as failed at once and not kept."""
    from .. import tasks

    _check_importer(user)
    kind = ImportKind(kind)
    log = ImportLog(kind=kind, user=user, file_name=(upload.name or "")[-200:])
    try:
        check_upload(upload)
    except ImportFileError as error:
        return _save(log, status=ImportStatus.FAILED, errors=[str(error)], finished_at=timezone.now())
    upload.seek(0)
    log.file.save(f"{kind}.xlsx", upload, save=False)
    _save(log, status=ImportStatus.CHECKING, progress_message=WAITING)
    transaction.on_commit(lambda: _enqueue(tasks.preview_import, log.pk))
    return log


@transaction.atomic
def do_confirm_import(log: ImportLog, user: User) -> ImportLog:
    """Queue the write of a previewed file: all rows in one transaction, or none."""
    from .. import tasks

    _check_importer(user)
    if log.user_id != user.pk:
        raise PermissionDenied
    # The preview and the validated rows (megabytes for a large file) are neither
    # read nor written back here: a log loaded without a field saves the others.
    log = ImportLog.objects.select_for_update().defer("preview", "rows").get(pk=log.pk)
    if log.status != ImportStatus.PREVIEWED or not log.file:
        raise ValidationError({"status": f"该导入已处理（{log.get_status_display()}），不能再次确认"})
    _save(log, status=ImportStatus.IMPORTING, progress=0, progress_message=WAITING, heartbeat_at=None)
    transaction.on_commit(lambda: _enqueue(tasks.confirm_import, log.pk))
    return log


def do_fail_stalled_imports(now: datetime) -> int:
    """Mark failed, in Chinese, the imports whose worker died (ImportLog.stalled).
    Nothing was written: the write is one transaction."""
    if not ImportLog.objects.stalled(now).exists():
        return 0
    message = STALLED_ERROR.format(minutes=max(1, settings.TASK_STALL_SECONDS // 60))
    with transaction.atomic():
        stalled = list(ImportLog.objects.stalled(now).select_for_update())
        for log in stalled:
            _finish(log, [message])
    return len(stalled)


class _Ticker:
    """Progress for the page's bar, and the heartbeat that tells a live worker
    from a dead one: a plain UPDATE outside any transaction, at most every
    TICK_SECONDS, so the polling page sees it at once."""

    def __init__(self, log: ImportLog):
        self.log, self.last = log, 0.0

    def __call__(self, percent: int, message: str) -> None:
        now = timezone.now()
        if now.timestamp() - self.last < TICK_SECONDS:
            return
        self.last = now.timestamp()
        ImportLog.objects.filter(pk=self.log.pk).update(progress=percent, progress_message=message, heartbeat_at=now)


def _finish(log: ImportLog, errors: list[str], **fields) -> ImportLog:
    # The file and the validated rows were only kept for the next step.
    if log.file:
        log.file.delete(save=False)
    status = ImportStatus.FAILED if errors else fields.pop("status", ImportStatus.IMPORTED)
    return _save(log, status=status, errors=errors, rows=[], progress=100, finished_at=timezone.now(), **fields)


def _running(log_id: int, status: str, defer: tuple[str, ...] = ()) -> ImportLog | None:
    log = ImportLog.objects.select_related("user").defer(*defer).filter(pk=log_id, status=status).first()
    if log is not None:
        ImportLog.objects.filter(pk=log.pk).update(progress=5, progress_message="开始处理", heartbeat_at=timezone.now())
    return log


def run_preview(log_id: int) -> ImportLog | None:
    """Read and check every row of an uploaded file (the preview task)."""
    log = _running(log_id, ImportStatus.CHECKING)
    if log is None:  # already handled, or failed as stalled
        return None
    spec = SPECS[log.kind]
    try:
        with log.file.open("rb") as handle:
            rows = _checked(spec, handle, log.user, _Ticker(log))
    except ImportFileError as error:
        return _finish(log, [str(error)])
    except Exception:
        logger.exception("import %s: preview failed", log.pk)
        _finish(log, [UNEXPECTED_ERROR])
        raise
    errors = [str(e) for e in pipeline.errors(rows)] or ([] if rows else ["文件中没有数据行"])
    preview = [row.preview() for row in rows]
    if errors:
        return _finish(log, errors, row_count=len(rows), preview=preview)
    return _save(
        log,
        status=ImportStatus.PREVIEWED,
        row_count=len(rows),
        preview=preview,
        rows=pipeline.encode(spec, rows),
        progress=100,
        progress_message="校验完成",
    )


def run_confirm(log_id: int) -> ImportLog | None:
    """Check the previewed rows against the database again and write them all
    in one transaction (the confirm task). The outcome is saved outside that
    transaction, so a refusal is still logged."""
    # The preview (megabytes for a large file) is neither read nor written again:
    # a log loaded without a field saves only the others.
    log = _running(log_id, ImportStatus.IMPORTING, defer=("preview",))
    if log is None:
        return None
    spec = SPECS[log.kind]
    tick = _Ticker(log)
    try:
        tick(20, "正在核对单位、客商与项目")
        rows = pipeline.check(spec, pipeline.decode(spec, log.rows), log.user)
        tick(50, "正在写入（全部行在一个事务中）")
        result = pipeline.commit(spec, rows, log.user)
    except Exception:
        logger.exception("import %s: confirm failed", log.pk)
        _finish(log, [UNEXPECTED_ERROR])
        raise
    return _finish(log, [str(e) for e in result.errors], created_count=result.created, progress_message="已完成")
