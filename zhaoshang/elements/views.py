"""要素保障 screens: the steps a department owes, a project's steps and predicted
start, step and problem pages with their actions, the templates, and the figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.core import excel
from zhaoshang.core.forms import nothing_changed
from zhaoshang.core.history import entries
from zhaoshang.core.versions import ConflictError
from zhaoshang.projects.access import get_project_for_user
from zhaoshang.projects.models import Project
from zhaoshang.core.http import paginate, refusal

from . import access, actions, figures, land, summaries
from .forms import (
    STEP_COLUMNS,
    BlockForm,
    CloseProblemForm,
    CompleteForm,
    GenerateForm,
    ImportForm,
    ProductionReviewForm,
    SigningReviewForm,
    StepFilterForm,
    StepForm,
    TemplateForm,
    ThresholdForm,
)
from .importing import import_steps
from .models import ElementProblem, ElementStep, LandThreshold, StepTemplate
from .prediction import predict_project


def _step_page(step: ElementStep) -> HttpResponse:
    return redirect("elements:step_detail", step.pk)


@login_required
def step_list(request: HttpRequest) -> HttpResponse:
    form = StepFilterForm(request.GET or None)
    steps = summaries.filtered_steps(request.user, form)
    if request.GET.get("export") == "xlsx":
        return excel.export("要素环节.xlsx", "要素环节", STEP_COLUMNS, steps)
    return render(request, "elements/step_list.html", {"form": form, "page": paginate(request, steps)})


@login_required
def step_import(request: HttpRequest) -> HttpResponse:
    """Upload the edited export; all rows or none."""
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_steps(form.cleaned_data["file"], request.user)
        except excel.ImportFileError as error:
            errors = [str(error)]
        else:
            if not result.errors:
                messages.success(request, f"已导入，更新了 {result.created} 个环节的计划")
                return redirect("elements:step_list")
            errors = [str(error) for error in result.errors]
    return render(request, "elements/step_import.html", {"form": form, "errors": errors}, status=422 if errors else 200)


@login_required
def project_steps(request: HttpRequest, pk: int) -> HttpResponse:
    """A project's element steps and predicted start; the card on the project page
    is this page's `card` partial, loaded by htmx."""
    project = get_project_for_user(request.user, pk)
    form = GenerateForm(request.POST or None)
    if request.method == "POST":
        if not access.can_plan_steps(request.user, project):
            raise PermissionDenied
        if form.is_valid():
            try:
                created = actions.do_generate_steps(project, form.cleaned_data["project_type"], request.user)
            except ValidationError as error:
                messages.error(request, refusal(error))
            else:
                messages.success(request, f"已按模板生成 {len(created)} 个要素环节")
            return redirect("elements:project_steps", project.pk)
    context = {**summaries.project_summary(project, request.user, timezone.localdate()), "form": form}
    template = "elements/project_steps.html#card" if request.GET.get("card") else "elements/project_steps.html"
    return render(request, template, context)


@login_required
def step_detail(request: HttpRequest, pk: int) -> HttpResponse:
    step = access.get_step_for_user(request.user, pk)
    return render(
        request,
        "elements/step_detail.html",
        {
            "step": step,
            "can_act": access.can_act_on_step(request.user, step),
            "can_plan": access.can_plan_steps(request.user, step.project),
            "complete_form": CompleteForm(initial={"version": step.version}),
            "block_form": BlockForm(),
            "problems": step.problems.all(),
            "history": entries(step),
            "prediction": predict_project(step.project, timezone.localdate()),
        },
    )


