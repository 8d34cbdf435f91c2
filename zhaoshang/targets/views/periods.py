from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhaoshang.accounts import access
from zhaoshang.core.versions import ConflictError
from zhaoshang.core.forms import nothing_changed
from zhaoshang.core.http import paginate, refusal

from .. import actions
from ..access import get_period_for_user
from ..forms import PeriodForm
from ..models import Period


@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    periods = Period.objects.visible_to(request.user).select_related("jurisdiction")
    return render(request, "targets/period_list.html", {"page": paginate(request, periods), "can_edit": access.is_bureau(request.user)})


def _save(request: HttpRequest, period: Period, title: str) -> HttpResponse:
    version = period.version if period.pk else None
    form = PeriodForm(request.POST or None, instance=period, user=request.user, version=version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if period.pk and nothing_changed(request, form):
            return redirect("targets:period_list")
        data = {f: form.cleaned_data[f] for f in ("jurisdiction", "kind", "name", "start", "end", "primary_kind")}
        try:
            actions.do_save_period(period, data, request.user, expected_version=form.cleaned_data.get("version"))
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, f"已保存考核期间「{period.name}」")
            return redirect("targets:period_list")
    return render(request, "targets/period_form.html", {"form": form, "title": title}, status=status)


@login_required
def period_create(request: HttpRequest) -> HttpResponse:
    if not access.is_bureau(request.user):
        raise PermissionDenied
    return _save(request, Period(), "新增考核期间")


@login_required
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save(request, get_period_for_user(request.user, pk, write=True), "编辑考核期间")
