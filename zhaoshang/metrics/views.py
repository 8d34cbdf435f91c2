from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhaoshang.core import excel

from . import rankings
from .forms import RankingForm
from .spreadsheets import ranking_columns


def _ranking(request: HttpRequest) -> tuple[RankingForm, rankings.Ranking]:
    form = RankingForm(request.GET, user=request.user)
    period, division, as_of = form.choice()
    return form, rankings.ranking(period, as_of, division)


@login_required
def ranking_page(request: HttpRequest) -> HttpResponse:
    """排名: a division's units (or every unit) by completion of the primary target."""
    form, result = _ranking(request)
    return render(request, "metrics/rankings.html", {"form": form, "ranking": result})


@login_required
def ranking_export(request: HttpRequest) -> HttpResponse:
    _, result = _ranking(request)
    return excel.export(f"{result.title}.xlsx", "排名", ranking_columns(result.kind), result.rows)