@login_required
def step_edit(request: HttpRequest, pk: int) -> HttpResponse:
    step = access.get_step_for_user(request.user, pk)
    if not access.can_plan_steps(request.user, step.project):
        raise PermissionDenied
    form = StepForm(request.POST or None, instance=step, version=step.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return _step_page(step)
        data = form.edited_data()
        try:
            actions.do_update_step(ElementStep.objects.get(pk=step.pk), data, request.user, expected_version=form.cleaned_data["version"])
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已保存")
            return _step_page(step)
    return render(request, "elements/step_form.html", {"form": form, "step": step}, status=status)


@login_required
@require_POST
def step_start(request: HttpRequest, pk: int) -> HttpResponse:
    step = access.get_step_for_user(request.user, pk, write=True)
    try:
        actions.do_start_step(step, request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, "已启动办理，开始计时")
    return _step_page(step)


@login_required
@require_POST
def step_complete(request: HttpRequest, pk: int) -> HttpResponse:
    step = access.get_step_for_user(request.user, pk, write=True)
    form = CompleteForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请填写办结依据")
        return _step_page(step)
    data = form.cleaned_data
    try:
        actions.do_complete_step(
            step,
            request.user,
            evidence_note=data["evidence_note"],
            evidence=data["evidence"],
            completed_on=data["completed_on"],
            expected_version=data["version"],
        )
    except ConflictError as error:
        return HttpResponse(error.message, status=409)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, "已办结")
    return _step_page(step)


@login_required
@require_POST
def step_block(request: HttpRequest, pk: int) -> HttpResponse:
    step = access.get_step_for_user(request.user, pk, write=True)
    form = BlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请说明受阻原因")
        return _step_page(step)
    try:
        problem = actions.do_block_step(step, form.cleaned_data["description"], request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
        return _step_page(step)
    messages.success(request, "已报受阻，要素问题交责任部门协调")
    return redirect("elements:problem_detail", problem.pk)


@login_required
def problem_list(request: HttpRequest) -> HttpResponse:
    problems = (
        ElementProblem.objects.visible_to(request.user)
        .select_related("step__project", "step__responsible_unit", "leader")
        .order_by("closed_at", "raised_at", "id")
    )
    if request.GET.get("export") == "xlsx":
        return excel.export("要素问题.xlsx", "要素问题", summaries.PROBLEM_COLUMNS, problems)
    return render(
        request,
        "elements/problem_list.html",
        {"page": paginate(request, problems), "ranking": summaries.resolution_ranking(request.user)},
    )


@login_required
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    problem = access.get_problem_for_user(request.user, pk)
    return render(
        request,
        "elements/problem_detail.html",
        {
            "problem": problem,
            "can_handle": access.can_handle_problem(request.user, problem),
            "close_form": CloseProblemForm(),
            "history": entries(problem),
        },
    )


@login_required
@require_POST
def problem_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    problem = access.get_problem_for_user(request.user, pk, write=True)
    try:
        problem = actions.do_escalate_problem(problem, request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, f"已上报至{problem.get_level_display()}")
    return redirect("elements:problem_detail", pk)


@login_required
@require_POST
def problem_close(request: HttpRequest, pk: int) -> HttpResponse:
    problem = access.get_problem_for_user(request.user, pk, write=True)
    form = CloseProblemForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请填写解决情况及依据")
        return redirect("elements:problem_detail", pk)
    try:
        actions.do_close_problem(problem, form.cleaned_data["resolution"], request.user, evidence=form.cleaned_data["evidence"])
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, "问题已解决，环节恢复办理")
    return redirect("elements:problem_detail", pk)


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "elements/template_list.html",
        {
            "templates": StepTemplate.objects.select_related("responsible_unit"),
            "can_edit": access.can_manage_templates(request.user),
        },
    )


