from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhaoshang.core.http import refusal
from zhaoshang.accounts import access
from zhaoshang.core import excel, history
from zhaoshang.core.versions import ConflictError
from zhaoshang.core.forms import nothing_changed

from .. import actions, spreadsheets
from ..access import get_unit_for_user
from ..forms import UnitForm, UnitMoveForm, UnitTreeFilterForm
from ..models import Unit, ancestor_paths
from ..tree import build_forest
from .common import handle_import


def _filtered_units(request: HttpRequest) -> tuple[UnitTreeFilterForm, object]:
    """The units matching the tree page's filters (what its export writes)."""
    form = UnitTreeFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    units = Unit.objects.visible_to(request.user).with_inactive(data.get("inactive", False)).search(data.get("q", "")).select_related("division")
    return form, units


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    form, units = _filtered_units(request)
    matched = list(units)  # type: ignore[call-overload]
    matched_ids = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        # Show the matches in context: their ancestors too, greyed out.
        matched_ids = {u.pk for u in matched}
        context = Unit.objects.visible_to(request.user).filter(path__in=ancestor_paths(u.path for u in matched))
        matched = sorted([*matched, *context.select_related("division")], key=lambda u: u.path)
    return render(
        request,
        "organisation/unit_tree.html",
        {
            "form": form,
            "forest": build_forest(matched, matched_ids),
            "count": len(matched_ids) if matched_ids is not None else len(matched),
            "can_import": bool(access.unit_admin_paths(request.user)),
        },
    )


@login_required
def unit_export(request: HttpRequest) -> HttpResponse:
    _, units = _filtered_units(request)
    rows = spreadsheets.with_parent_names(list(units))  # type: ignore[call-overload]
    return excel.export("单位.xlsx", "单位", spreadsheets.UNIT_COLUMNS, rows)


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    return render(
        request,
        "organisation/unit_detail.html",
        {
            "unit": unit,
            "parent": Unit.objects.get_parent(unit),
            "children": Unit.objects.get_children(unit).visible_to(request.user).select_related("division"),
            "persons": unit.persons.all(),
            "history": history.entries(unit),
            "can_admin": access.covers(access.unit_admin_paths(request.user), unit.path),
            "can_write_persons": access.covers(access.write_paths(request.user), unit.path),
        },
    )


@login_required
def unit_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new child of unit `pk`."""
    parent = get_unit_for_user(request.user, pk, write=True)
    form = UnitForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            unit = actions.do_create_unit(parent, form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, f"已新增单位「{unit.name}」")
            return redirect("organisation:unit_detail", unit.pk)
    return render(request, "organisation/unit_form.html", {"form": form, "parent": parent, "title": "新增下级单位"})


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk, write=True)
    form = UnitForm(request.POST or None, instance=unit, version=unit.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("organisation:unit_detail", unit.pk)
        try:
            actions.do_update_unit(unit, form.edited_data(), form.cleaned_data["version"], request.user)
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已保存")
            return redirect("organisation:unit_detail", unit.pk)
    context = {"form": form, "unit": unit, "title": "编辑单位"}
    return render(request, "organisation/unit_form.html", context, status=status)


@login_required
def unit_move(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk, write=True)
    form = UnitMoveForm(request.POST or None, unit=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_move_unit(unit, form.cleaned_data["parent"], request.user)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, f"已将「{unit.name}」移至「{form.cleaned_data['parent'].name}」")
            return redirect("organisation:unit_detail", unit.pk)
    return render(request, "organisation/unit_form.html", {"form": form, "unit": unit, "title": "移动单位"})


@login_required
@require_POST
def unit_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk, write=True)
    active = request.POST.get("active") == "1"
    try:
        actions.do_set_unit_active(unit, active, request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, f"已{'启用' if active else '停用'}「{unit.name}」")
    return redirect("organisation:unit_detail", unit.pk)


def _require_unit_admin(request: HttpRequest) -> None:
    if not access.unit_admin_paths(request.user):
        raise PermissionDenied


@login_required
def unit_import(request: HttpRequest) -> HttpResponse:
    _require_unit_admin(request)
    return handle_import(
        request,
        spreadsheets.import_units,
        title="导入单位",
        template_url=reverse("organisation:unit_import_template"),
        back_url=reverse("organisation:unit_tree"),
    )


@login_required
def unit_import_template(request: HttpRequest) -> HttpResponse:
    _require_unit_admin(request)
    return excel.template(
        "单位导入模板.xlsx",
        list(spreadsheets.UNIT_HEADERS.values()),
        spreadsheets.UNIT_EXAMPLE,
        spreadsheets.UNIT_NOTES,
    )
