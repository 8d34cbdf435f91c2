"""Project screens: list and export, page, create and edit, stages, credits, team,
and the bureau's duplicate queue. Every change is one call into actions.py."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from zhaoshang.core.http import is_htmx, paginate
from zhaoshang.accounts import access as roles
from zhaoshang.core import excel
from zhaoshang.core.versions import ConflictError
from zhaoshang.core.forms import nothing_changed

from .. import access, actions, exports, history, listing, timeline
from ..filters import ProjectFilterForm
from ..merge_plan import merge_plan
from ..models import DuplicateStatus, Project
from ..project_forms import (
    CorrectionForm,
    CreditFormSet,
    FollowUpForm,
    IntentForm,
    ProjectForm,
    StageForm,
    TeamFormSet,
    credit_initial,
    team_persons,
)
from .common import project_section
from .plans import investment_context
from .screens import show_errors

HELD_MESSAGE = "疑似重复，待招商局研判：该项目已保存，但在招商局研判前不计入统计。"


def _filtered(request: HttpRequest):
    form = ProjectFilterForm(request.GET, user=request.user)
    return form, form.filter(Project.objects.visible_to(request.user))


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    # The filter form and the results are kept per scope, query string and data
    # version (listing.py): the form, the scoped queryset and the page are built only
    # when a piece has to be rendered, and then once for both pieces.
    @cache
    def pieces() -> dict[str, Any]:
        form, projects = _filtered(request)
        # Count and sums cached per scope, filters and data version: a page reads 20 rows.
        totals = listing.totals(request.user, form, projects)
        rows = projects.select_related("investor", "introducing_unit", "landing_unit", "responsible_leader")
        return {"form": form, "page": listing.page(request, rows, totals["count"]), "totals": totals}

    def piece(name: str) -> str:
        return render_to_string(f"projects/project_list.html#{name}", pieces(), request)

    # htmx refreshes only the results when a filter changes.
    if is_htmx(request):
        return HttpResponse(listing.fragment(request, "results", lambda: piece("results")))
    # The whole page's two pieces are kept together: one cache read.
    filters_html, results_html = listing.fragment(request, "page", lambda: (piece("filters"), piece("results")))
    context = {
        "filters_html": filters_html,
        "results_html": results_html,
        "can_create": not roles.is_read_only(request.user),
    }
    return render(request, "projects/project_list.html", context)


@login_required
def project_export(request: HttpRequest) -> HttpResponse:
    _, projects = _filtered(request)
    return excel.export("项目库.xlsx", "项目", exports.project_columns(request.user), exports.for_project_export(projects))


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_user(request.user, pk)
    if project.is_merged and "merged" not in request.GET:
        # Links to a merged project lead to the one it was merged into.
        survivor = Project.objects.visible_to(request.user).filter(pk=project.duplicate_of_id).first()
        if survivor is not None:
            messages.info(request, f"「{project.name}」已合并到本项目")
            return redirect("projects:project_detail", survivor.pk)
    user = request.user
    can_edit = access.can_edit_project(user, project) and not project.is_merged
    context = {
        "project": project,
        "timeline": timeline.build(project),
        "credits": project.credits.select_related("unit").order_by("-share_bp"),
        "team": project.team.select_related("person__unit").order_by("role", "person__name"),
        "history": history.project_history(project),
        "can_edit": can_edit,
        "can_record_stage": can_edit and bool(actions.allowed_stages(project)),
        "can_record_intent": can_edit and project.signed_on is None,
        "is_bureau": access.is_bureau_for(user, project),
        "can_correct": access.is_bureau_for(user, project) and bool(actions.correctable_stages(project)),
        "held": project.duplicate_status == DuplicateStatus.SUSPECTED,
        "follow_up_form": FollowUpForm(initial={"date": timezone.localdate()}),
        **investment_context(project, user),
    }
    return render(request, "projects/project_detail.html", context)


@login_required
@require_POST
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Records a follow-up from the project page's small form. htmx gets the section
    back (the new record listed, or the form with its errors); without JavaScript
    the browser returns to the section."""
    project = access.get_project_for_user(request.user, pk, write=True)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            actions.do_record_follow_up(project, form.cleaned_data["date"], form.cleaned_data["note"], request.user)
        except ValidationError as error:
            show_errors(form, error)
        else:
            form = FollowUpForm(initial={"date": form.cleaned_data["date"]})
            if not is_htmx(request):
                messages.success(request, "已记录跟踪情况")
    if not is_htmx(request):
        for error in form.errors.values():
            messages.error(request, "；".join(error))
        return project_section(project.pk, "follow-ups")
    context = {"project": project, "timeline": timeline.build(project), "follow_up_form": form, "can_edit": True}
    return render(request, "projects/_follow_ups_section.html#section", context)


