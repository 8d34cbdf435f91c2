"""The public disclosure pages (no login) and the bureau's screens that decide what
is published. Public figures come from metrics.rankings as of the disclosure date,
so a published page is reproducible and equals the internal ranking of that day."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhaoshang.core.http import paginate
from zhaoshang.core import excel, history
from zhaoshang.core.versions import ConflictError
from zhaoshang.core.forms import nothing_changed
from zhaoshang.metrics import rankings
from zhaoshang.metrics.periods import Scope
from zhaoshang.service import figures as service_figures

from . import actions
from .access import disclosable_periods, get_disclosure_for_user, get_published_disclosure, require_bureau
from .forms import DisclosureForm
from .models import Column, Disclosure

# ---------------------------------------------------------------- public


def _progress_page(request: HttpRequest, disclosure: Disclosure | None) -> HttpResponse:
    context = {
        "disclosure": disclosure,
        "published": Disclosure.objects.published(),
        "rankings": rankings.division_rankings(disclosure.period, disclosure.as_of) if disclosure else [],
        "show": disclosure.shown if disclosure else set(),
        "Column": {c.name: c.value for c in Column},
        "service": _service_aggregates(disclosure) if disclosure else [],
    }
    return render(request, "portal/progress.html", context)


def _service_aggregates(disclosure: Disclosure) -> list:
    """营商环境 figures of the whole jurisdiction as of the disclosure date, from the
    start of that year: aggregates only, never a record behind them."""
    scope = Scope.for_jurisdiction(disclosure.jurisdiction)
    wanted = [f for f in service_figures.FIGURES if f.public]
    start = date(disclosure.as_of.year, 1, 1)
    return service_figures.figures_for([scope], start, disclosure.as_of, wanted)[scope.key]


def public_progress(request: HttpRequest) -> HttpResponse:
    """The latest published disclosure (the page to link from the county's website)."""
    return _progress_page(request, Disclosure.objects.published().select_related("period").first())


def public_progress_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _progress_page(request, get_published_disclosure(pk))


# ---------------------------------------------------------------- bureau screens

EXPORT_COLUMNS = [
    excel.Column("标题", lambda d: d.title, 30),
    excel.Column("考核期间", lambda d: d.period.name, 16),
    excel.Column("公布截至日期", lambda d: d.as_of, 14),
    excel.Column("公开的栏目", lambda d: "、".join(d.column_labels), 30),
    excel.Column("已公开", lambda d: d.is_published, 8),
    excel.Column("公开时间", lambda d: d.published_at, 18),
]


def _disclosures(request: HttpRequest):
    require_bureau(request.user)
    disclosures = Disclosure.objects.editable_by(request.user).select_related("period", "jurisdiction")
    state = request.GET.get("state", "")
    if state in ("published", "draft"):
        disclosures = disclosures.filter(is_published=state == "published")
    return disclosures.order_by("-as_of", "-id") if request.GET.get("sort") != "as_of" else disclosures.order_by("as_of", "id")


@login_required
def disclosure_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, _disclosures(request))
    return render(request, "portal/disclosure_list.html", {"page": page, "state": request.GET.get("state", "")})


@login_required
def disclosure_export(request: HttpRequest) -> HttpResponse:
    return excel.export("进度公开.xlsx", "进度公开", EXPORT_COLUMNS, _disclosures(request))


def _form_page(request: HttpRequest, form, save, title: str) -> HttpResponse:
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.instance.pk and nothing_changed(request, form):
            return redirect("disclosures:disclosure_detail", form.instance.pk)
        try:
            disclosure = save()
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            if hasattr(error, "error_dict") and all(n in form.fields for n in error.error_dict):
                form.add_error(None, error)
            else:
                form.add_error(None, "；".join(error.messages))
        else:
            messages.success(request, "已保存（尚未公开的内容不会出现在公开页面）")
            return redirect("disclosures:disclosure_detail", disclosure.pk)
    return render(request, "portal/disclosure_form.html", {"form": form, "title": title}, status=status)


@login_required
def disclosure_create(request: HttpRequest) -> HttpResponse:
    form = DisclosureForm(request.POST or None, periods=disclosable_periods(request.user))
    return _form_page(request, form, lambda: actions.do_create_disclosure(form.cleaned_data, request.user), "新建进度公开")


@login_required
def disclosure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = get_disclosure_for_user(request.user, pk, write=True)
    form = DisclosureForm(request.POST or None, instance=disclosure, periods=disclosable_periods(request.user), version=disclosure.version)
    return _form_page(
        request,
        form,
        lambda: actions.do_update_disclosure(disclosure, form.edited_data(), form.cleaned_data["version"], request.user),
        "编辑进度公开",
    )


@login_required
def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The bureau's preview: exactly what the public page will show."""
    disclosure = get_disclosure_for_user(request.user, pk)
    context = {
        "disclosure": disclosure,
        "rankings": rankings.division_rankings(disclosure.period, disclosure.as_of),
        "show": disclosure.shown,
        "Column": {c.name: c.value for c in Column},
        "history": history.entries(disclosure, {"columns": lambda record, codes: "、".join(Column(c).label for c in codes)}),
    }
    return render(request, "portal/disclosure_detail.html", context)


@login_required
@require_POST
def disclosure_publish(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = get_disclosure_for_user(request.user, pk, write=True)
    try:
        actions.do_publish_disclosure(disclosure, request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已公开，任何人无需登录即可查看")
    return redirect("disclosures:disclosure_detail", disclosure.pk)


@login_required
@require_POST
def disclosure_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = get_disclosure_for_user(request.user, pk, write=True)
    try:
        actions.do_unpublish_disclosure(disclosure, request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已撤回公开")
    return redirect("disclosures:disclosure_detail", disclosure.pk)
