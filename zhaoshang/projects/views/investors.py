"""客商库 screens: list and export (contacts masked), page with the investor's
projects the user may see, create and edit, contacts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhaoshang.core.http import is_htmx, paginate
from zhaoshang.accounts import access as roles
from zhaoshang.core import excel, history
from zhaoshang.core.versions import ConflictError
from zhaoshang.core.forms import nothing_changed

from .. import access, actions, exports
from ..filters import InvestorFilterForm
from ..models import Investor, Project
from ..project_forms import ContactForm, InvestorForm
from .screens import show_errors


def _filtered(request: HttpRequest):
    form = InvestorFilterForm(request.GET)
    return form, form.filter(Investor.objects.visible_to(request.user))


@login_required
def investor_list(request: HttpRequest) -> HttpResponse:
    form, investors = _filtered(request)
    context = {"form": form, "page": paginate(request, investors), "can_create": not roles.is_read_only(request.user)}
    template = "projects/investor_list.html#results" if is_htmx(request) else "projects/investor_list.html"
    return render(request, template, context)


@login_required
def investor_export(request: HttpRequest) -> HttpResponse:
    _, investors = _filtered(request)
    return excel.export("客商库.xlsx", "客商", exports.investor_columns(request.user), investors.prefetch_related("contacts"))


# The picker offers a handful; a longer list means the user should type more.
SEARCH_LIMIT = 10


@login_required
def investor_search(request: HttpRequest) -> HttpResponse:
    """The project form's search-as-you-type picker: investors this user may see
    whose name or 统一社会信用代码 contains the typed text, at most SEARCH_LIMIT."""
    text = request.GET.get("q", "").strip()[:60]
    found = []
    if text:
        found = list(Investor.objects.visible_to(request.user).search(text).order_by("name", "id")[: SEARCH_LIMIT + 1])
    context = {"q": text, "investors": found[:SEARCH_LIMIT], "more": len(found) > SEARCH_LIMIT}
    return render(request, "projects/_investor_search.html", context)


@login_required
def investor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    investor = access.get_investor_for_user(request.user, pk)
    allowed = access.can_see_investor_contacts(request.user, investor)
    contacts = [access.contact_fields_for(request.user, c, allowed=allowed) for c in investor.contacts.all()]
    projects = Project.objects.visible_to(request.user).active().filter(investor=investor).select_related("introducing_unit").order_by("-created_at")
    context = {
        "investor": investor,
        "contacts": contacts,
        "contacts_masked": not allowed,
        "projects": projects,
        "can_edit": access.can_edit_investor(request.user, investor),
        "contact_form": ContactForm(),
        "history": history.entries(investor),
    }
    return render(request, "projects/investor_detail.html", context)


@login_required
def investor_create(request: HttpRequest) -> HttpResponse:
    if roles.is_read_only(request.user):
        raise PermissionDenied
    form = InvestorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            investor = actions.do_create_investor(form.cleaned_data, request.user)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"已新增客商「{investor.name}」")
            return redirect("projects:investor_detail", investor.pk)
    return render(request, "projects/investor_form.html", {"form": form, "title": "新增客商", "back": None})


@login_required
def investor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    investor = access.get_investor_for_user(request.user, pk, write=True)
    form = InvestorForm(request.POST or None, instance=investor, version=investor.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("projects:investor_detail", investor.pk)
        try:
            actions.do_update_investor(investor, form.edited_data(), form.cleaned_data["version"], request.user)
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "已保存")
            return redirect("projects:investor_detail", investor.pk)
    context = {"form": form, "title": f"编辑客商：{investor.name}", "back": investor}
    return render(request, "projects/investor_form.html", context, status=status)


@login_required
def investor_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    investor = access.get_investor_for_user(request.user, pk, write=True)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_investor_contact(investor, form.cleaned_data, request.user)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "已添加联系人")
            return redirect("projects:investor_detail", investor.pk)
    context = {"form": form, "title": f"添加联系人：{investor.name}", "back": investor}
    return render(request, "projects/investor_form.html", context)
