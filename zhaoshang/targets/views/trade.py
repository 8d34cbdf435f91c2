"""外贸出口月度数据: the year grid, one-figure entry, Excel export and import.
Everyone reads the units their scope covers; only the bureau records figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.accounts import access
from zhaoshang.core import excel
from zhaoshang.core.http import refusal
from zhaoshang.organisation.views.common import handle_import

from .. import actions, trade
from ..forms import ExportFigureForm
from .targets import _require_bureau


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= today.year else today.year


def _page(request: HttpRequest, year: int, form: ExportFigureForm | None = None) -> HttpResponse:
    can_edit = access.is_bureau(request.user)
    today = timezone.localdate()
    if can_edit and form is None:
        form = ExportFigureForm(user=request.user, initial={"month": f"{today:%Y-%m}"})
    return render(
        request,
        "targets/export_figures.html",
        {
            "grid": trade.grid(request.user, year),
            "years": range(today.year, today.year - 6, -1),
            "months": trade.MONTHS,
            "form": form if can_edit else None,
        },
    )


@login_required
def export_figures(request: HttpRequest) -> HttpResponse:
    return _page(request, _year(request))


@login_required
@require_POST
def export_figure_set(request: HttpRequest) -> HttpResponse:
    _require_bureau(request)
    form = ExportFigureForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_set_export_figure(data["unit"], data["month"], data["amount"], request.user)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, f"已保存{data['unit'].name}{data['month']:%Y年%m月}的出口额")
            return redirect(f"{reverse('targets:export_figures')}?year={data['month'].year}")
    return _page(request, _year(request), form)


@login_required
def export_figures_export(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    return excel.export(f"外贸出口{year}.xlsx", "外贸出口", trade.COLUMNS, trade.figures_of_year(request.user, year))


@login_required
def export_figures_import(request: HttpRequest) -> HttpResponse:
    _require_bureau(request)
    return handle_import(
        request,
        trade.import_figures,
        title="导入外贸出口月度数据",
        template_url=reverse("targets:export_figures_template"),
        back_url=reverse("targets:export_figures"),
    )


@login_required
def export_figures_template(request: HttpRequest) -> HttpResponse:
    _require_bureau(request)
    return excel.template("外贸出口导入模板.xlsx", trade.HEADERS, trade.EXAMPLE, trade.NOTES)
