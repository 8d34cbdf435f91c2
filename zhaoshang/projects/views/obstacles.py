"""问题清单: a project's obstacles (add, change status: both return to the
obstacles section of the project page) and the global board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.core import excel
from zhaoshang.core.versions import ConflictError
from zhaoshang.timelimits.calendar import calendar_warning

from .. import actions
from ..access import get_obstacle_for_user, get_project_for_user
from ..models import Obstacle
from ..obstacle_forms import OBSTACLE_COLUMNS, ObstacleFilterForm, ObstacleForm, ObstacleStatusForm, obstacle_data
from zhaoshang.core.http import is_htmx, paginate, refusal

from .common import project_section


@login_required
def obstacle_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk, write=True)
    form = ObstacleForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            obstacle = actions.do_add_obstacle(project, obstacle_data(form), request.user)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, f"已登记问题，办结时限 {obstacle.deadline:%Y-%m-%d}")
            if warning := calendar_warning(timezone.localdate(obstacle.raised_at), obstacle.deadline):
                messages.warning(request, warning)
            return project_section(project.pk, "obstacles")
    return render(request, "projects/obstacle_form.html", {"form": form, "project": project})


@login_required
@require_POST
def obstacle_status(request: HttpRequest, pk: int) -> HttpResponse:
    obstacle = get_obstacle_for_user(request.user, pk, write=True)
    form = ObstacleStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择新的状态")
    else:
        data = form.cleaned_data
        try:
            actions.do_update_obstacle_status(
                obstacle,
                data["status"],
                request.user,
                note=data["note"],
                escalated_to=data["escalated_to"],
                expected_version=data["version"],
            )
        except ConflictError as error:
            # The row is inline on the project page: back to it, now showing what changed.
            messages.error(request, error.message)
        except ValidationError as error:
            messages.error(request, refusal(error))
        else:
            messages.success(request, "已更新问题状态")
    # The 待办 page handles a unit's assigned obstacles in place (a department may
    # not see the project page) and asks to come back.
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return project_section(obstacle.project_id, "obstacles")


def _filtered(request: HttpRequest):
    form = ObstacleFilterForm(request.GET, user=request.user)
    obstacles = Obstacle.objects.visible_to(request.user).select_related(
        "project", "responsible_unit", "escalated_to"
    )
    return form, form.filter(obstacles)


@login_required
def obstacle_board(request: HttpRequest) -> HttpResponse:
    form, obstacles = _filtered(request)
    context = {"form": form, "page": paginate(request, obstacles)}
    template = "projects/obstacle_board.html#results" if is_htmx(request) else "projects/obstacle_board.html"
    return render(request, template, context)


@login_required
def obstacle_export(request: HttpRequest) -> HttpResponse:
    _, obstacles = _filtered(request)
    return excel.export("问题清单.xlsx", "问题清单", OBSTACLE_COLUMNS, obstacles)
