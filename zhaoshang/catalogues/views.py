"""The bureau's list screens (系统 → 行业与地区名录): the entries with how many
projects use each, add one, and edit (rename, reorder, retire)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from zhaoshang.core.forms import nothing_changed
from zhaoshang.core.versions import ConflictError
from zhaoshang.projects.models import Project

from . import access, actions
from .forms import AddEntryForm, EntryForm
from .models import LISTS

# The project field each list describes, and the page of each list.
PROJECT_FIELD = {"industries": "industry", "regions": "source_region"}
LIST_PAGE = {"industries": "catalogues:industry_list", "regions": "catalogues:region_list"}


def _with_use(kind: str):
    field = PROJECT_FIELD[kind]
    used = Project.objects.filter(**{field: OuterRef("name")}).order_by().values(field).annotate(n=Count("pk")).values("n")
    return access.list_model(kind).objects.annotate(project_count=Coalesce(Subquery(used), 0))


@login_required
def entry_list(request: HttpRequest, kind: str) -> HttpResponse:
    model = access.list_model(kind)
    if not access.can_manage_lists(request.user):
        raise PermissionDenied
    form = AddEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = actions.do_add_entry(model, form.cleaned_data["name"], request.user)
        except ValidationError as error:
            form.add_error("name", "；".join(error.messages))
        else:
            messages.success(request, f"已添加「{entry.name}」")
            return redirect(LIST_PAGE[kind])
    tabs = [(other._meta.verbose_name, reverse(LIST_PAGE[slug]), slug == kind) for slug, other in LISTS.items()]
    context = {"kind": kind, "tabs": tabs, "title": model._meta.verbose_name, "entries": _with_use(kind), "form": form}
    return render(request, "catalogues/entry_list.html", context)


@login_required
def entry_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    entry = access.get_entry_for_user(request.user, kind, pk, write=True)
    form = EntryForm(request.POST or None, instance=entry, version=entry.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect(LIST_PAGE[kind])
        try:
            actions.do_update_entry(entry, form.edited_data(), request.user, expected_version=form.cleaned_data["version"])
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, "；".join(error.messages))
        else:
            messages.success(request, f"已保存「{entry.name}」")
            return redirect(LIST_PAGE[kind])
    context = {"form": form, "entry": entry, "list_page": LIST_PAGE[kind]}
    return render(request, "catalogues/entry_form.html", context, status=status)
