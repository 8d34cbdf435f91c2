from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import second_factor

# Besides the step itself, a session that owes its second factor may only log out.
ALWAYS_OPEN = {"logout"}


class SecondFactorMiddleware:
    """Sends a session that owes its second factor to that step, whatever page it
    asks for; the API answers 403 instead (a session, not a token: tokens are made
    after the second factor)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not request.user.is_authenticated:
            return None
        step = second_factor.step_owed(request)
        if step is None or request.resolver_match.view_name in {step, *ALWAYS_OPEN}:
            return None
        if request.resolver_match.view_name.startswith("api:"):
            return JsonResponse({"detail": "请先在网页上完成动态口令验证"}, status=403)
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
