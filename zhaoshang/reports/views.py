"""The circular screens: the archive, the 「生成通报」 form, a circular's page with
its progress (polled by htmx until the task is done), regenerate, and downloads.
Each view: decorator, one access helper or scoped queryset, one action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.core.http import is_htmx, paginate
from zhaoshang.core import excel, history

from . import actions, spreadsheets
from .access import can_generate, get_circular_for_user, jurisdictions_for
from .circular import CircularError
from .forms import CircularFilterForm, CircularRequestForm
from .models import Circular

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": excel.XLSX_TYPE,
}


def _circulars(request: HttpRequest):
    circulars = Circular.objects.visible_to(request.user)
    form = CircularFilterForm(request.GET, circulars=circulars)
    return form, form.filter(circulars.select_related("jurisdiction", "requested_by"))


@login_required
def circular_list(request: HttpRequest) -> HttpResponse:
    # A circular whose worker died would read 生成中 forever: settle it before showing it.
    actions.do_fail_stalled_circulars(timezone.now())
    form, circulars = _circulars(request)
    context = {
        "form": form,
        "page": paginate(request, circulars),
        "can_generate": can_generate(request.user),
    }
    template = "reports/circular_list.html#results" if is_htmx(request) else "reports/circular_list.html"
    return render(request, template, context)


@login_required
def circular_export(request: HttpRequest) -> HttpResponse:
    _, circulars = _circulars(request)
    return excel.export("月度通报.xlsx", "月度通报", spreadsheets.CIRCULAR_COLUMNS, circulars)


@login_required
def circular_create(request: HttpRequest) -> HttpResponse:
    form = CircularRequestForm(request.POST or None, jurisdictions=jurisdictions_for(request.user))
    if request.method == "POST" and form.is_valid():
        month = form.cleaned_data["month"]
        try:
            circular = actions.do_request_circular(form.cleaned_data["jurisdiction"], month.year, month.month, request.user)
        except CircularError as error:  # the month ended between the form's check and now
            form.add_error("month", str(error))
        else:
            messages.success(request, f"已提交生成{circular.period_label}通报，请稍候")
            return redirect("reports:circular_detail", circular.pk)
    return render(request, "reports/circular_form.html", {"form": form})


@login_required
def circular_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actions.do_fail_stalled_circulars(timezone.now())
    circular = get_circular_for_user(request.user, pk)
    context = {"circular": circular, "can_generate": can_generate(request.user), "history": history.entries(circular)}
    # htmx polls the progress partial until the task has finished.
    template = "reports/circular_detail.html#progress" if is_htmx(request) else "reports/circular_detail.html"
    return render(request, template, context)


@login_required
@require_POST
def circular_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    circular = get_circular_for_user(request.user, pk, write=True)
    new = actions.do_regenerate_circular(circular, request.user)
    messages.success(request, f"已提交重新生成（第{new.version}版），原第{circular.version}版保留在归档中")
    return redirect("reports:circular_detail", new.pk)


@login_required
@require_POST
def circular_retry(request: HttpRequest, pk: int) -> HttpResponse:
    circular = get_circular_for_user(request.user, pk, write=True)
    try:
        actions.do_retry_circular(circular, request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"已重新提交生成{circular.period_label}通报（第{circular.version}版），请稍候")
    return redirect("reports:circular_detail", circular.pk)


@login_required
def circular_download(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    """The files live in MEDIA_ROOT, outside the web root: served only here, to
    users who may see the circular, under the circular's Chinese title."""
    circular = get_circular_for_user(request.user, pk)
    if kind not in CONTENT_TYPES or not circular.is_done:
        raise Http404("文件不存在")
    field = circular.docx_file if kind == "docx" else circular.xlsx_file
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("文件不存在") from None
    suffix = "" if kind == "docx" else "（附表）"
    filename = f"{circular.title}{suffix}（第{circular.version}版）.{kind}"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[kind])
    response["X-Content-Type-Options"] = "nosniff"
    return response
