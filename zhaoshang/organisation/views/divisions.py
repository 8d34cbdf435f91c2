from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from zhaoshang.core.http import paginate, refusal
from zhaoshang.accounts import access
from zhaoshang.core import excel, history
from zhaoshang.core.versions import ConflictError
from zhaoshang.core.forms import nothing_changed

from .. import actions, spreadsheets
from ..access import get_division_for_user
from ..forms import DivisionFilterForm, DivisionForm
from ..models import Division, Unit, UnitKind


def _filtered(request: HttpRequest):
    form = DivisionFilterForm(request.GET)
    divisions = Division.objects.visible_to(request.user).select_related("jurisdiction").with_member_count()
    return form, form.filter(divisions)


@login_required
def division_list(request: HttpRequest) -> HttpResponse:
    form, divisions = _filtered(request)
    return render(
        request,
        "organisation/division_list.html",
        {
            "form": form,
            "page": paginate(request, divisions),
            "can_create": Unit.objects.editable_by(request.user).exists(),
        },
    )


@login_required
def division_export(request: HttpRequest) -> HttpResponse:
    _, divisions = _filtered(request)
    return excel.export("赛区.xlsx", "赛区", spreadsheets.DIVISION_COLUMNS, divisions)


@login_required
def division_detail(request: HttpRequest, pk: int) -> HttpResponse:
    division = get_division_for_user(request.user, pk)
    return render(
        request,
        "organisation/division_detail.html",
        {
            "division": division,
            "units": division.units.visible_to(request.user).order_by("path"),
            "history": history.entries(division),
            "can_edit": access.covers(access.unit_admin_paths(request.user), division.jurisdiction.path),
        },
    )


def _jurisdictions(user):
    return Unit.objects.editable_by(user).filter(kind__in=[UnitKind.CITY, UnitKind.COUNTY]).order_by("path")


@login_required
def division_create(request: HttpRequest) -> HttpResponse:
    choices = _jurisdictions(request.user)
    if not choices.exists():
        raise PermissionDenied
    wanted = request.GET.get("jurisdiction")
    jurisdiction = get_object_or_404(choices, pk=wanted) if wanted else choices.first()
    division = Division(jurisdiction=jurisdiction)
    form = DivisionForm(request.POST or None, instance=division, jurisdiction=jurisdiction)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_division(division, form.division_data(), request.user, form.cleaned_data["members"])
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, f"已新增赛区「{division.name}」")
            return redirect("organisation:division_detail", division.pk)
    return render(
        request,
        "organisation/division_form.html",
        {"form": form, "jurisdiction": jurisdiction, "jurisdictions": choices, "title": "新增赛区"},
    )


@login_required
def division_edit(request: HttpRequest, pk: int) -> HttpResponse:
    division = get_division_for_user(request.user, pk, write=True)
    form = DivisionForm(request.POST or None, instance=division, jurisdiction=division.jurisdiction, version=division.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("organisation:division_detail", division.pk)
        try:
            actions.do_save_division(
                division,
                form.division_data(),
                request.user,
                form.cleaned_data["members"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已保存")
            return redirect("organisation:division_detail", division.pk)
    return render(
        request,
        "organisation/division_form.html",
        {"form": form, "division": division, "jurisdiction": division.jurisdiction, "title": "编辑赛区"},
        status=status,
    )
