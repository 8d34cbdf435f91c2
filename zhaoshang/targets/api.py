"""Targets API: the 外贸出口 monthly figures (GET and PUT /api/v1/export-figures),
with the rules of the screen: everyone reads the units their scope covers, only
the bureau records. (No `from __future__ import annotations`: ninja reads the
annotations at import.)"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema

from zhaoshang.core.api_errors import REFUSALS, RequestBody
from zhaoshang.core.api_input import InputSchema
from zhaoshang.core.ranges import Amount, Id, Year
from zhaoshang.organisation.access import get_unit_for_user

from . import actions, trade
from .forms import parse_month
from .models import ExportFigure

router = Router(tags=["任务"])


class ExportFigureOut(Schema):
    unit: int
    unit_name: str
    month: str  # 2026-03
    amount: int  # US cents


class ExportFigureIn(RequestBody):
    unit: Id
    month: str
    amount: Amount


class ExportFigureQuery(InputSchema):
    year: Year
    unit: Id | None = None


def _out(figure: ExportFigure) -> ExportFigureOut:
    return ExportFigureOut(unit=figure.unit_id, unit_name=figure.unit.name, month=f"{figure.month:%Y-%m}", amount=figure.amount)


@router.get("/export-figures", response={200: list[ExportFigureOut], **REFUSALS}, url_name="export_figures")
def list_export_figures(request: HttpRequest, query: Query[ExportFigureQuery]) -> list[ExportFigureOut]:
    """外贸出口月度数据（美分）of a year, for the units the user reads; `unit` narrows
    to that unit and the units under it."""
    figures = trade.figures_of_year(request.user, query.year)
    if query.unit is not None:
        figures = figures.filter(unit__path__startswith=get_unit_for_user(request.user, query.unit).path)
    return [_out(figure) for figure in figures]


@router.put("/export-figures", response={200: ExportFigureOut, **REFUSALS}, url_name="export_figure_set")
def set_export_figure(request: HttpRequest, payload: ExportFigureIn) -> ExportFigureOut:
    """填报或修改某单位某月的外贸出口（美分）。只有招商局填报；原数保留在修改记录中。"""
    unit = get_unit_for_user(request.user, payload.unit)
    try:
        month = parse_month(payload.month)
    except ValueError as error:
        raise ValidationError({"month": str(error)}) from None
    return _out(actions.do_set_export_figure(unit, month, payload.amount, request.user))
