"""重点项目年度投资计划 and 月度完成投资: the section of the project page where they are
entered (htmx swaps the section; without JavaScript the browser returns to it), and
the Excel export of the visible key projects' plans with a column per month."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.core.http import is_htmx
from zhaoshang.core import excel

from .. import access, actions, exports, summaries
from ..filters import ProjectFilterForm
from ..models import InvestmentPlan, Project
from ..plan_forms import InvestmentPlanForm, MonthlyInvestmentForm
from .common import project_section
from .screens import show_errors

SECTION = "projects/_investment_section.html#section"


def investment_context(
    project: Project,
    user,
    *,
    plan_form: InvestmentPlanForm | None = None,
    month_form: MonthlyInvestmentForm | None = None,
    notice: str = "",
) -> dict[str, Any]:
    """What the section shows: every year's plan with its months, and the two forms
    for those who may edit a key project."""
    today = timezone.localdate()
    return {
        "project": project,
        "investment": summaries.investment_years(project),
        "can_edit_investment": bool(project.key_level) and not project.is_merged and access.can_edit_project(user, project),
        "plan_form": plan_form or InvestmentPlanForm(prefix="plan", initial={"year": today.year}),
        "month_form": month_form or MonthlyInvestmentForm(prefix="month", initial={"year": today.year, "month": today.month}),
        "investment_notice": notice,
    }


def _respond(request: HttpRequest, project: Project, notice: str, **forms: Any) -> HttpResponse:
    if is_htmx(request):
        return render(request, SECTION, investment_context(project, request.user, notice=notice, **forms))
    if notice:
        messages.success(request, notice)
    for form in forms.values():
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
    return project_section(project.pk, "investment")


@login_required
@require_POST
def investment_plan_set(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_user(request.user, pk, write=True)
    form = InvestmentPlanForm(request.POST, prefix="plan")
    notice = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            plan = actions.do_set_investment_plan(project, data["year"], data["planned_amount"], request.user)
        except ValidationError as error:
            show_errors(form, error)
        else:
            notice = f"已保存{plan.year}年度计划投资"
            form = InvestmentPlanForm(prefix="plan", initial={"year": plan.year})
    return _respond(request, project, notice, plan_form=form)


@login_required
@require_POST
def investment_month_set(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_user(request.user, pk, write=True)
    form = MonthlyInvestmentForm(request.POST, prefix="month")
    notice = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            row = actions.do_record_monthly_investment(project, data["year"], data["month"], data["completed_amount"], request.user)
        except ValidationError as error:
            show_errors(form, error)
        else:
            notice = f"已保存{data['year']}年{row.month}月完成投资"
            next_month = {"year": data["year"], "month": min(row.month + 1, 12)}
            form = MonthlyInvestmentForm(prefix="month", initial=next_month)
    return _respond(request, project, notice, month_form=form)


@login_required
def investment_export(request: HttpRequest) -> HttpResponse:
    """The key projects of the project list (its filters apply), one row each, with
    the year's plan and a column per month; a project without a plan for the year
    is listed with empty cells, so missing reports show."""
    years = actions.plan_years()
    text = request.GET.get("year", "")
    year = timezone.localdate().year
    if text:
        if not text.isdigit() or int(text) not in years:
            return HttpResponseBadRequest(f"年度须在{years[0]}年到{years[-1]}年之间".encode())
        year = int(text)
    # The same filters, hence the same rows, as the project list it is linked from.
    projects = ProjectFilterForm(request.GET, user=request.user).filter(Project.objects.visible_to(request.user))
    rows = (
        projects.active()
        .exclude(key_level="")
        .select_related("introducing_unit", "responsible_leader")
        .prefetch_related(
            Prefetch(
                "investment_plans",
                queryset=InvestmentPlan.objects.filter(year=year).prefetch_related("months"),
                to_attr="plans_of_year",
            )
        )
    )
    return excel.export(f"重点项目投资计划{year}.xlsx", f"{year}年投资计划", exports.investment_columns(year), exports.investment_rows(rows))
