
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema

from zhaoshang.core.api_errors import REFUSALS, RequestBody
from zhaoshang.core.ranges import Amount, Id

from .. import access, actions
from ..models import (
    InvestmentPlan,
    Project,
)
from ..summaries import PlanYear
from .common import router

# ---------------------------------------------------------------- investment plans (重点项目)

class MonthOut(Schema):
    month: int
    completed_amount: int = Field(description="当月完成固定资产投资（元）")


class InvestmentPlanOut(Schema):
    year: int
    planned_amount: int = Field(description="年度计划固定资产投资（元）")
    completed_amount: int = Field(description="已填报各月完成投资合计（元）")
    months: list[MonthOut]

    @staticmethod
    def resolve_completed_amount(obj: InvestmentPlan) -> int:
        return PlanYear.of(obj).completed

    @staticmethod
    def resolve_months(obj: InvestmentPlan) -> list[Any]:
        return sorted(obj.months.all(), key=lambda m: m.month)


class PlanIn(RequestBody):
    planned_amount: Amount = Field(description="年度计划固定资产投资，整数元，不能为负数")


class MonthIn(RequestBody):
    completed_amount: Amount = Field(description="当月完成固定资产投资，整数元，不能为负数")


def _plan(project: Project, year: int) -> InvestmentPlan:
    return project.investment_plans.prefetch_related("months").get(year=year)


@router.get(
    "/projects/{pk}/investment-plans",
    response={200: list[InvestmentPlanOut], **REFUSALS},
    url_name="project_investment_plans",
)
def list_investment_plans(request: HttpRequest, pk: Id) -> list[Any]:
    """重点项目的年度投资计划与各月完成投资，新的年度在前。"""
    project = access.get_project_for_user(request.user, pk)
    return list(project.investment_plans.prefetch_related("months").order_by("-year"))


@router.put(
    "/projects/{pk}/investment-plans/{year}",
    response={200: InvestmentPlanOut, **REFUSALS},
    url_name="project_set_investment_plan",
)
def set_investment_plan(request: HttpRequest, pk: Id, year: int, payload: PlanIn) -> InvestmentPlan:
    """填报或修改重点项目某年度的计划投资（元）。只有重点项目填报年度投资计划。"""
    project = access.get_project_for_user(request.user, pk, write=True)
    actions.do_set_investment_plan(project, year, payload.planned_amount, request.user)
    return _plan(project, year)


@router.put(
    "/projects/{pk}/investment-plans/{year}/months/{month}",
    response={200: InvestmentPlanOut, **REFUSALS},
    url_name="project_record_monthly_investment",
)
def record_monthly_investment(request: HttpRequest, pk: Id, year: int, month: int, payload: MonthIn) -> InvestmentPlan:
    """填报某月完成投资（元），月份1–12，不能填报未来月份；须先有该年度的投资计划。返回该年度计划。"""
    project = access.get_project_for_user(request.user, pk, write=True)
    actions.do_record_monthly_investment(project, year, month, payload.completed_amount, request.user)
    return _plan(project, year)