@login_required
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = access.get_template_for_user(request.user, pk, write=True)
    form = TemplateForm(request.POST or None, instance=template, version=template.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("elements:template_list")
        try:
            actions.do_update_template(
                StepTemplate.objects.get(pk=template.pk),
                form.edited_data(),
                request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已保存；已生成的项目环节不变，新生成的按此模板")
            return redirect("elements:template_list")
    return render(request, "elements/template_form.html", {"form": form, "template": template}, status=status)


@login_required
def threshold_list(request: HttpRequest) -> HttpResponse:
    """亩均效益标准 by park and industry, and the defaults that apply where none does."""
    if not access.can_manage_templates(request.user):
        raise PermissionDenied
    thresholds = LandThreshold.objects.select_related("park").order_by("park__path", "industry", "id")
    return render(
        request,
        "elements/threshold_list.html",
        {"thresholds": thresholds, "defaults": land.Threshold(land.DEFAULT_INVESTMENT_PER_MU, land.DEFAULT_TAX_PER_MU_YEAR, "默认标准")},
    )


@login_required
def threshold_create(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_templates(request.user):
        raise PermissionDenied
    form = ThresholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            threshold = actions.do_add_threshold(form.threshold_data(), request.user)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, f"已添加亩均效益标准：{threshold}")
            return redirect("elements:threshold_list")
    return render(request, "elements/threshold_form.html", {"form": form, "threshold": None})


@login_required
def threshold_edit(request: HttpRequest, pk: int) -> HttpResponse:
    threshold = access.get_threshold_for_user(request.user, pk, write=True)
    form = ThresholdForm(request.POST or None, instance=threshold, version=threshold.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("elements:threshold_list")
        try:
            actions.do_update_threshold(
                LandThreshold.objects.get(pk=threshold.pk),
                form.threshold_data(),
                request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已保存；已做的评估不变，新的评估按此标准")
            return redirect("elements:threshold_list")
    history = entries(threshold)
    return render(request, "elements/threshold_form.html", {"form": form, "threshold": threshold, "history": history}, status=status)


@login_required
def figure_view(request: HttpRequest) -> HttpResponse:
    """The stuck lists and land figures over the projects the user sees; `?list=key`
    drills down to the projects behind one figure."""
    today = timezone.localdate()
    projects = Project.objects.visible_to(request.user)
    chosen = request.GET.get("list", "")
    drill = summaries.drill_down(projects, chosen, today)
    if drill is not None and request.GET.get("export") == "xlsx":
        return excel.export(f"{drill.label}.xlsx", drill.label, summaries.DRILL_COLUMNS, drill.rows)
    template = "elements/figures.html#card" if request.GET.get("card") else "elements/figures.html"
    return render(
        request,
        template,
        {
            "counts": figures.counts(projects, today),
            "stuck_lists": figures.STUCK_LISTS,
            "preliminary": figures.preliminary_share(projects),
            "drill": drill,
            "chosen": chosen,
        },
    )


@login_required
def land_review(request: HttpRequest, pk: int) -> HttpResponse:
    """亩均效益: the reviews of a project; its owners add the signing review and, when
    the agreed production date has come, the production review (POST `kind`)."""
    project = get_project_for_user(request.user, pk)
    kind = request.POST.get("kind", "")
    signing = SigningReviewForm(request.POST if kind == "signing" else None, prefix="signing")
    production = ProductionReviewForm(request.POST if kind == "production" else None, prefix="production")
    if request.method == "POST":
        if not access.can_plan_steps(request.user, project):
            raise PermissionDenied
        form = signing if kind == "signing" else production
        if form.is_valid():
            data = form.cleaned_data
            try:
                if kind == "signing":
                    review = land.do_review_land_at_signing(
                        project,
                        request.user,
                        area_mu=data["area_mu"],
                        investment=data["investment_wan"] * 10_000,
                        tax_per_year=data["tax_wan"] * 10_000,
                        veto=data["veto"],
                        note=data["note"],
                    )
                else:
                    review = land.do_review_land_at_production(
                        project,
                        request.user,
                        investment=data["investment_wan"] * 10_000,
                        tax_per_year=data["tax_wan"] * 10_000,
                        note=data["note"],
                    )
            except ValidationError as error:
                form.add_error(None, refusal(error))
            else:
                messages.success(request, f"已评估：{review.get_result_display()}")
                return redirect("elements:land_review", project.pk)
    return render(
        request,
        "elements/land_review.html",
        {
            "project": project,
            "reviews": project.land_reviews.select_related("reviewed_by"),
            "threshold": land.threshold_for(project),
            "can_review": access.can_plan_steps(request.user, project),
            "signing_form": signing,
            "production_form": production,
        },
    )
