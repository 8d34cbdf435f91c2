"""Small helpers shared by the fund, obstacle and import views."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse


def paginate(request: HttpRequest, qs) -> Page:
    return Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def refusal(error: ValidationError) -> str:
    return "；".join(error.messages)


def project_section(project_pk: int, section: str) -> HttpResponseRedirect:
    """Back to the project page, scrolled to the section the action belongs to
    (#funds, #obstacles, #follow-ups): the project page is the one place where a
    project's funds, obstacles and follow-ups are worked on."""
    return HttpResponseRedirect(reverse("projects:project_detail", args=[project_pk]) + f"#{section}")
