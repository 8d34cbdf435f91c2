
from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhaoshang.accounts import access as roles
from zhaoshang.core.history import save_with_history as _save

from .. import access
from ..models import (
    Currency,
    ExchangeRate,
    InvestmentPlan,
    MonthlyInvestment,
    Project,
)
from .common import _clean, _plausible_amount

# ---------------------------------------------------------------- investment plans and rates


def plan_years(today: date | None = None) -> range:
    """Years an annual plan may be kept for: ten back (late reporting) to next year
    (plans are drawn up before the year starts); anything further is a typo."""
    year = (today or timezone.localdate()).year
    return range(year - 10, year + 2)


@transaction.atomic
def do_set_investment_plan(project: Project, year: int, planned_amount: int, user: User) -> InvestmentPlan:
    """Annual fixed-asset investment plans are kept for key projects only."""
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    if not project.key_level:
        raise ValidationError({"key_level": "只有重点项目需要填报年度投资计划"})
    years = plan_years()
    if year not in years:
        raise ValidationError({"year": f"年度须在{years[0]}年到{years[-1]}年之间"})
    if planned_amount < 0:
        raise ValidationError({"planned_amount": "年度计划投资不能为负数"})
    _plausible_amount(planned_amount, "planned_amount")
    plan = InvestmentPlan.objects.filter(project=project, year=year).first() or InvestmentPlan(project=project, year=year)
    plan.planned_amount = planned_amount
    _save(plan, user)
    return plan


@transaction.atomic
def do_record_monthly_investment(project: Project, year: int, month: int, amount: int, user: User) -> MonthlyInvestment:
    """当月完成投资 of a month of a year whose plan is already set."""
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    plan = InvestmentPlan.objects.filter(project=project, year=year).first()
    if plan is None:
        raise ValidationError({"year": f"{year}年尚未填报年度计划投资，请先填报年度计划"})
    if not 1 <= month <= 12:
        raise ValidationError({"month": "月份须在1到12之间"})
    today = timezone.localdate()
    if (plan.year, month) > (today.year, today.month):
        raise ValidationError({"month": "不能填报未来月份的完成投资"})
    if amount < 0:
        raise ValidationError({"completed_amount": "完成投资不能为负数"})
    _plausible_amount(amount, "completed_amount")
    row = MonthlyInvestment.objects.filter(plan=plan, month=month).first() or MonthlyInvestment(plan=plan, month=month)
    row.completed_amount = amount
    _save(row, user)
    return row


@transaction.atomic
def do_set_exchange_rate(year: int, currency: str, rate: Decimal, user: User) -> ExchangeRate:
    if not (roles.is_bureau(user) or roles.is_admin(user)):
        raise PermissionDenied
    if currency == Currency.CNY or rate <= 0:
        raise ValidationError({"rate": "汇率须为大于0的外币汇率"})
    row = ExchangeRate.objects.filter(year=year, currency=currency).first() or ExchangeRate(year=year, currency=currency)
    row.rate = rate
    _clean(row, exclude=[])
    _save(row, user)
    return row
