from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from zhaoshang.accounts import access
from zhaoshang.core import excel, history
from zhaoshang.core.versions import ConflictError
from zhaoshang.core.forms import nothing_changed
from zhaoshang.core.http import paginate, refusal
from zhaoshang.organisation.views.common import handle_import

from .. import actions, spreadsheets
from ..access import get_target_for_user
from ..forms import HISTORY_FORMATS, TargetFilterForm, TargetForm
from ..models import Target


def _filtered(request: HttpRequest):
    form = TargetFilterForm(request.GET, user=request.user)
    targets = Target.objects.visible_to(request.user).select_related("period", "unit", "person")
    return form, form.filter(targets)


def _require_bureau(request: HttpRequest) -> None:
    if not access.is_bureau(request.user):
        raise PermissionDenied


@login_required
def target_list(request: HttpRequest) -> HttpResponse:
    form, targets = _filtered(request)
    return render(
        request,
        "targets/target_list.html",
        {"form": form, "page": paginate(request, targets), "can_edit": access.is_bureau(request.user)},
    )


@login_required
def target_export(request: HttpRequest) -> HttpResponse:
    _, targets = _filtered(request)
    return excel.export("任务.xlsx", "任务", spreadsheets.TARGET_COLUMNS, targets)


def _save(request: HttpRequest, target: Target, title: str) -> HttpResponse:
    version = target.version if target.pk else None
    form = TargetForm(request.POST or None, instance=target, user=request.user, version=version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if target.pk and nothing_changed(request, form):
            return redirect("targets:target_list")
        try:
            expected = form.cleaned_data.get("version")
            actions.do_save_target(target, form.target_data(), request.user, expected_version=expected)
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "任务已保存")
            return redirect("targets:target_list")
    return render(
        request,
        "targets/target_form.html",
        {"form": form, "title": title, "target": target, "history": history.entries(target, HISTORY_FORMATS) if target.pk else []},
        status=status,
    )


@login_required
def target_create(request: HttpRequest) -> HttpResponse:
    _require_bureau(request)
    return _save(request, Target(), "新增任务")


@login_required
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save(request, get_target_for_user(request.user, pk, write=True), "编辑任务")


@login_required
def target_import(request: HttpRequest) -> HttpResponse:
    _require_bureau(request)
    return handle_import(
        request,
        spreadsheets.import_targets,
        title="导入任务",
        template_url=reverse("targets:target_import_template"),
        back_url=reverse("targets:target_list"),
    )


@login_required
def target_import_template(request: HttpRequest) -> HttpResponse:
    _require_bureau(request)
    return excel.template("任务导入模板.xlsx", spreadsheets.HEADERS, spreadsheets.EXAMPLE, spreadsheets.NOTES)
