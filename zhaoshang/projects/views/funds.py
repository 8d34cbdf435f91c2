"""到位资金: the report form, the workflow buttons (all returning to the funds
section of the project page), the fund entry list with the bureau's 待核实 bulk
verification, and evidence download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhaoshang.accounts import access as roles
from zhaoshang.core import excel
from zhaoshang.core.versions import ConflictError
from zhaoshang.core.forms import nothing_changed

from .. import actions, summaries
from ..access import get_evidence_for_user, get_fund_entry_for_user, get_project_for_user
from ..fund_forms import FUND_COLUMNS, EvidenceForm, FundEntryForm, FundFilterForm, ReturnForm
from ..models import FundEntry
from zhaoshang.core.http import is_htmx, paginate, refusal

from .common import project_section


def _uploads(form) -> list[actions.Upload]:
    kind = form.cleaned_data["evidence_kind"]
    return [actions.Upload(kind, upload) for upload in form.cleaned_data["evidence"]]


@login_required
def fund_report(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk, write=True)
    corrects = None
    if corrects_pk := request.GET.get("corrects") or request.POST.get("corrects"):
        corrects = get_fund_entry_for_user(request.user, int(corrects_pk) if str(corrects_pk).isdigit() else 0)
        if corrects.project_id != project.pk:
            raise Http404
    form = FundEntryForm(request.POST or None, request.FILES or None, corrects=corrects)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_report_funds(project, form.entry_data(), request.user, _uploads(form))
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已填报到位资金，待单位审核")
            return project_section(project.pk, "funds")
    title = "填报更正条目" if corrects else "填报到位资金"
    return render(request, "projects/fund_form.html", {"form": form, "project": project, "corrects": corrects, "title": title})


@login_required
def fund_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_fund_entry_for_user(request.user, pk, write=True)
    if entry.is_locked:
        # Verified entries are locked: the page says so instead of offering a form.
        messages.error(request, "已核实的到位资金不能修改，如有差错请填报更正条目")
        return project_section(entry.project_id, "funds")
    form = FundEntryForm(request.POST or None, request.FILES or None, initial=FundEntryForm.initial_for(entry), version=entry.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return project_section(entry.project_id, "funds")
        try:
            actions.do_update_fund_entry(entry, form.entry_data(), form.cleaned_data["version"], request.user, _uploads(form))
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已保存，重新进入审核")
            return project_section(entry.project_id, "funds")
    return render(
        request,
        "projects/fund_form.html",
        {"form": form, "project": entry.project, "entry": entry, "title": "修改到位资金"},
        status=status,
    )


def _workflow(request: HttpRequest, pk: int, step, done: str) -> HttpResponse:
    entry = get_fund_entry_for_user(request.user, pk)
    try:
        step(entry)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, done)
    return project_section(entry.project_id, "funds")


@login_required
@require_POST
def fund_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, lambda e: actions.do_approve_funds(e, request.user), "已审核，待招商局核实")


@login_required
@require_POST
def fund_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, lambda e: actions.do_verify_funds(e, request.user), "已核实，该笔资金计入到位资金")


@login_required
@require_POST
def fund_return(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReturnForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _workflow(request, pk, lambda e: actions.do_return_funds(e, reason, request.user), "已退回")


@login_required
@require_POST
def fund_attach(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_fund_entry_for_user(request.user, pk, write=True)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的证明材料")
    else:
        try:
            for upload in _uploads(form):
                actions.do_attach_evidence(entry.project, upload, request.user, fund_entry=entry)
        except ValidationError as error:
            messages.error(request, refusal(error))
        else:
            messages.success(request, "已上传证明材料")
    return project_section(entry.project_id, "funds")


# ---------------------------------------------------------------- lists


def _filtered(request: HttpRequest, base=None):
    form = FundFilterForm(request.GET, user=request.user)
    entries = (base if base is not None else FundEntry.objects.visible_to(request.user)).select_related("project__introducing_unit")
    return form, form.filter(entries)


@login_required
def fund_list(request: HttpRequest) -> HttpResponse:
    form, entries = _filtered(request)
    context = {
        "form": form,
        "page": paginate(request, entries.with_evidence_count()),
        "totals": summaries.list_totals(entries, form.moment()),
        "is_bureau": roles.is_bureau(request.user) or roles.is_admin(request.user),
    }
    template = "projects/fund_list.html#results" if is_htmx(request) else "projects/fund_list.html"
    return render(request, template, context)


@login_required
def fund_export(request: HttpRequest) -> HttpResponse:
    _, entries = _filtered(request)
    return excel.export("到位资金.xlsx", "到位资金", FUND_COLUMNS, entries.with_evidence_count())


@login_required
def fund_pending(request: HttpRequest) -> HttpResponse:
    if not (roles.is_bureau(request.user) or roles.is_admin(request.user)):
        raise PermissionDenied
    form, entries = _filtered(request, FundEntry.objects.awaiting_verification_by(request.user))
    context = {"form": form, "page": paginate(request, entries.with_evidence_count()), "totals": summaries.list_totals(entries, form.moment())}
    return render(request, "projects/fund_pending.html", context)


@login_required
@require_POST
def fund_verify_bulk(request: HttpRequest) -> HttpResponse:
    if not (roles.is_bureau(request.user) or roles.is_admin(request.user)):
        raise PermissionDenied
    ids = [int(pk) for pk in request.POST.getlist("entries") if pk.isdigit()]
    entries = list(FundEntry.objects.awaiting_verification_by(request.user).filter(pk__in=ids).select_related("project"))
    if not ids:
        messages.error(request, "请勾选要核实的到位资金")
    elif len(entries) != len(set(ids)):
        messages.error(request, "所选条目中有已处理或无权核实的到位资金，请刷新页面后重试；本次未核实任何条目")
    else:
        try:
            actions.do_verify_funds_bulk(entries, request.user)
        except ValidationError as error:
            messages.error(request, refusal(error) + "；本次未核实任何条目")
        else:
            messages.success(request, f"已核实 {len(entries)} 笔到位资金")
    return redirect("projects:fund_pending")


# ---------------------------------------------------------------- evidence


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Streams the file from MEDIA_ROOT (outside the web root) only to users who may
    see the project, under its original name."""
    evidence = get_evidence_for_user(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    response = FileResponse(handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
