"""营商环境 screens: service items (list, export, import, detail, correction), the
commitments ledger (list, export, create, detail with milestones, progress and a
政府违约 complaint, edit) and the ranking. Each view: decorator, one access helper
or scoped queryset, one call into actions/figures, render or redirect."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.cases.models import Channel
from zhaoshang.core import history
from zhaoshang.core.excel import ImportFileError
from zhaoshang.core.forms import nothing_changed
from zhaoshang.core.http import is_htmx
from zhaoshang.core.versions import ConflictError
from zhaoshang.metrics.scopes import get_scope_for_user

from . import actions, figures, importing, ranking as rankings, spreadsheets
from .access import get_commitment_for_user, get_milestone_for_user, get_service_item_for_user
from .forms import (
    BreachForm,
    CommitmentFilterForm,
    CommitmentForm,
    FiguresForm,
    ImportForm,
    ItemFilterForm,
    MilestoneForm,
    ProgressForm,
    ServiceItemForm,
)
from .history import commitment_history
from .models import Commitment, ServiceItem


def _refuse(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict") and all(name in form.fields for name in error.error_dict):
        form.add_error(None, error)
    else:
        form.add_error(None, "；".join(error.messages))


def _in_scope(request: HttpRequest, form, queryset):
    """The drill-down's scope (404/403 for one the user may not see; a malformed one is ignored)."""
    text = form.data_or_empty().get("scope")
    if not text:
        return queryset, None
    try:
        scope = get_scope_for_user(request.user, text)
    except ValueError:
        return queryset, None
    return figures.in_scope(queryset, scope), scope


# ---------------------------------------------------------------- service items


def _items(request: HttpRequest):
    form = ItemFilterForm(request.GET)
    items, scope = _in_scope(request, form, ServiceItem.objects.visible_to(request.user))
    return form, form.filter(items.select_related("unit", "project")), scope


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    form, items, scope = _items(request)
    context = {
        "form": form,
        "scope": scope,
        "page": Paginator(items, settings.PAGE_SIZE).get_page(request.GET.get("page")),
        "today": timezone.localdate(),
        "can_import": actions.can_manage_items(request.user),
    }
    template = "service/item_list.html#results" if is_htmx(request) else "service/item_list.html"
    return render(request, template, context)


@login_required
def item_export(request: HttpRequest) -> HttpResponse:
    _, items, _ = _items(request)
    return spreadsheets.item_export(items)


@login_required
def item_template(request: HttpRequest) -> HttpResponse:
    if not actions.can_manage_items(request.user):
        raise PermissionDenied
    return spreadsheets.item_template()


@login_required
def item_import(request: HttpRequest) -> HttpResponse:
    if not actions.can_manage_items(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = importing.import_service_items(form.cleaned_data["file"], request.user)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if not result.errors:
                messages.success(request, f"已导入 {result.created} 件办件")
                return redirect("service:item_list")
    return render(request, "service/item_import.html", {"form": form, "result": result, "notes": importing.NOTES})


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_service_item_for_user(request.user, pk)
    context = {
        "item": item,
        "today": timezone.localdate(),
        "can_edit": actions.can_manage_items(request.user),
        "history": history.entries(item),
    }
    return render(request, "service/item_detail.html", context)


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_service_item_for_user(request.user, pk, write=True)
    form = ServiceItemForm(request.POST or None, instance=item, version=item.version, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("service:item_detail", item.pk)
        try:
            actions.do_update_service_item(item, form.item_data(), form.cleaned_data["version"], request.user)
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, "已保存")
            return redirect("service:item_detail", item.pk)
    context = {"form": form, "title": f"修改办件：{item.number}", "back": item}
    return render(request, "service/form.html", context, status=status)


# ---------------------------------------------------------------- commitments


def _commitments(request: HttpRequest):
    form = CommitmentFilterForm(request.GET)
    commitments, scope = _in_scope(request, form, Commitment.objects.visible_to(request.user))
    return form, form.filter(commitments.select_related("unit", "investor", "project")), scope


@login_required
def commitment_list(request: HttpRequest) -> HttpResponse:
    form, commitments, scope = _commitments(request)
    context = {
        "form": form,
        "scope": scope,
        "page": Paginator(commitments, settings.PAGE_SIZE).get_page(request.GET.get("page")),
        "today": timezone.localdate(),
        "can_create": actions.writable_units(request.user).exists(),
    }
    template = "service/commitment_list.html#results" if is_htmx(request) else "service/commitment_list.html"
    return render(request, template, context)


@login_required
def commitment_export(request: HttpRequest) -> HttpResponse:
    _, commitments, _ = _commitments(request)
    return spreadsheets.commitment_export(commitments)


@login_required
def commitment_create(request: HttpRequest) -> HttpResponse:
    if not actions.writable_units(request.user).exists():
        raise PermissionDenied
    form = CommitmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            commitment = actions.do_create_commitment(form.cleaned_data["unit"], form.commitment_data(), [], request.user, timezone.localdate())
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, "已登记承诺事项，可继续添加兑现节点")
            return redirect("service:commitment_detail", commitment.pk)
    return render(request, "service/form.html", {"form": form, "title": "登记承诺事项"})


