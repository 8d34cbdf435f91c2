"""时限标准 and 工作日历: everyone logged in reads them; the bureau and admins edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhaoshang.core.forms import nothing_changed
from zhaoshang.core.versions import ConflictError

from . import access
from .calendar import WorkingCalendar, unknown_years_warning
from .engine import actions
from .forms import CalendarDayForm, PolicyForm, YearForm, calendar_years
from .models import CalendarDay, Policy


def _refusal(error: ValidationError) -> str:
    return "；".join(error.messages)


@login_required
def policy_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "timelimits/policy_list.html",
        {"policies": Policy.objects.all(), "can_edit": access.can_manage_time_limits(request.user)},
    )


@login_required
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy = access.get_policy_for_user(request.user, pk, write=True)
    form = PolicyForm(request.POST or None, instance=policy, version=policy.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("timelimits:policy_list")
        try:
            actions.do_update_policy(policy, form.edited_data(), request.user, expected_version=form.cleaned_data["version"])
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, "已保存；正在计时的事项仍按原时限")
            return redirect("timelimits:policy_list")
    return render(request, "timelimits/policy_form.html", {"form": form, "policy": policy}, status=status)


def _calendar_of(year: int) -> HttpResponse:
    return redirect(f"{reverse('timelimits:calendar')}?year={year}")


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    year = YearForm(request.GET).chosen_year()
    form = CalendarDayForm(request.POST or None)
    if request.method == "POST":
        access.require_calendar_editor(request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.do_set_calendar_day(data["date"], data["kind"], data["name"], request.user)
            except ValidationError as error:
                form.add_error(None, _refusal(error))
            else:
                messages.success(request, f"已设置 {data['date']:%Y-%m-%d}")
                return _calendar_of(data["date"].year)
    return render(
        request,
        "timelimits/calendar.html",
        {
            "year": year,
            "years": calendar_years(),
            "days": CalendarDay.objects.filter(date__year=year),
            "warning": "" if WorkingCalendar().knows(year) else unknown_years_warning({year}),
            "form": form,
            "can_edit": access.can_manage_time_limits(request.user),
        },
    )


@login_required
@require_POST
def calendar_day_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.get_calendar_day_for_user(request.user, pk, write=True)
    try:
        actions.do_remove_calendar_day(entry, request.user)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, f"已删除 {entry.date:%Y-%m-%d}，该日恢复按周一至周五计算")
    return _calendar_of(entry.date.year)
