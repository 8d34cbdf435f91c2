"""诉求 screens: list (filter, sort, pages, Excel), intake, and one page per case
whose forms post to one view per action; a stale page's action answers 409."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhaoshang.core import excel
from zhaoshang.core.history import Story, describe
from zhaoshang.core.http import is_htmx
from zhaoshang.core.versions import ConflictError
from zhaoshang.projects.models import Project
from zhaoshang.timelimits.clock_views import clock_context

from . import access, actions
from .forms import (
    AttachmentForm,
    CaseFilterForm,
    CaseForm,
    CaseVersionForm,
    CloseForm,
    NoteForm,
    ReasonForm,
    TransferForm,
    VisitForm,
)
from .models import AttachmentKind, Case, CaseAttachment, CaseNote, CaseStatus, ReturnVisit
from .spreadsheets import CASE_COLUMNS


def _cases(request: HttpRequest):
    form = CaseFilterForm(request.GET or None)
    cases = form.filter(Case.objects.visible_to(request.user).select_related("unit"))
    return form, cases


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    form, cases = _cases(request)
    context = {
        "form": form,
        "page": Paginator(cases, settings.PAGE_SIZE).get_page(request.GET.get("page")),
        "can_receive": access.can_receive(request.user),
    }
    template = "cases/case_list.html#results" if is_htmx(request) else "cases/case_list.html"
    return render(request, template, context)


@login_required
def case_export(request: HttpRequest) -> HttpResponse:
    return excel.export("诉求.xlsx", "诉求", CASE_COLUMNS, _cases(request)[1])


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    if not access.can_receive(request.user):
        raise PermissionDenied
    form = CaseForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "material"}
        try:
            case = actions.do_receive_case(data, request.user)
        except ValidationError as error:
            form.add_error(None, "；".join(error.messages))
        else:
            if form.cleaned_data["material"]:
                actions.do_add_attachment(case, form.cleaned_data["material"], AttachmentKind.MATERIAL, request.user)
            messages.success(request, f"已登记诉求 {case.number}，交{case.unit.name}受理")
            return redirect(case)
    return render(request, "cases/case_form.html", {"form": form})


def _history(case: Case) -> list:
    return describe(
        [
            (Story(Case, created=["title", "unit", "status"]), case.history.select_related("history_user")),
            (Story(CaseNote, noun="办理记录", created=["text"]), CaseNote.history.filter(case_id=case.pk).select_related("history_user")),
            (
                Story(CaseAttachment, noun="附件", created=["kind", "file"]),
                CaseAttachment.history.filter(case_id=case.pk).select_related("history_user"),
            ),
            (
                Story(ReturnVisit, noun="回访", created=["satisfaction", "is_default", "note"]),
                ReturnVisit.history.filter(case_id=case.pk).select_related("history_user"),
            ),
        ]
    )


def _detail(request: HttpRequest, case: Case, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    clock = actions.running_clock(case)
    can_handle = access.can_handle_case(user, case)
    version = {"version": case.version}
    context = {
        "case": case,
        "projects": Project.objects.visible_to(user).filter(investor=case.investor) if case.investor_id else [],
        "notes": case.notes.select_related("author"),
        "attachments": case.attachments.all(),
        "visits": case.visits.select_related("visited_by"),
        "history": _history(case),
        "can_handle": can_handle,
        "can_note": can_handle or access.is_bureau_over(user, case),
        "can_accept": can_handle and case.status == CaseStatus.NEW,
        "can_transfer": access.can_transfer(user, case),
        "can_close": can_handle and case.status == CaseStatus.HANDLING,
        "can_visit": access.can_visit(user, case),
        "version_form": CaseVersionForm(**version),
        "refuse_form": forms.get("refuse_form") or ReasonForm(**version),
        "transfer_form": forms.get("transfer_form") or TransferForm(case=case, **version),
        "close_form": forms.get("close_form") or CloseForm(**version),
        "visit_form": forms.get("visit_form") or VisitForm(**version),
        "note_form": NoteForm(),
        "attachment_form": AttachmentForm(),
        "clock_items": clock_context(user, clock) if clock else None,
    }
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.get_case_for_user(request.user, pk))


def _act(request: HttpRequest, case: Case, form, name: str, call: Callable[[dict], object], done: str) -> HttpResponse:
    """Validate, run the action, and come back to the case; the form with its errors
    (409 when the page was stale) otherwise."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ConflictError as error:
            messages.error(request, error.message)  # above the page: a hidden-only form shows no errors
            return _detail(request, case, form.show_conflict(error), **{name: form})
        except ValidationError as error:
            form.add_error(None, "；".join(error.messages))
        else:
            messages.success(request, done)
            return redirect(case)
    messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return _detail(request, case, 422, **{name: form})


@login_required
@require_POST
def case_accept(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, pk, write=True)
    form = CaseVersionForm(request.POST, version=case.version)
    return _act(
        request,
        case,
        form,
        "version_form",
        lambda d: actions.do_accept_case(case, request.user, expected_version=d["version"]),
        "已签收，开始办理计时",
    )


@login_required
@require_POST
def case_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST, version=case.version)
    return _act(
        request,
        case,
        form,
        "refuse_form",
        lambda d: actions.do_refuse_case(case, d["reason"], request.user, expected_version=d["version"]),
        "已退回或不予受理",
    )


@login_required
@require_POST
def case_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, pk, write=True)
    form = TransferForm(request.POST, case=case, version=case.version)
    return _act(
        request,
        case,
        form,
        "transfer_form",
        lambda d: actions.do_transfer_case(case, d["unit"], d["reason"], request.user, expected_version=d["version"]),
        "已转办",
    )


@login_required
@require_POST
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, pk, write=True)
    form = CloseForm(request.POST, version=case.version)
    return _act(
        request,
        case,
        form,
        "close_form",
        lambda d: actions.do_close_case(case, d["result"], d["evidence"], d["resolved"], request.user, expected_version=d["version"]),
        "已办结，请安排回访",
    )


@login_required
@require_POST
def case_visit(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, pk, write=True)
    form = VisitForm(request.POST, version=case.version)
    return _act(
        request,
        case,
        form,
        "visit_form",
        lambda d: actions.do_record_visit(
            case, d["satisfaction"], request.user, is_default=d["is_default"], note=d["note"], expected_version=d["version"]
        ),
        "已记录回访",
    )


@login_required
@require_POST
def case_note(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the thread again, with the new note at its end."""
    case = access.get_case_for_user(request.user, pk, write=True)
    form = NoteForm(request.POST)
    if form.is_valid():
        actions.do_add_note(case, form.cleaned_data["text"], request.user)
        form = NoteForm()
    context = {"case": case, "notes": case.notes.select_related("author"), "note_form": form, "can_note": True}
    if is_htmx(request):
        return render(request, "cases/case_detail.html#notes", context)
    return redirect(case)


@login_required
@require_POST
def case_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        actions.do_add_attachment(case, form.cleaned_data["file"], form.cleaned_data["kind"], request.user)
        messages.success(request, "已上传附件")
    else:
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(case)