def _require_writer(request: HttpRequest) -> None:
    if roles.is_read_only(request.user):
        raise PermissionDenied


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    _require_writer(request)
    user = request.user
    post, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ProjectForm(post, user=user)
    credits = CreditFormSet(post, prefix="credits", form_kwargs={"units": actions.creditable_units(user).order_by("path")})
    team = TeamFormSet(post, prefix="team", form_kwargs={"persons": team_persons(user)})
    if post is not None and form.is_valid() and credits.is_valid() and team.is_valid():
        try:
            project = actions.do_create_project_from_screen(
                form.project_data(),
                user,
                new_investor=form.new_investor(),
                credits=credits.credits() or None,
                team=team.members(),
                stage=form.cleaned_data["initial_stage"],
                stage_date=form.cleaned_data["stage_date"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "credits" in error.error_dict:
                # The split's refusal belongs on the split.
                credits.non_form_errors().extend(error.message_dict["credits"])
            else:
                show_errors(form, error)
        else:
            if project.duplicate_status == DuplicateStatus.SUSPECTED:
                messages.warning(request, HELD_MESSAGE)
            else:
                messages.success(request, f"已新增项目「{project.name}」")
            return redirect("projects:project_detail", project.pk)
    return render(request, "projects/project_form.html", {"form": form, "credits": credits, "team": team, "title": "新增项目"})


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_user(request.user, pk, write=True)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("projects:project_detail", project.pk)
        try:
            saved = actions.do_update_project(project, form.project_data(), form.cleaned_data["version"] or 0, request.user)
        except ConflictError as error:
            # Keep what the user typed; the next save is based on the version they now know of.
            data = request.POST.copy()
            data["version"] = Project.objects.get(pk=project.pk).version  # type: ignore[assignment]
            form = ProjectForm(data, instance=Project.objects.get(pk=project.pk), user=request.user)
            form.is_valid()
            form.add_error(None, error.message)
            status = 409
        except ValidationError as error:
            show_errors(form, error)
        else:
            if saved.duplicate_status == DuplicateStatus.SUSPECTED:
                messages.warning(request, HELD_MESSAGE)
            else:
                messages.success(request, "已保存")
            return redirect("projects:project_detail", project.pk)
    context = {"form": form, "project": project, "title": "编辑项目"}
    return render(request, "projects/project_form.html", context, status=status)


@login_required
def project_stage(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_user(request.user, pk, write=True)
    if request.method == "POST":
        form = StageForm(request.POST, request.FILES, project=project)
        if form.is_valid():
            try:
                actions.do_record_stage(project, user=request.user, **form.action_kwargs())
            except ValidationError as error:
                show_errors(form, error, form.field_for_error)
            else:
                messages.success(request, f"已登记「{form.target.label}」")
                return redirect("projects:project_detail", project.pk)
    else:
        form = StageForm(project=project, target=request.GET.get("stage"))
    # htmx swaps only the evidence fields when the target stage changes.
    template = "projects/stage_form.html#fields" if is_htmx(request) else "projects/stage_form.html"
    return render(request, template, {"form": form, "project": project})


@login_required
def project_intent(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_user(request.user, pk, write=True)
    form = IntentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_intent(project, form.cleaned_data["date"], request.user, note=form.cleaned_data["note"], evidence=form.evidence())
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "已登记意向协议（意向协议不算签约）")
            return redirect("projects:project_detail", project.pk)
    context = {
        "form": form,
        "project": project,
        "title": "登记意向协议",
        "multipart": True,
        "intro": "意向协议只作记录，不算签约；正式合同签订后请登记「签约」阶段。",
    }
    return render(request, "projects/project_action_form.html", context)


@login_required
def project_correct(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_user(request.user, pk)
    if not access.is_bureau_for(request.user, project):
        raise PermissionDenied
    form = CorrectionForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_correct_stage(project, form.cleaned_data["stage"], form.cleaned_data["reason"], request.user)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "已更正阶段，原记录已作废并保留在历史中")
            return redirect("projects:project_detail", project.pk)
    context = {"form": form, "project": project, "title": "更正阶段（招商局）", "intro": "退回后，其后阶段的记录将作废（保留可查），请填写原因。"}
    return render(request, "projects/project_action_form.html", context)


@login_required
def project_credits(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_user(request.user, pk)
    if not access.is_bureau_for(request.user, project):
        raise PermissionDenied
    formset = CreditFormSet(request.POST or None, prefix="credits", initial=None if request.POST else credit_initial(project))
    error = None
    if request.method == "POST" and formset.is_valid():
        try:
            actions.do_set_credits(project, formset.credits(), request.user)
        except ValidationError as refusal:
            error = "；".join(refusal.messages)
        else:
            messages.success(request, "已保存分成")
            return redirect("projects:project_detail", project.pk)
    context = {
        "formset": formset,
        "project": project,
        "title": "联合引进分成（招商局）",
        "error": error,
        "intro": "各单位分成比例之和须为100%，统计时按比例计入各单位。",
    }
    return render(request, "projects/formset_form.html", context)


@login_required
def project_team(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_user(request.user, pk, write=True)
    initial = [{"person": m.person, "role": m.role} for m in project.team.select_related("person")]
    formset = TeamFormSet(
        request.POST or None,
        prefix="team",
        initial=None if request.POST else initial,
        form_kwargs={"persons": team_persons(request.user, project)},
    )
    error = None
    if request.method == "POST" and formset.is_valid():
        try:
            actions.do_set_team(project, formset.members(), request.user)
        except ValidationError as refusal:
            error = "；".join(refusal.messages)
        else:
            messages.success(request, "已保存项目班子")
            return redirect("projects:project_detail", project.pk)
    context = {
        "formset": formset,
        "project": project,
        "title": "项目班子",
        "error": error,
        "intro": "一个项目、一名领导、一套班子：谁引进、谁负责、谁跟踪、谁服务。",
    }
    return render(request, "projects/formset_form.html", context)


# ---------------------------------------------------------------- duplicates


def _require_bureau(request: HttpRequest) -> None:
    if not (roles.is_bureau(request.user) or roles.is_admin(request.user)):
        raise PermissionDenied


@login_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    _require_bureau(request)
    suspects = (
        Project.objects.in_bureau_scope_of(request.user)
        .awaiting_duplicate_review()
        .select_related(
            "investor",
            "introducing_unit",
            "landing_unit",
            "duplicate_of__investor",
            "duplicate_of__introducing_unit",
            "duplicate_of__landing_unit",
        )
        .order_by("created_at", "id")
    )
    return render(request, "projects/duplicate_list.html", {"page": paginate(request, suspects)})


@login_required
@require_http_methods(["GET", "POST"])
def duplicate_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """GET shows what the merge will do (which project is kept, which records move
    or are voided); the bureau confirms with POST."""
    suspect = access.get_project_for_user(request.user, pk)
    _require_bureau(request)
    if suspect.duplicate_status != DuplicateStatus.SUSPECTED:
        messages.error(request, "该项目不是待研判的疑似重复项目")
        return redirect("projects:duplicate_list")
    other = suspect.duplicate_of
    keep_this = (request.POST if request.method == "POST" else request.GET).get("survivor") == "this"
    survivor, duplicate = (suspect, other) if keep_this else (other, suspect)
    if request.method == "GET":
        context = {"plan": merge_plan(survivor, duplicate), "suspect": suspect, "survivor_choice": "this" if keep_this else "other"}
        return render(request, "projects/duplicate_merge.html", context)
    try:
        actions.do_merge_projects(survivor, duplicate, request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已将「{duplicate.name}」合并到「{survivor.name}」")
    return redirect("projects:duplicate_list")


@login_required
@require_POST
def duplicate_distinct(request: HttpRequest, pk: int) -> HttpResponse:
    suspect = access.get_project_for_user(request.user, pk)
    try:
        actions.do_mark_distinct(suspect, request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已确认「{suspect.name}」不是重复项目，开始计入统计")
    return redirect("projects:duplicate_list")
