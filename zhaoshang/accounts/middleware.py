from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.middleware import get_user
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode

from . import second_factor

# Besides the step itself, a session that owes its second factor may only log out.
ALWAYS_OPEN = {"logout"}


class SecondFactorMiddleware:
    """Sends a session that owes its second factor to that step, whatever page it
    asks for. The API asks in its session authentication (accounts/api.py), after a
    token has had its turn: tokens are made after the second factor, and a request
    that a token answers needs no session read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if request.resolver_match.view_name.startswith("api:") or not request.user.is_authenticated:
            return None
        # AuthenticationMiddleware's SimpleLazyObject, evaluated just now: the user it
        # stands for (get_user's memo) takes its place, as every read through the proxy
        # costs several lookups and the access checks of a page read it dozens of times.
        if isinstance(request.user, SimpleLazyObject):
            request.user = get_user(request)
        step = second_factor.step_owed(request)
        if step is None or request.resolver_match.view_name in {step, *ALWAYS_OPEN}:
            return None
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
