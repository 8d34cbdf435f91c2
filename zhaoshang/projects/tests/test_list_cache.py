"""The list screen's filter form and results table, and the API's JSON page, kept
whole per scope, query string and data version (projects/listing.py): what is
kept is what would be computed afresh, a commit shows at once, and no scope ever
reads another's page."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.organisation.models import UnitKind
from zhaoshang.projects.factories import ProjectFactory

LIST = reverse("projects:project_list")
API = reverse("api:project_list")
HTMX = {"HX-Request": "true"}


def without_csrf(content: bytes) -> bytes:
    """The page's CSRF token (base.html, outside the kept pieces) is masked afresh
    for every response."""
    return re.sub(rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', rb"\1", content)


@pytest.fixture
def cached(settings):
    # Each test's database numbers its data versions from 0 again: start empty.
    cache.clear()
    settings.METRICS_CACHE_SECONDS = 600


def test_the_kept_answers_are_the_ones_computed_afresh(county, client_for, bureau_user, settings):
    for n in range(3):
        ProjectFactory(introducing_unit=county.township, name=f"项目{n}")
    client = client_for(bureau_user)
    query = {"sort": "name", "page_size": 2, "page": 2}
    settings.METRICS_CACHE_SECONDS = 0
    fresh = client.get(API, query), client.get(LIST, {"sort": "name"}), client.get(LIST, {"q": "项目"}, headers=HTMX)
    settings.METRICS_CACHE_SECONDS = 600
    cache.clear()
    for _ in range(2):  # computed and kept, then read back
        kept = client.get(API, query), client.get(LIST, {"sort": "name"}), client.get(LIST, {"q": "项目"}, headers=HTMX)
        for before, now in zip(fresh, kept):
            assert now.status_code == 200
            assert without_csrf(now.content) == without_csrf(before.content)
            assert now["Content-Type"] == before["Content-Type"]
    assert [p["name"] for p in kept[0].json()["items"]] == ["项目2"]


def test_a_commit_shows_at_once_on_the_screen_and_in_the_api(
    cached, county, client_for, bureau_user, django_capture_on_commit_callbacks
):
    ProjectFactory(introducing_unit=county.township, name="老项目")
    client = client_for(bureau_user)
    assert "老项目" in client.get(LIST).content.decode()
    assert "老项目" in client.get(LIST, headers=HTMX).content.decode()
    assert [p["name"] for p in client.get(API).json()["items"]] == ["老项目"]
    with django_capture_on_commit_callbacks(execute=True):
        ProjectFactory(introducing_unit=county.township, name="新项目")
    assert "新项目" in client.get(LIST).content.decode()
    assert "新项目" in client.get(LIST, headers=HTMX).content.decode()
    assert [p["name"] for p in client.get(API).json()["items"]] == ["新项目", "老项目"]


def test_a_new_unit_shows_in_the_filter_form_at_once(cached, county, client_for, bureau_user, django_capture_on_commit_callbacks):
    client = client_for(bureau_user)
    assert "新设园区" not in client.get(LIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        park = UnitFactory(parent=county.root, name="新设园区", kind=UnitKind.TOWNSHIP)
    assert f'<option value="{park.pk}">' in client.get(LIST).content.decode().replace(' selected', '')


def test_two_scopes_never_share_a_kept_page(cached, county, client_for, reporter, other_reporter):
    ProjectFactory(introducing_unit=county.township, name="城关项目")
    ProjectFactory(introducing_unit=county.other_township, name="河口项目")
    for user, own, others in ((reporter, "城关项目", "河口项目"), (other_reporter, "河口项目", "城关项目")):
        client = client_for(user)
        for _ in range(2):
            page = client.get(LIST).content.decode()
            assert own in page and others not in page
            assert [p["name"] for p in client.get(API).json()["items"]] == [own]
    # Nor their filter forms: a reporter is offered his own township only.
    page = client_for(reporter).get(LIST).content.decode()
    assert f'<option value="{county.other_township.pk}"' not in page


def test_a_refusal_is_never_kept(cached, county, client_for, bureau_user):
    client = client_for(bureau_user)
    for _ in range(2):
        assert client.get(API, {"band": "nonsense"}).status_code == 422
