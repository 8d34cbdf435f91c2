"""The request plumbing every view shares: one page of a list, whether htmx asked,
and an action's refusal as one sentence."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, rows, param: str = "page") -> Page:
    """The page of `rows` named by the query parameter (settings.PAGE_SIZE a page);
    a missing or bad page number gives the first page, one past the end the last."""
    return Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get(param))


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request: the view answers with the partial instead of the page."""
    return request.headers.get("HX-Request") == "true"


def refusal(error: ValidationError) -> str:
    """An action's refusal as one Chinese sentence for a flash message."""
    return "；".join(error.messages)
