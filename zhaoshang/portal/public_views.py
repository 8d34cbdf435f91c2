"""The public portal (docs/domain.md §11): no login, Chinese, made for a phone. Every
page names the county and the bureau's contact (context_processors.Profile). A
visitor sees only published, fresh content; a taken site is gone at once."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from zhaoshang.accounts.throttle import client_address

from . import actions, chains, opendata, selectors, throttle
from .access import get_inquiry_by_token
from .content_forms import InquiryForm, PolicyCheckForm, ProjectFilterForm, SiteFilterForm
from .models import BenefitPolicy, Disclosure, PromotedProject, Site

PUBLIC_PAGE_SIZE = 12


def _projects():
    return PromotedProject.objects.public(timezone.localdate()).select_related("place", "unit", "site", "chain__chain")


def _policies():
    return BenefitPolicy.objects.public(timezone.localdate()).select_related("place")


def _sites():
    return Site.objects.public(timezone.localdate()).select_related("place")


def public_index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "projects": _projects()[:4],
        "policies": _policies().valid_on(today)[:4],
        "sites": _sites()[:4],
        "disclosures": Disclosure.objects.published().select_related("jurisdiction")[:3],
    }
    return render(request, "portal/index.html", context)


def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None, chains=chains.chain_names())
    projects = selectors.filter_projects(_projects(), form.cleaned_data if form.is_valid() else {})
    page = Paginator(projects, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/public_projects.html", {"form": form, "page": page})


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "portal/public_project.html", {"project": get_object_or_404(_projects(), pk=pk)})


def policy_list(request: HttpRequest) -> HttpResponse:
    """Policies in force; `?expired=1` the history of expired ones."""
    today = timezone.localdate()
    expired = request.GET.get("expired") == "1"
    policies = _policies().expired_on(today) if expired else _policies().valid_on(today)
    page = Paginator(policies, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/public_policies.html", {"page": page, "expired": expired})


def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "portal/public_policy.html", {"policy": get_object_or_404(_policies(), pk=pk)})


def policy_check(request: HttpRequest) -> HttpResponse:
    """「哪些政策适合我」: the policies in force that the answers do not rule out."""
    form = PolicyCheckForm(request.GET or None)
    fits = None
    if form.is_valid():
        fits = selectors.fitting_policies(_policies().valid_on(timezone.localdate()), form.cleaned_data)
    return render(request, "portal/public_policy_check.html", {"form": form, "fits": fits})


def site_list(request: HttpRequest) -> HttpResponse:
    form = SiteFilterForm(request.GET or None)
    sites = list(selectors.filter_sites(_sites(), form.cleaned_data if form.is_valid() else {}))
    points = [
        {"name": s.name, "value": [float(s.longitude), float(s.latitude)], "kind": s.get_kind_display(), "url": s.get_public_url()} for s in sites
    ]
    return render(request, "portal/public_sites.html", {"form": form, "sites": sites, "points": points})


def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(_sites(), pk=pk)
    return render(request, "portal/public_site.html", {"site": site, "projects": _projects().filter(site=site)})


def _refused(request: HttpRequest, form: InquiryForm | None, message: str, status: int) -> HttpResponse:
    return render(request, "portal/public_inquiry.html", {"form": form, "refused": message}, status=status)


def inquiry_create(request: HttpRequest) -> HttpResponse:
    """The inquiry form. Refused without writing anything: a request over the size
    limit (413), a filled honeypot, or too many inquiries from the address or in
    all today (429)."""
    promoted = None
    if pk := request.GET.get("project", ""):
        promoted = _projects().filter(pk=pk).first() if pk.isdigit() else None
    source = request.GET.get("src", "")[:40]
    if request.method == "POST":
        if int(request.META.get("CONTENT_LENGTH") or 0) > settings.PORTAL_INQUIRY_MAX_BYTES:
            return _refused(request, None, "提交的内容过长，请精简后再提交", 413)
        form = InquiryForm(request.POST)
        address = client_address(request)
        if form.is_robot():
            return _refused(request, form, "提交未被接受", 400)
        if throttle.is_limited(address):
            return _refused(request, form, "今日提交次数已达上限，请明天再试或直接电话联系", 429)
        if form.is_valid():
            data = {name: value for name, value in form.cleaned_data.items() if name != "website"}
            try:
                inquiry = actions.do_submit_inquiry({**data, "promoted_project": promoted, "source": source})
            except ValidationError as error:
                form.add_error(None, "；".join(error.messages))
            else:
                throttle.count(address)
                return redirect("portal:inquiry_status", inquiry.token)
    else:
        initial = {"industry": promoted.industry, "chain": promoted.chain.chain_id if promoted.chain else None, "place": promoted.place_id} if promoted else {}
        form = InquiryForm(initial=initial)
    return render(request, "portal/public_inquiry.html", {"form": form, "promoted": promoted})


def inquiry_status(request: HttpRequest, token: str) -> HttpResponse:
    """The inquirer's private page: the link is the only key (an unguessable token)."""
    return render(request, "portal/public_inquiry_status.html", {"inquiry": get_inquiry_by_token(token)})


def open_data(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in opendata.FIELDS or fmt not in ("json", "csv"):
        raise Http404
    today = timezone.localdate()
    records = opendata.MODELS[kind].objects.public(today).select_related(*opendata.RELATED[kind])
    if kind == "policies":
        records = records.valid_on(today)
    return opendata.json_response(kind, records) if fmt == "json" else opendata.csv_response(kind, records)


def open_data_index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/public_open_data.html", {"kinds": opendata.TITLES})
