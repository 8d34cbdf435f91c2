"""A JSON answer kept whole in the cache (projects/listing.py decides the key).

ninja authenticates inside the operation, so the lookup cannot wrap the view: it
happens in the endpoint, once the user is known. A kept answer then leaves the
endpoint as the exception `Kept` (ninja's pagination would otherwise take the
endpoint's result apart), which api.py answers with the stored bytes. On a miss the
endpoint marks the request with its key and `keep`, wrapped around the operation
with ninja's decorate_view, stores what was rendered."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse


class Kept(Exception):
    def __init__(self, content: bytes, content_type: str):
        super().__init__()
        self.content = content
        self.content_type = content_type


def answer(request: HttpRequest, kept: Kept) -> HttpResponse:
    return HttpResponse(kept.content, content_type=kept.content_type)


def keep(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(run)
    def run_and_keep(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = run(request, *args, **kwargs)
        key = getattr(request, "zs_keep_answer_as", None)
        # Refusals and errors are never kept: only a page the endpoint produced.
        if key and response.status_code == 200:
            cache.set(key, (response.content, response["Content-Type"]), settings.METRICS_CACHE_SECONDS)
        return response

    return run_and_keep
