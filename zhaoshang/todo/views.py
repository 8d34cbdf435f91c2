"""待办 (the home page), the unit head's bulk decision on it, and 通知."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhaoshang.core.http import paginate
from zhaoshang.projects import actions as project_actions

from . import actions, registry
from .access import get_notification_for_user
from .forms import FundsDecisionForm
from .models import Notification
from .sources import FUNDS_TO_APPROVE


@login_required
def todo(request: HttpRequest) -> HttpResponse:
    sections = registry.sections(request.user, timezone.localdate())
    context = {
        "sections": sections,
        "total": sum(section.count for section in sections),
        "unread": Notification.objects.for_user(request.user).unread()[:5],
    }
    return render(request, "todo/todo.html", context)


@login_required
def nav_counts(request: HttpRequest) -> HttpResponse:
    """The navbar's badges, fetched by every page after it loads."""
    context = {
        "todo": registry.count(request.user, timezone.localdate()),
        "unread": Notification.objects.for_user(request.user).unread().count(),
    }
    return render(request, "todo/_nav_counts.html", context)


@login_required
@require_POST
def funds_decide(request: HttpRequest) -> HttpResponse:
    if not FUNDS_TO_APPROVE.applies(request.user):
        raise PermissionDenied
    form = FundsDecisionForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "；".join(message for errors in form.errors.values() for message in errors))
        return redirect("home")
    entries, decision = list(form.cleaned_data["entries"]), form.cleaned_data["decision"]
    try:
        if decision == FundsDecisionForm.APPROVE:
            project_actions.do_approve_funds_bulk(entries, request.user)
        else:
            project_actions.do_return_funds_bulk(entries, form.cleaned_data["reason"], request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages) + "；本次未处理任何条目")
    else:
        done = "审核通过" if decision == FundsDecisionForm.APPROVE else "退回"
        messages.success(request, f"已{done} {len(entries)} 笔到位资金")
    return redirect("home")


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.for_user(request.user)
    page = paginate(request, notifications)
    return render(request, "todo/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark as read and go where the change is dealt with."""
    notification = actions.do_mark_read(get_notification_for_user(request.user, pk))
    safe = url_has_allowed_host_and_scheme(notification.link, allowed_hosts={request.get_host()})
    return redirect(notification.link if notification.link and safe else "todo:notification_list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = actions.do_mark_all_read(request.user)
    messages.success(request, f"已将 {count} 条通知标为已读")
    return redirect("todo:notification_list")
