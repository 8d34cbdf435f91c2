"""The stationed-team page, the weekly activity-index ranking, a unit's trend, and
the bureau's weights."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts import access
from zhaoshang.core import history
from zhaoshang.core.versions import ConflictError
from zhaoshang.core.forms import nothing_changed
from zhaoshang.organisation.access import get_unit_for_user

from .. import actions, spreadsheets
from ..access import get_jurisdiction_for_user, get_team_for_user, get_weights_for_user
from ..forms import PeriodForm, WeekForm, WeightsForm
from ..index import activity_index, unit_trend, week_of
from ..models import SUB_INDICES, TeamMembership
from ..stats import team_churn
from .common import export_rows, refuse


@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk)
    form = PeriodForm(request.GET)
    form.is_valid()
    today = timezone.localdate()
    start = form.cleaned_data.get("start") or date(today.year, 1, 1)
    end = form.cleaned_data.get("end") or today
    context = {
        "team": team,
        "form": form,
        "start": start,
        "end": end,
        "memberships": TeamMembership.objects.filter(team__path__startswith=team.path).select_related("person"),
        "churn": team_churn(team, start, end),
        "can_write": access.covers(access.write_paths(request.user), team.path),
    }
    return render(request, "activities/team_detail.html", context)


def _week(request: HttpRequest) -> date:
    form = WeekForm(request.GET)
    form.is_valid()
    # Default: last complete week, as the weekly bulletin reports it.
    return week_of(form.cleaned_data.get("week") or timezone.localdate() - timedelta(days=7))


def _jurisdiction_pk(request: HttpRequest) -> int | None:
    value = request.GET.get("jurisdiction", "")
    return int(value) if value.isdigit() else None


@login_required
def index_ranking(request: HttpRequest) -> HttpResponse:
    jurisdiction = get_jurisdiction_for_user(request.user, _jurisdiction_pk(request))
    week = _week(request)
    index = activity_index(jurisdiction, week)
    visible = set(access.read_paths(request.user))
    context = {
        "jurisdiction": jurisdiction,
        "index": index,
        "sub_indices": SUB_INDICES,
        "form": WeekForm(initial={"week": week}),
        "previous_week": week - timedelta(days=7),
        "next_week": week + timedelta(days=7),
        "linkable": {row.unit.pk for row in index.rows if access.covers(list(visible), row.unit.path)},
        "can_set_weights": access.covers(access.bureau_paths(request.user), jurisdiction.path),
    }
    return render(request, "activities/index_ranking.html", context)


@login_required
def index_export(request: HttpRequest) -> HttpResponse:
    jurisdiction = get_jurisdiction_for_user(request.user, _jurisdiction_pk(request))
    index = activity_index(jurisdiction, _week(request))
    return export_rows(f"招商活跃指数{index.week_start:%Y%m%d}", spreadsheets.index_columns(), index.rows)


@login_required
def index_unit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    jurisdiction = get_jurisdiction_for_user(request.user, _jurisdiction_pk(request))
    week = _week(request)
    points = unit_trend(jurisdiction, unit, week)
    chart = {
        "weeks": [f"{p.week_start:%m-%d}" for p in points],
        "scores": [float(p.score) for p in points],
        "ranks": [p.rank for p in points],
    }
    return render(
        request,
        "activities/index_unit.html",
        {"unit": unit, "jurisdiction": jurisdiction, "points": points, "chart": chart, "week": week},
    )


@login_required
def weights_edit(request: HttpRequest, pk: int) -> HttpResponse:
    weights = get_weights_for_user(request.user, pk, write=True)
    # Weights never saved are the defaults, version 0: a first save by someone
    # else meanwhile makes this page stale too.
    form = WeightsForm(request.POST or None, instance=weights, version=weights.version if weights.pk else 0)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect(f"{reverse('activities:index_ranking')}?jurisdiction={weights.jurisdiction.pk}")
        try:
            actions.do_set_activity_weights(weights.jurisdiction, form.edited_data(), form.cleaned_data["version"], request.user)
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, "已保存活跃指数权重")
            return redirect(f"{reverse('activities:index_ranking')}?jurisdiction={weights.jurisdiction.pk}")
    return render(
        request,
        "activities/weights_form.html",
        {"form": form, "weights": weights, "history": history.entries(weights) if weights.pk else []},
        status=status,
    )
