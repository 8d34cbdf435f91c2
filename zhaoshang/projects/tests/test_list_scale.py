"""The list at province scale (issue 13): the county stored on the project row, the
visibility that starts from it (the same sets as the subtree tests it replaces), the
cached count and totals (fresh after every commit, never shared across scopes), and
a number of queries that does not grow with the rows."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts.models import ApiToken, Role, RoleAssignment
from zhaoshang.accounts.factories import publish_scope_changes, user_with_role
from zhaoshang.core.importing.bulk import bulk_create
from zhaoshang.organisation.factories import PersonFactory, UnitFactory
from zhaoshang.organisation.models import LeaderBody, UnitKind
from zhaoshang.projects import actions
from zhaoshang.projects.factories import ProjectFactory
from zhaoshang.projects.models import Project
from zhaoshang.projects.models.projects import fill_counties

LIST = reverse("projects:project_list")
API = reverse("api:project_list")


def old_visible_to(user) -> set[int]:
    """visible_to as it was before the county was stored: subtree tests only."""
    from zhaoshang.accounts import access

    q = Project.objects.all()._in_paths(access.read_paths(user), landing=True) | Q(responsible_leader__user=user)
    return set(Project.objects.filter(q).values_list("pk", flat=True))


def old_editable_by(user) -> set[int]:
    from zhaoshang.accounts import access

    q = Project.objects.all()._in_paths(access.write_paths(user), landing=False) | Q(responsible_leader__user=user)
    return set(Project.objects.filter(q).values_list("pk", flat=True))


@pytest.fixture
def province(county):
    """A second county beside the conftest's, projects of both with joint credits,
    landing places and leaders, and logins of every kind of scope."""
    other_root = UnitFactory(name="邻县", kind=UnitKind.COUNTY)
    other_town = UnitFactory(parent=other_root, name="邻县一镇", kind=UnitKind.TOWNSHIP)
    section = UnitFactory(parent=county.township, name="城关镇招商办", kind=UnitKind.SECTION)
    governor = PersonFactory(unit=county.root, leader_body=LeaderBody.GOVERNMENT)
    neighbour = PersonFactory(unit=other_root, leader_body=LeaderBody.GOVERNMENT)
    ProjectFactory(introducing_unit=county.township)
    ProjectFactory(introducing_unit=section, landing_unit=county.other_township)
    ProjectFactory(introducing_unit=county.other_township, landing_unit=section)
    ProjectFactory(introducing_unit=county.other_township, credits=[(county.other_township, 5000), (section, 5000)])
    ProjectFactory(introducing_unit=county.department, responsible_leader=governor)
    ProjectFactory(introducing_unit=other_town, responsible_leader=neighbour)
    ProjectFactory(introducing_unit=other_root)
    governor_user = user_with_role(Role.LEADER, county.root, username="governor")
    governor.user = governor_user
    governor.save()
    # A neighbour's leader with a reporter's role in this county's section.
    neighbour_user = user_with_role(Role.REPORTER, section, username="neighbour")
    neighbour.user = neighbour_user
    neighbour.save()
    two_counties = user_with_role(Role.REPORTER, county.township, username="two")
    RoleAssignment.objects.create(user=two_counties, role=Role.BUREAU, unit=other_root)
    return {
        "section": section,
        "users": [
            governor_user,
            neighbour_user,
            two_counties,
            user_with_role(Role.BUREAU, county.root, username="b"),
            user_with_role(Role.REPORTER, county.other_township, username="r2"),
            user_with_role(Role.UNIT_HEAD, section, username="h"),
            user_with_role(Role.REPORTER, other_town, username="r3"),
        ],
    }


def test_every_project_stores_the_county_of_its_introducing_unit(province, county):
    for project in Project.objects.select_related("introducing_unit", "county"):
        assert project.county.path == project.introducing_unit.path[:4]
        assert project.county.is_root()


def test_visibility_is_the_same_set_as_the_subtree_tests(province):
    for user in province["users"]:
        assert set(Project.objects.visible_to(user).values_list("pk", flat=True)) == old_visible_to(user), user
        assert set(Project.objects.editable_by(user).values_list("pk", flat=True)) == old_editable_by(user), user


def test_rows_written_in_bulk_get_their_county(county, bureau_user):
    project = Project(name="导入项目", category="industry", introducing_unit=county.township)
    bulk_create(Project, [project], bureau_user, timezone.now())
    assert Project.objects.get(pk=project.pk).county_id == county.root.pk


def test_fill_counties_sets_the_missing_ones_in_one_statement(province, county, django_assert_num_queries):
    Project.objects.update(county=None)
    with django_assert_num_queries(1):
        fill_counties()
    assert not Project.objects.filter(county=None).exists()
    assert Project.objects.filter(introducing_unit=county.township).get().county_id == county.root.pk


def test_a_landing_place_in_another_county_is_refused(county, project):
    elsewhere = UnitFactory(parent=UnitFactory(name="邻县", kind=UnitKind.COUNTY), name="邻县园区")
    project.landing_unit = elsewhere
    with pytest.raises(ValidationError, match="落地园区"):
        project.full_clean()


def test_the_introducing_unit_cannot_move_to_another_county(county, project, admin_user):
    elsewhere = UnitFactory(parent=UnitFactory(name="邻县", kind=UnitKind.COUNTY), name="邻县一镇")
    with pytest.raises(ValidationError, match="其他县"):
        actions.do_update_project(project, {"introducing_unit": elsewhere}, project.version, admin_user)


def test_moving_within_the_county_keeps_the_county(county, project, bureau_user):
    updated = actions.do_update_project(project, {"introducing_unit": county.other_township}, project.version, bureau_user)
    assert Project.objects.get(pk=updated.pk).county_id == county.root.pk


# ---------------------------------------------------------------- the cached count and totals


@pytest.fixture
def cached(settings):
    # Each test's database numbers its data versions from 0 again: start empty.
    cache.clear()
    settings.METRICS_CACHE_SECONDS = 600


def test_totals_are_fresh_after_a_change(cached, county, client_for, bureau_user, django_capture_on_commit_callbacks):
    ProjectFactory(introducing_unit=county.township, total_investment=10**8)
    client = client_for(bureau_user)
    assert client.get(LIST).context["totals"]["count"] == 1
    assert client.get(API).json()["count"] == 1
    # The commit bumps the county's data version (metrics.freshness).
    with django_capture_on_commit_callbacks(execute=True):
        ProjectFactory(introducing_unit=county.township, total_investment=2 * 10**8)
    totals = client.get(LIST).context["totals"]
    assert (totals["count"], totals["total_investment"]) == (2, 3 * 10**8)
    assert client.get(API).json()["count"] == 2


def test_one_scope_never_gets_anothers_cached_totals(cached, county, client_for, bureau_user, reporter, other_reporter):
    ProjectFactory(introducing_unit=county.township)
    ProjectFactory(introducing_unit=county.other_township)
    ProjectFactory(introducing_unit=county.other_township)
    counts = [client_for(user).get(LIST).context["totals"]["count"] for user in (bureau_user, reporter, other_reporter)]
    assert counts == [3, 1, 2]
    counts = [client_for(user).get(API).json()["count"] for user in (bureau_user, reporter, other_reporter)]
    assert counts == [3, 1, 2]


def test_the_filters_are_part_of_the_key(cached, county, client_for, bureau_user):
    ProjectFactory(introducing_unit=county.township, name="甲")
    ProjectFactory(introducing_unit=county.township, name="乙")
    client = client_for(bureau_user)
    assert client.get(LIST).context["totals"]["count"] == 2
    assert client.get(LIST, {"q": "甲"}).context["totals"]["count"] == 1
    assert client.get(API, {"q": "乙"}).json()["count"] == 1


# ---------------------------------------------------------------- queries do not grow with the rows


def _queries(client, url, django_assert_max_num_queries) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the session and the cache warm
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [LIST, API])
@pytest.mark.parametrize("persona", ["bureau_user", "reporter"])
@pytest.mark.parametrize("cache_seconds", [0, 600])
def test_the_lists_run_as_many_queries_for_5_as_for_30_projects(
    url, persona, cache_seconds, county, client_for, request, settings, django_assert_max_num_queries
):
    settings.METRICS_CACHE_SECONDS = cache_seconds
    settings.SCOPE_CACHE_SECONDS = cache_seconds
    cache.clear()
    client = client_for(request.getfixturevalue(persona))
    leader = PersonFactory(unit=county.root, leader_body=LeaderBody.GOVERNMENT)
    publish_scope_changes()  # the world as committed: the login's scope is kept from here

    def add(n: int) -> None:
        for _ in range(n):
            ProjectFactory(introducing_unit=county.township, landing_unit=county.other_township, responsible_leader=leader)

    add(5)
    few = _queries(client, url, django_assert_max_num_queries)
    add(25)
    assert _queries(client, url, django_assert_max_num_queries) == few
    # Cached: the user and the data versions. The session, the roles and the scope's
    # two reads are kept in the cache (cached_db sessions, access.kept_for), the rest
    # per data version (listing.py).
    assert few <= (2 if cache_seconds else 9)


def test_a_token_answers_the_api_list_without_reading_the_session(
    cached, settings, county, client_for, bureau_user, django_assert_max_num_queries
):
    settings.SCOPE_CACHE_SECONDS = 600
    ProjectFactory(introducing_unit=county.township)
    _token, key = ApiToken.objects.create_for(bureau_user, "脚本")
    client = client_for(bureau_user)  # a session cookie too, as a browser-side script has
    publish_scope_changes()
    client.get(API, headers={"Authorization": f"Bearer {key}"})  # the answer kept, last_used written
    # The token with its user and the data versions (the scope is kept: access.kept_for).
    with django_assert_max_num_queries(2):
        assert client.get(API, headers={"Authorization": f"Bearer {key}"}).json()["count"] == 1


def test_two_units_of_one_name_are_two_keys(cached, county, client_for, bureau_user):
    twin = UnitFactory(parent=county.root, name=county.township.name, kind=UnitKind.TOWNSHIP)
    ProjectFactory(introducing_unit=county.township)
    ProjectFactory(introducing_unit=twin)
    ProjectFactory(introducing_unit=twin)
    client = client_for(bureau_user)
    assert client.get(LIST, {"unit": county.township.pk}).context["totals"]["count"] == 1
    assert client.get(LIST, {"unit": twin.pk}).context["totals"]["count"] == 2
