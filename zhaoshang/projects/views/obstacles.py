"""问题清单: a project's obstacles (add on the project page), each obstacle's own
page (the part of the project its responsible department may read, the handling
thread, 销号 proposal and confirmation, a leader's 批示) and the global board
with a status control per row."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhaoshang.core import excel
from zhaoshang.core.http import is_htmx, paginate, refusal
from zhaoshang.core.versions import ConflictError
from zhaoshang.timelimits.calendar import calendar_warning

from .. import access, actions
from ..access import get_obstacle_for_user, get_project_for_user
from ..models import Obstacle, ObstacleNote, ObstacleStatus, Project
from ..obstacle_forms import (
    OBSTACLE_COLUMNS,
    ObstacleFilterForm,
    ObstacleForm,
    ObstacleInstructionForm,
    ObstacleNoteForm,
    ObstacleProposalForm,
    ObstacleStatusForm,
    obstacle_data,
    quick_statuses,
)
from ..summaries import escalation_leaders
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


# ---------------------------------------------------------------- one obstacle


def _detail(request: HttpRequest, obstacle: Obstacle, status: int = 200, **forms) -> HttpResponse:
    """The obstacle's page: the project's basics (no more of it: a department may
    not see the rest), the obstacle, its thread, and the steps this user may take."""
    user = request.user
    statuses = access.obstacle_statuses_for(user, obstacle)
    context = {
        "obstacle": obstacle,
        "project": obstacle.project,
        "is_overdue": obstacle.status != ObstacleStatus.RESOLVED and obstacle.deadline < timezone.localdate(),
        "notes": obstacle.notes.select_related("author"),
        "can_see_project": Project.objects.visible_to(user).filter(pk=obstacle.project_id).exists(),
        "can_note": access.can_note_obstacle(user, obstacle),
        "can_propose": ObstacleStatus.PROPOSED in statuses,
        "can_instruct": access.can_instruct_obstacle(user, obstacle),
        "statuses": quick_statuses(statuses),
        "leaders": list(escalation_leaders(obstacle.project)) if ObstacleStatus.ESCALATED in statuses else [],
        "note_form": forms.get("note_form") or ObstacleNoteForm(),
        "proposal_form": forms.get("proposal_form") or ObstacleProposalForm(initial={"version": obstacle.version}),
        "instruction_form": forms.get("instruction_form") or ObstacleInstructionForm(initial={"version": obstacle.version}),
    }
    return render(request, "projects/obstacle_detail.html", context, status=status)


def _back_to(obstacle: Obstacle) -> HttpResponse:
    return redirect("projects:obstacle_detail", obstacle.pk)


@login_required
def obstacle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_obstacle_for_user(request.user, pk))


@login_required
@require_POST
def obstacle_note(request: HttpRequest, pk: int) -> HttpResponse:
    obstacle = get_obstacle_for_user(request.user, pk, write=True)
    form = ObstacleNoteForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.do_add_obstacle_note(obstacle, form.cleaned_data["text"], request.user, form.cleaned_data["attachment"])
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已记录办理情况")
            return _back_to(obstacle)
    return _detail(request, obstacle, 400, note_form=form)


@login_required
@require_POST
def obstacle_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """申请销号: the responsible unit's result and its evidence, for the project's unit to confirm."""
    obstacle = get_obstacle_for_user(request.user, pk, write=True)
    form = ObstacleProposalForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_update_obstacle_status(
                obstacle,
                ObstacleStatus.PROPOSED,
                request.user,
                note=data["note"],
                evidence=data["evidence"],
                expected_version=data["version"],
            )
        except ConflictError as error:
            form.add_error(None, error.message)
            return _detail(request, obstacle, 409, proposal_form=form)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已提交销号申请，待项目所属单位确认")
            return _back_to(obstacle)
    return _detail(request, obstacle, 400, proposal_form=form)


@login_required
@require_POST
def obstacle_instruct(request: HttpRequest, pk: int) -> HttpResponse:
    """A leader's 批示 on an escalated problem."""
    obstacle = get_obstacle_for_user(request.user, pk)
    if not access.can_instruct_obstacle(request.user, obstacle):
        raise PermissionDenied
    form = ObstacleInstructionForm(request.POST)
    if form.is_valid():
        try:
            actions.do_give_obstacle_instruction(obstacle, form.cleaned_data["text"], request.user, expected_version=form.cleaned_data["version"])
        except ConflictError as error:
            form.add_error(None, error.message)
            return _detail(request, obstacle, 409, instruction_form=form)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已批示")
            return _back_to(obstacle)
    return _detail(request, obstacle, 400, instruction_form=form)