def _detail_context(request: HttpRequest, commitment: Commitment, **forms) -> dict:
    can_edit = actions.can_edit_commitment(request.user, commitment)
    today = timezone.localdate()
    return {
        "commitment": commitment,
        "milestones": commitment.milestones.all(),
        "progress": commitment.progress.select_related("recorded_by"),
        "can_edit": can_edit,
        "can_record": can_edit and commitment.status not in ("fulfilled", "impossible"),
        "can_raise_breach": actions.can_raise_breach(request.user, commitment),
        "stale": commitment.is_stale(today),
        "today": today,
        "progress_form": forms.get("progress_form") or ProgressForm(initial={"date": today, "status": commitment.status}, version=commitment.version),
        "milestone_form": forms.get("milestone_form") or MilestoneForm(),
        "breach_form": forms.get("breach_form") or BreachForm(),
        "history": commitment_history(commitment),
    }


@login_required
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_commitment_for_user(request.user, pk)
    return render(request, "service/commitment_detail.html", _detail_context(request, commitment))


@login_required
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_commitment_for_user(request.user, pk, write=True)
    form = CommitmentForm(request.POST or None, instance=commitment, version=commitment.version, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("service:commitment_detail", commitment.pk)
        try:
            actions.do_update_commitment(commitment, form.commitment_data(), form.cleaned_data["version"], request.user)
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, "已保存")
            return redirect("service:commitment_detail", commitment.pk)
    context = {"form": form, "title": "修改承诺事项", "back": commitment}
    return render(request, "service/form.html", context, status=status)


@login_required
@require_POST
def commitment_progress(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_commitment_for_user(request.user, pk, write=True)
    form = ProgressForm(request.POST, version=commitment.version)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_progress(commitment, data["status"], data["note"], data["reason"], data["date"], data["version"], request.user)
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, "已记录兑现进展")
            return redirect("service:commitment_detail", commitment.pk)
    commitment.refresh_from_db()
    return render(request, "service/commitment_detail.html", _detail_context(request, commitment, progress_form=form), status=status)


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_commitment_for_user(request.user, pk, write=True)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        actions.do_add_milestone(commitment, form.cleaned_data["title"], form.cleaned_data["due_on"], request.user)
        messages.success(request, "已添加兑现节点")
        return redirect("service:commitment_detail", commitment.pk)
    return render(request, "service/commitment_detail.html", _detail_context(request, commitment, milestone_form=form), status=400)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_milestone_for_user(request.user, pk, write=True)
    try:
        actions.do_complete_milestone(milestone, timezone.localdate(), request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已标记节点完成")
    return redirect("service:commitment_detail", milestone.commitment_id)


@login_required
@require_POST
def commitment_breach(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_commitment_for_user(request.user, pk, write=True)
    form = BreachForm(request.POST)
    if form.is_valid():
        try:
            actions.do_raise_breach(
                commitment, form.cleaned_data["note"], timezone.localdate(), request.user, channel=form.cleaned_data["channel"] or Channel.VISIT
            )
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, "已登记客商的政府违约投诉，并转为诉求交承诺单位办理")
            return redirect("service:commitment_detail", commitment.pk)
    return render(request, "service/commitment_detail.html", _detail_context(request, commitment, breach_form=form), status=400)


# ---------------------------------------------------------------- ranking


def _board(request: HttpRequest):
    form = FiguresForm(request.GET)
    start, as_of, by = form.period()
    return form, rankings.board(request.user, start, as_of, by), start, as_of


@login_required
def ranking(request: HttpRequest) -> HttpResponse:
    form, board, start, as_of = _board(request)
    opens = lambda row: rankings.opens(request.user, row.scope)
    context = {
        "form": form,
        "board": board,
        "start": start,
        "as_of": as_of,
        "figures": figures.FIGURES,
        "units": [(row, opens(row)) for row in board.units],
        "divisions": [(row, opens(row)) for row in board.divisions],
        "total_opens": board.total is not None and opens(board.total),
    }
    return render(request, "service/ranking.html", context)


@login_required
def ranking_export(request: HttpRequest) -> HttpResponse:
    _, board, _, as_of = _board(request)
    return spreadsheets.ranking_export(board.units, as_of)
