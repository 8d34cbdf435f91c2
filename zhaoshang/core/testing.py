"""Permission tests as tables. Each app's tests/test_permissions.py declares
CASES: one Case per URL, with the status each persona must get. The coverage
test in core/tests/test_url_coverage.py fails when a URL name has no Case."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
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


class _FormReader(HTMLParser):
    """What a browser would submit from the <form> holding a field named `marker`,
    left untouched: text inputs and textareas as rendered, checked boxes, selected
    options. Disabled fields and buttons send nothing."""

    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker = marker
        self.forms: list[list[tuple[str, str]]] = []
        self.current: list[tuple[str, str]] | None = None
        self.select: tuple[str, bool] | None = None  # (name, multiple)
        self.select_first: str | None = None
        self.select_chosen = False
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.current = []
        elif self.current is None or "disabled" in attr:
            return
        elif tag == "input" and attr.get("name"):
            kind = attr.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attr:
                    self.current.append((attr["name"], attr.get("value", "on")))
            elif kind not in ("submit", "button", "reset", "file", "image"):
                self.current.append((attr["name"], attr.get("value", "")))
        elif tag == "select" and attr.get("name"):
            self.select, self.select_first, self.select_chosen = (attr["name"], "multiple" in attr), None, False
        elif tag == "option" and self.select is not None:
            value = attr.get("value", "")
            if self.select_first is None:
                self.select_first = value
            if "selected" in attr:
                self.current.append((self.select[0], value))
                self.select_chosen = True
        elif tag == "textarea" and attr.get("name"):
            self.textarea, self.text = attr["name"], ""

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if self.current is None:
            return
        if tag == "form":
            self.forms.append(self.current)
            self.current = None
        elif tag == "select" and self.select is not None:
            name, multiple = self.select
            if not multiple and not self.select_chosen and self.select_first is not None:
                self.current.append((name, self.select_first))  # a browser sends the first option
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the newline that follows <textarea> (Django writes one).
            self.current.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None


def form_values(html: str, marker: str = "version") -> dict[str, Any]:
    """The untouched submission of the page's form that has a `marker` field, as
    the test client's POST data (a list where a name repeats)."""
    reader = _FormReader(marker)
    reader.feed(html)
    for fields in reader.forms:
        if any(name == marker for name, _ in fields):
            data: dict[str, Any] = {}
            for name, value in fields:
                if name in data:
                    data[name] = [*(data[name] if isinstance(data[name], list) else [data[name]]), value]
                else:
                    data[name] = value
            return data
    raise AssertionError(f"no form with a field named {marker!r} on the page")
