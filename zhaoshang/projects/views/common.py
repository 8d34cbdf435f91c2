"""Small helpers shared by the fund, obstacle and import views."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def paginate(request: HttpRequest, qs) -> Page:
    return Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def refusal(error: ValidationError) -> str:
    return "；".join(error.messages)


def next_url(request: HttpRequest) -> str:
    """Where a form page should return to, carried through its POST."""
    return request.POST.get("next") or request.GET.get("next") or ""


def back(request: HttpRequest, default: str) -> HttpResponse:
    """Return to the page the button was on (the project page, a list) when it is
    one of ours; otherwise to `default`."""
    target = next_url(request)
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(target)
    return redirect(default)
