from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhaoshang.core.http import is_htmx, paginate, refusal
from zhaoshang.accounts import access
from zhaoshang.core import excel, history
from zhaoshang.core.versions import ConflictError
from zhaoshang.core.forms import nothing_changed

from .. import actions, spreadsheets
from ..access import get_person_for_user
from ..forms import PersonFilterForm, PersonForm
from ..models import Person, Unit
from .common import handle_import


def _filtered(request: HttpRequest):
    form = PersonFilterForm(request.GET, user=request.user)
    persons = Person.objects.visible_to(request.user).select_related("unit").with_phone_visibility(request.user)
    return form, form.filter(persons)


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    form, persons = _filtered(request)
    context = {"form": form, "page": paginate(request, persons), "can_create": not access.is_read_only(request.user)}
    # htmx refreshes only the results when a filter changes.
    template = "organisation/person_list.html#results" if is_htmx(request) else "organisation/person_list.html"
    return render(request, template, context)


@login_required
def person_export(request: HttpRequest) -> HttpResponse:
    _, persons = _filtered(request)
    return excel.export("人员.xlsx", "人员", spreadsheets.PERSON_COLUMNS, persons)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    can_write = access.covers(access.write_paths(request.user), person.unit.path)
    return render(
        request,
        "organisation/person_detail.html",
        {"person": person, "can_write": can_write, "history": history.entries(person)},
    )


def _require_writer(request: HttpRequest) -> None:
    if access.is_read_only(request.user):
        raise PermissionDenied


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    _require_writer(request)
    initial = {}
    if unit_pk := request.GET.get("unit", "").strip():
        initial["unit"] = Unit.objects.filter(pk=unit_pk if unit_pk.isdigit() else None).first()
    form = PersonForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = actions.do_create_person(form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, f"已新增人员「{person.name}」")
            return redirect("organisation:person_detail", person.pk)
    return render(request, "organisation/person_form.html", {"form": form, "title": "新增人员"})


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    form = PersonForm(request.POST or None, instance=person, user=request.user, version=person.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("organisation:person_detail", person.pk)
        try:
            actions.do_update_person(person, form.edited_data(), form.cleaned_data["version"], request.user)
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已保存")
            return redirect("organisation:person_detail", person.pk)
    context = {"form": form, "person": person, "title": "编辑人员"}
    return render(request, "organisation/person_form.html", context, status=status)


@login_required
@require_POST
def person_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    active = request.POST.get("active") == "1"
    try:
        actions.do_set_person_active(person, active, request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, f"已{'恢复' if active else '停用'}「{person.name}」")
    return redirect("organisation:person_detail", person.pk)


@login_required
def person_import(request: HttpRequest) -> HttpResponse:
    _require_writer(request)
    return handle_import(
        request,
        spreadsheets.import_persons,
        title="导入人员",
        template_url=reverse("organisation:person_import_template"),
        back_url=reverse("organisation:person_list"),
    )


@login_required
def person_import_template(request: HttpRequest) -> HttpResponse:
    _require_writer(request)
    return excel.template(
        "人员导入模板.xlsx",
        list(spreadsheets.PERSON_HEADERS.values()),
        spreadsheets.PERSON_EXAMPLE,
        spreadsheets.PERSON_NOTES,
    )
