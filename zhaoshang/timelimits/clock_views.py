"""One clock: its deadline, pauses, extension and escalations with their history;
the handler pauses (waiting for material) and resumes it and asks for the one
extension, a unit head of its unit decides. Other modules' pages (a case) post to
the same views with `next` to come back to themselves."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhaoshang.core.history import Story, describe

from . import access
from .engine import actions
from .forms import DecisionForm, ExtensionForm, PauseForm
from .models import Clock, Escalation, Pause


def _back(request: HttpRequest, clock: Clock) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("timelimits:clock_detail", clock.pk)


def clock_history(clock: Clock) -> list:
    return describe(
        [
            (Story(Clock, created=["due_at"]), clock.history.select_related("history_user")),
            (Story(Pause, noun="暂停", created=["reason"]), Pause.history.filter(clock_id=clock.pk).select_related("history_user")),
            (
                Story(Escalation, noun="时限预警", created=["level", "recipients"]),
                Escalation.history.filter(clock_id=clock.pk).select_related("history_user"),
            ),
        ]
    )


def clock_context(user, clock: Clock) -> dict:
    """What the clock partial needs, also on a subject's own page."""
    return {
        "clock": clock,
        "can_handle": access.can_handle_clock(user, clock),
        "can_decide": access.can_approve_extension(user, clock),
        "pause_form": PauseForm(),
        "extension_form": ExtensionForm(),
    }


@login_required
def clock_detail(request: HttpRequest, pk: int) -> HttpResponse:
    clock = access.get_clock_for_user(request.user, pk)
    subject = clock.subject
    return render(
        request,
        "timelimits/clock_detail.html",
        {
            **clock_context(request.user, clock),
            "subject_url": subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else "",
            "pauses": clock.pauses.all(),
            "escalations": clock.escalations.all(),
            "history": clock_history(clock),
        },
    )


def _run(request: HttpRequest, clock: Clock, change, done: str) -> HttpResponse:
    try:
        change()
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, done)
    return _back(request, clock)


def _form_error(request: HttpRequest, clock: Clock, form) -> HttpResponse:
    messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return _back(request, clock)


@login_required
@require_POST
def clock_pause(request: HttpRequest, pk: int) -> HttpResponse:
    clock = access.get_clock_for_user(request.user, pk, write=True)
    form = PauseForm(request.POST)
    if not form.is_valid():
        return _form_error(request, clock, form)
    return _run(request, clock, lambda: actions.do_pause_clock(clock, form.cleaned_data["reason"], request.user), "已暂停计时")


@login_required
@require_POST
def clock_resume(request: HttpRequest, pk: int) -> HttpResponse:
    clock = access.get_clock_for_user(request.user, pk, write=True)
    return _run(request, clock, lambda: actions.do_resume_clock(clock, request.user), "已恢复计时，办理期限已顺延")


@login_required
@require_POST
def clock_extension(request: HttpRequest, pk: int) -> HttpResponse:
    clock = access.get_clock_for_user(request.user, pk, write=True)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        return _form_error(request, clock, form)
    data = form.cleaned_data
    return _run(
        request,
        clock,
        lambda: actions.do_request_extension(clock, data["days"], data["reason"], request.user),
        "已提交延期申请，待单位负责人审批",
    )


@login_required
@require_POST
def clock_extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    clock = access.get_clock_for_user(request.user, pk, write=True)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _form_error(request, clock, form)
    approve = form.cleaned_data["approve"]
    return _run(
        request,
        clock,
        lambda: actions.do_decide_extension(clock, approve, request.user),
        "已批准延期" if approve else "未批准延期",
    )
