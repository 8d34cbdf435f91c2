"""Every router answers refusals the same way (zhaoshang/core/api_errors.py): one
endpoint of each router with bad input, without permission, with a missing id and
anonymously, and the bodies must have the identical shape with Chinese text."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from zhaoshang.accounts.models import ApiToken
from zhaoshang.core.api_errors import NOT_FOUND, UNAUTHORIZED
from zhaoshang.projects.factories import EvidenceFactory, FundEntryFactory, ProjectFactory
from zhaoshang.projects.models import FundEntry, FundStatus
from zhaoshang.targets.models import Period

MISSING = 999_999
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Call:
    router: str
    refusal: str
    persona: str
    method: str
    url: Callable[[Any], str]
    status: int
    body: Any = None
    query: dict | None = None
    fields: tuple[str, ...] = ()  # for 422: the fields named, in order

    @property
    def id(self) -> str:
        return f"{self.router}-{self.refusal}"


CALLS = [
    # organisation
    Call(
        "organisation",
        "domain-input",
        "bureau_user",
        "post",
        lambda w: "/api/v1/units",
        422,
        body=lambda w: {"parent_id": w.township.pk, "name": "x", "kind": "alien"},
        fields=("kind",),
    ),
    Call(
        "organisation",
        "request-input",
        "bureau_user",
        "post",
        lambda w: "/api/v1/units",
        422,
        body=lambda w: {"parent_id": "城关镇", "kind": "section"},
        fields=("parent_id", "name"),
    ),
    Call(
        "organisation",
        "forbidden",
        "reporter",
        "patch",
        lambda w: f"/api/v1/units/{w.township.pk}",
        403,
        body=lambda w: {"name": "城关街道", "version": w.township.version},
    ),
    Call("organisation", "missing", "bureau_user", "get", lambda w: f"/api/v1/units/{MISSING}", 404),
    Call("organisation", "other-unit", "other_reporter", "get", lambda w: f"/api/v1/persons/{w.person.pk}", 404),
    Call("organisation", "anonymous", "anonymous", "get", lambda w: "/api/v1/units", 401),
    # accounts (a token is its owner's only: another's is simply not found)
    Call("accounts", "domain-input", "reporter", "post", lambda w: "/api/v1/me/tokens", 422, body=lambda w: {"name": "  "}, fields=("name",)),
    Call("accounts", "request-input", "reporter", "post", lambda w: "/api/v1/me/tokens", 422, body=lambda w: {"name": 5}, fields=("name",)),
    Call("accounts", "missing", "reporter", "delete", lambda w: f"/api/v1/me/tokens/{MISSING}", 404),
    Call("accounts", "other-unit", "other_reporter", "delete", lambda w: f"/api/v1/me/tokens/{w.token.pk}", 404),
    Call("accounts", "anonymous", "anonymous", "get", lambda w: "/api/v1/me", 401),
    # metrics
    Call(
        "metrics",
        "domain-input",
        "bureau_user",
        "get",
        lambda w: "/api/v1/metrics",
        422,
        query=lambda w: {"scope": f"unit:{w.township.pk}", "period": "2026"},
        fields=("period",),
    ),
    Call(
        "metrics",
        "request-input",
        "bureau_user",
        "get",
        lambda w: "/api/v1/metrics",
        422,
        query=lambda w: {"period": "month:2026-10", "as_of": "昨天"},
        fields=("scope", "as_of"),
    ),
    Call(
        "metrics",
        "forbidden",
        "reporter",
        "get",
        lambda w: "/api/v1/metrics",
        403,
        query=lambda w: {"scope": f"division:{w.township.division_id}", "period": "month:2026-10"},
    ),
    Call("metrics", "missing", "bureau_user", "get", lambda w: "/api/v1/rankings", 404, query=lambda w: {"period": MISSING}),
    Call(
        "metrics",
        "other-unit",
        "other_reporter",
        "get",
        lambda w: "/api/v1/metrics",
        404,
        query=lambda w: {"scope": f"unit:{w.township.pk}", "period": "month:2026-10"},
    ),
    Call("metrics", "anonymous", "anonymous", "get", lambda w: "/api/v1/rankings", 401, query=lambda w: {"period": w.period.pk}),
    # projects
    Call(
        "projects",
        "domain-input",
        "reporter",
        "post",
        lambda w: f"/api/v1/projects/{w.project.pk}/funds",
        422,
        body=lambda w: {"date": "2020-01-01", "amount": 0, "kind": "investment"},
        fields=("amount",),
    ),
    Call(
        "projects",
        "request-input",
        "reporter",
        "post",
        lambda w: f"/api/v1/projects/{w.project.pk}/funds",
        422,
        body=lambda w: {"date": "2020-02-30", "amount": "一百万"},
        fields=("date", "amount", "kind"),
    ),
    Call("projects", "forbidden", "reporter", "post", lambda w: f"/api/v1/funds/{w.approved.pk}/verify", 403),
    Call("projects", "missing", "bureau_user", "get", lambda w: f"/api/v1/projects/{MISSING}", 404),
    Call("projects", "other-unit", "other_reporter", "get", lambda w: f"/api/v1/projects/{w.project.pk}", 404),
    Call("projects", "anonymous", "anonymous", "get", lambda w: "/api/v1/projects", 401),
]


@pytest.fixture
def world(county, reporter):
    from types import SimpleNamespace

    from zhaoshang.organisation.factories import PersonFactory

    w = SimpleNamespace(**vars(county))
    w.project = ProjectFactory(name="新能电池生产基地", introducing_unit=county.township)
    w.approved = FundEntryFactory(project=w.project, status=FundStatus.UNIT_APPROVED)
    EvidenceFactory(project=w.project, fund_entry=w.approved)
    w.person = PersonFactory(unit=county.township)
    w.token, _ = ApiToken.objects.create_for(reporter, "脚本")
    w.period = Period.objects.create(jurisdiction=county.root, name="2026年度", start="2026-01-01", end="2026-12-31")
    return w


def answer(call: Call, world, request, client_for):
    user = None if call.persona == "anonymous" else request.getfixturevalue(call.persona)
    client = client_for(user)
    url = call.url(world)
    if call.method == "get":
        return client.get(url, call.query(world) if call.query else {})
    body = call.body(world) if call.body else {}
    return getattr(client, call.method)(url, body, content_type="application/json")


def assert_shape(status: int, body: Any, fields: tuple[str, ...]) -> None:
    if status == 422:
        assert list(body) == ["detail"]
        assert isinstance(body["detail"], list) and body["detail"]
        for error in body["detail"]:
            assert list(error) == ["field", "message"]
            assert CHINESE.search(error["message"]), error
        assert tuple(e["field"] for e in body["detail"]) == fields
    else:
        assert list(body) == ["detail"]
        assert isinstance(body["detail"], str) and CHINESE.search(body["detail"])
    if status == 404:
        assert body == {"detail": NOT_FOUND}
    if status == 401:
        assert body == {"detail": UNAUTHORIZED}


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.id)
def test_every_router_refuses_in_the_same_shape(call, world, request, client_for):
    response = answer(call, world, request, client_for)

    assert response.status_code == call.status, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    assert_shape(call.status, response.json(), call.fields)


def test_every_router_and_refusal_is_covered():
    covered = {(c.router, c.refusal) for c in CALLS}
    for router in ("organisation", "accounts", "metrics", "projects"):
        assert {(router, "domain-input"), (router, "request-input"), (router, "missing"), (router, "anonymous")} <= covered
        if router != "accounts":  # accounts has nothing one may see but not do
            assert (router, "forbidden") in covered


def test_refused_writes_write_nothing(world, client_for, reporter):
    before = FundEntry.objects.count(), FundEntry.history.count()

    for call in CALLS:
        if call.router == "projects" and call.method != "get":
            user = reporter if call.persona == "reporter" else None
            client_for(user).post(call.url(world), call.body(world) if call.body else {}, content_type="application/json")

    assert (FundEntry.objects.count(), FundEntry.history.count()) == before
    assert FundEntry.objects.get(pk=world.approved.pk).status == FundStatus.UNIT_APPROVED


def test_a_body_that_is_not_json_is_refused_in_chinese(world, client_for, reporter):
    response = client_for(reporter).post(f"/api/v1/projects/{world.project.pk}/funds", "{amount: 1", content_type="application/json")

    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "__all__", "message": "请求内容无法解析，须为有效的JSON"}]}


def test_a_wrong_type_in_a_list_body_names_the_item(world, client_for, bureau_user):
    response = client_for(bureau_user).put(
        f"/api/v1/projects/{world.project.pk}/credits", [{"unit_id": world.township.pk, "share_bp": "六成"}], content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "[0].share_bp", "message": "第1项的「share_bp」须为整数"}]}


def test_a_path_id_that_is_not_a_number_is_a_field_error(world, client_for, reporter):
    response = client_for(reporter).get("/api/v1/projects/abc")

    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "pk", "message": "「pk」须为整数"}]}
