"""Excel import of projects and fund entries: template, upload → preview, confirm,
and the list of past imports (the import log). Preview and confirm run as
background tasks; the preview page polls their progress (htmx) and reloads
itself when the task is done."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.core.http import is_htmx, paginate, refusal
from zhaoshang.core import excel
from zhaoshang.core.excel import Column
from zhaoshang.core.forms import ImportForm

from .. import importing
from ..import_examples import EXAMPLES
from ..access import can_import, get_import_log_for_user
from ..models import ImportKind, ImportLog, ImportStatus

# The preview lists this many rows; errors are listed in full above it.
PREVIEW_ROWS = 200

LOG_COLUMNS = [
    Column("上传时间", lambda log: log.created_at, 18),
    Column("导入人", lambda log: log.user.get_full_name() or log.user.username, 12),
    Column("导入类型", lambda log: log.get_kind_display(), 10),
    Column("文件名", lambda log: log.file_name, 28),
    Column("行数", lambda log: log.row_count, 8),
    Column("导入条数", lambda log: log.created_count, 8),
    Column("结果", lambda log: log.get_status_display(), 10),
    Column("错误", lambda log: "\n".join(log.errors), 60),
]
LOG_SORTS = {"": ["-created_at", "-id"], "created_at": ["created_at", "id"], "file_name": ["file_name", "-id"]}


def _kind(kind: str) -> ImportKind:
    if kind not in ImportKind.values:
        raise Http404
    return ImportKind(kind)


def _require_importer(request: HttpRequest) -> None:
    if not can_import(request.user):
        raise PermissionDenied


def _logs(request: HttpRequest):
    # A log's rows (up to IMPORT_MAX_ROWS of them, twice) are for its own page only.
    logs = ImportLog.objects.visible_to(request.user).select_related("user").defer("preview", "rows")
    if (kind := request.GET.get("kind", "")) in ImportKind.values:
        logs = logs.filter(kind=kind)
    if (status := request.GET.get("status", "")) in ImportStatus.values:
        logs = logs.filter(status=status)
    return logs.order_by(*LOG_SORTS.get(request.GET.get("sort", ""), LOG_SORTS[""]))


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    context = {
        "page": paginate(request, _logs(request)),
        "kinds": ImportKind.choices,
        "statuses": ImportStatus.choices,
        "can_import": can_import(request.user),
    }
    return render(request, "projects/import_list.html", context)


@login_required
def import_export(request: HttpRequest) -> HttpResponse:
    return excel.export("导入记录.xlsx", "导入记录", LOG_COLUMNS, _logs(request))


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    _require_importer(request)
    kind = _kind(kind)
    spec = importing.SPECS[kind]
    return excel.template(spec.filename, list(spec.headers.values()), EXAMPLES[kind](request.user), spec.notes)


@login_required
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind(kind)
    _require_importer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        log = importing.do_start_import(form.cleaned_data["file"], kind, request.user)
        return redirect("projects:import_preview", log.pk)
    return render(request, "projects/import_upload.html", {"form": form, "kind": kind})


@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    importing.do_fail_stalled_imports(timezone.now())
    log = get_import_log_for_user(request.user, pk)
    if is_htmx(request):
        if not log.is_running:
            # Done: the whole page changes (preview table, confirm button).
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "projects/import_preview.html#progress", {"log": log})
    can_confirm = log.status == ImportStatus.PREVIEWED and log.user_id == request.user.pk
    context = {
        "log": log,
        "headers": list(importing.SPECS[log.kind].headers.values()),
        "rows": log.preview[:PREVIEW_ROWS],
        "more_rows": max(0, len(log.preview) - PREVIEW_ROWS),
        "can_confirm": can_confirm,
    }
    return render(request, "projects/import_preview.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    log = get_import_log_for_user(request.user, pk, write=True)
    try:
        log = importing.do_confirm_import(log, request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
    return redirect("projects:import_preview", log.pk)
