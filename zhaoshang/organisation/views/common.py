from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhaoshang.core.excel import ImportFileError
from zhaoshang.core.forms import ImportForm

from zhaoshang.core.importing.pipeline import ImportResult


def handle_import(
    request: HttpRequest,
    importer: Callable[..., ImportResult],
    *,
    title: str,
    template_url: str,
    back_url: str,
) -> HttpResponse:
    """The shared import page: upload, all-or-nothing import, row errors listed."""
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list = []
    if request.method == "POST" and form.is_valid():
        try:
            result = importer(form.cleaned_data["file"], request.user)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if not result.errors:
                messages.success(request, f"导入成功，共新增 {result.created} 条记录")
                return redirect(back_url)
            errors = result.errors
    return render(
        request,
        "organisation/import.html",
        {"form": form, "errors": errors, "title": title, "template_url": template_url, "back_url": back_url},
    )
