"""What every activity screen does the same way: list with filters, sort,
pagination and export of the filtered rows; create and edit forms whose refusals
come from actions.py."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhaoshang.core.http import is_htmx, paginate
from zhaoshang.accounts import access
from zhaoshang.core import excel
from zhaoshang.core.versions import ConflictError
from zhaoshang.core.forms import nothing_changed


def require_writer(request: HttpRequest) -> None:
    if access.is_read_only(request.user):
        raise PermissionDenied


def list_page(request: HttpRequest, form, rows, *, title: str, kind: str, headers: list[str]) -> HttpResponse:
    """`kind` names the URLs (activities:<kind>_list/_export/_create/_detail) and
    the row template activities/_<kind>_row.html."""
    context = {
        "form": form,
        "page": paginate(request, rows),
        "title": title,
        "kind": kind,
        "headers": headers,
        "list_url": f"activities:{kind}_list",
        "export_url": f"activities:{kind}_export",
        "create_url": f"activities:{kind}_create",
        "row_template": f"activities/_{kind}_row.html",
        "can_create": not access.is_read_only(request.user),
    }
    # htmx refreshes only the results when a filter changes.
    template = "activities/list.html#results" if is_htmx(request) else "activities/list.html"
    return render(request, template, context)


def export_rows(filename: str, columns: list[excel.Column], rows) -> HttpResponse:
    return excel.export(f"{filename}.xlsx", filename, columns, rows)


def refuse(form, error: ValidationError) -> None:
    """Put an action's refusal on the fields it names, or above the form."""
    if hasattr(error, "error_dict") and all(name in form.fields for name in error.error_dict):
        form.add_error(None, error)
    else:
        form.add_error(None, "；".join(error.messages))


def form_page(
    request: HttpRequest,
    form,
    save: Callable[[], Model],
    *,
    title: str,
    success: str,
    cancel_url: str,
    detail_url: str,
) -> HttpResponse:
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.instance.pk and nothing_changed(request, form):
            return redirect(detail_url, form.instance.pk)
        try:
            obj = save()
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, success)
            return redirect(detail_url, obj.pk)
    context = {"form": form, "title": title, "cancel_url": cancel_url}
    return render(request, "activities/form.html", context, status=status)
