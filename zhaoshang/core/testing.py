"""Permission tests as tables. Each app's tests/test_permissions.py declares
CASES: one Case per URL, with the status each persona must get. The coverage
test in core/tests/test_url_coverage.py fails when a URL name has no Case."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PERSONAS = ("anonymous", "reporter", "other_reporter", "unit_head", "leader", "bureau_user", "admin_user")


@dataclass(frozen=True)
class Case:
    """name: URL name ("organisation:unit_detail" or "api:unit_list").
    args: builds the URL's positional arguments from the app's `world` fixture.
    expect: persona → HTTP status. Personas not listed are not exercised.
    data: builds the POST body from `world` (for method "post"/"patch"/…)."""

    name: str
    expect: dict[str, int]
    args: Callable[[Any], list] = lambda world: []
    method: str = "get"
    data: Callable[[Any], dict] | None = None
    query: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.name}"


def params(cases: list[Case]) -> list[tuple[Case, str, int]]:
    """Flatten to (case, persona, status) for pytest.mark.parametrize."""
    return [(case, persona, status) for case in cases for persona, status in case.expect.items()]


def param_id(value: Any) -> str:
    return value.id if isinstance(value, Case) else str(value)


def run(case: Case, persona: str, world: Any, request, client_for) -> int:
    """Perform the request as the persona; returns the status code."""
    from django.urls import reverse

    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    client = client_for(user)
    url = reverse(case.name, args=case.args(world))
    body = case.data(world) if case.data else {}
    if case.method == "get":
        response = client.get(url, case.query)
    elif case.name.startswith("api:") and case.method != "post_form":
        response = getattr(client, case.method)(url, body, content_type="application/json")
    else:
        response = client.post(url, body)
    return response.status_code