@login_required
def obstacle_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A thread's file, to whoever may see the obstacle (the project's evidence
    stays with those who may see the project)."""
    note = get_object_or_404(ObstacleNote.objects.exclude(attachment=""), pk=pk)
    get_obstacle_for_user(request.user, note.obstacle_id)
    try:
        handle = note.attachment.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    response = FileResponse(handle, as_attachment=True, filename=note.attachment_name, content_type=note.attachment_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- status control


@dataclass(frozen=True)
class BoardRow:
    obstacle: Obstacle
    statuses: list[ObstacleStatus]


def _rows(user, obstacles) -> list[BoardRow]:
    """The board's rows with what each one's control offers, asking once for all
    rows which projects the user owns."""
    obstacles = list(obstacles)
    owned = set(Project.objects.editable_by(user).filter(pk__in={o.project_id for o in obstacles}).values_list("pk", flat=True))
    return [BoardRow(o, quick_statuses(access.obstacle_statuses_for(user, o, owner=o.project_id in owned))) for o in obstacles]


def _board_row(request: HttpRequest, obstacle: Obstacle, status: int = 200, error: str = "") -> HttpResponse:
    obstacle = _board_queryset(request).with_overdue_flag(timezone.localdate()).get(pk=obstacle.pk)
    context = {"row": _rows(request.user, [obstacle])[0], "error": error}
    return render(request, "projects/obstacle_board.html#row", context, status=status)


@login_required
@require_POST
def obstacle_status(request: HttpRequest, pk: int) -> HttpResponse:
    """A status step from a row (the board, the project page, 待办) or the obstacle's
    page. From the board (htmx) the answer is the row itself, showing the new state
    or why the step was refused (422; 409 when the row was stale: htmx swaps both,
    see base.html)."""
    obstacle = get_obstacle_for_user(request.user, pk, write=True)
    form = ObstacleStatusForm(request.POST)
    error, status = "", 200
    if not form.is_valid():
        error, status = "请选择新的状态", 422
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
        except ConflictError as error_:
            error, status = error_.message, 409
        except ValidationError as error_:
            error, status = refusal(error_), 422
    if is_htmx(request):
        return _board_row(request, obstacle, status, error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "已更新问题状态")
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return _back_to(obstacle)


# ---------------------------------------------------------------- the board


def _board_queryset(request: HttpRequest):
    return Obstacle.objects.visible_to(request.user).select_related("project", "responsible_unit", "escalated_to")


def _filtered(request: HttpRequest):
    form = ObstacleFilterForm(request.GET, user=request.user)
    return form, form.filter(_board_queryset(request))


@login_required
def obstacle_board(request: HttpRequest) -> HttpResponse:
    form, obstacles = _filtered(request)
    page = paginate(request, obstacles)
    context = {"form": form, "page": page, "rows": _rows(request.user, page.object_list)}
    template = "projects/obstacle_board.html#results" if is_htmx(request) else "projects/obstacle_board.html"
    return render(request, template, context)


@login_required
def obstacle_export(request: HttpRequest) -> HttpResponse:
    _, obstacles = _filtered(request)
    return excel.export("问题清单.xlsx", "问题清单", OBSTACLE_COLUMNS, obstacles)
