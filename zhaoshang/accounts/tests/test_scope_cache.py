"""A login's scope kept across requests (access.kept_for): read once, then from the
cache, and read afresh once a change of a role, a unit or the person the login is
commits; never kept from a transaction that has not committed."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhaoshang.accounts import access, actions
from zhaoshang.accounts.factories import publish_scope_changes as settle, user_with_role
from zhaoshang.accounts.models import Role, RoleAssignment
from zhaoshang.core.versions import history_version
from zhaoshang.organisation import actions as unit_actions
from zhaoshang.organisation.factories import PersonFactory, UnitFactory
from zhaoshang.organisation.models import LeaderBody, Unit, UnitKind
from zhaoshang.projects.factories import ProjectFactory

LIST = reverse("projects:project_list")
API = reverse("api:project_list")


@pytest.fixture
def kept(settings):
    # Each test's database numbers its rows from 1 again: start empty.
    cache.clear()
    settings.SCOPE_CACHE_SECONDS = 600
    settings.METRICS_CACHE_SECONDS = 600


def count(client) -> int:
    return client.get(API).json()["count"]


def commit(django_capture_on_commit_callbacks):
    """What the test's own transaction never does: run what waits for the commit."""
    return django_capture_on_commit_callbacks(execute=True)


def test_the_roles_are_read_once_then_kept(kept, county, reporter):
    settle()
    assert access.read_paths(reporter) == [county.township.path]
    again = type(reporter).objects.get(pk=reporter.pk)  # the next request's user object
    with CaptureQueriesContext(connection) as queries:
        assert access.read_paths(again) == [county.township.path]
    assert len(queries) == 0


def test_a_new_role_is_seen_once_it_commits(kept, county, reporter, admin_user, client_for, django_capture_on_commit_callbacks):
    ProjectFactory(introducing_unit=county.township)
    ProjectFactory(introducing_unit=county.other_township)
    client = client_for(reporter)
    settle()
    assert count(client) == 1
    with commit(django_capture_on_commit_callbacks):
        actions.do_assign_role(reporter, Role.REPORTER, county.other_township, admin_user)
    assert count(client) == 2
    with commit(django_capture_on_commit_callbacks):
        actions.do_remove_role(reporter, RoleAssignment.objects.get(user=reporter, unit=county.other_township), admin_user)
    assert count(client) == 1


@pytest.fixture
def team_member(kept, county, client_for):
    """A section of 城关镇 with one project, and a client of its reporter, whose
    scope is kept: (the section, the client)."""
    team = UnitFactory(parent=county.township, name="招商小组", kind=UnitKind.SECTION)
    ProjectFactory(introducing_unit=team)
    client = client_for(user_with_role(Role.REPORTER, team, username="member"))
    settle()
    assert count(client) == 1
    return team, client


def test_a_move_of_the_users_unit_is_seen_once_it_commits(kept, county, team_member, bureau_user, django_capture_on_commit_callbacks):
    team, client = team_member
    with commit(django_capture_on_commit_callbacks):
        unit_actions.do_move_unit(team, county.other_township, bureau_user)
    # A kept scope would still name the team's old path, where nothing lies now.
    assert Unit.objects.get(pk=team.pk).path.startswith(county.other_township.path)
    assert count(client) == 1


def test_a_deactivated_unit_takes_its_roles_once_it_commits(kept, team_member, bureau_user, django_capture_on_commit_callbacks):
    team, client = team_member
    with commit(django_capture_on_commit_callbacks):
        unit_actions.do_set_unit_active(Unit.objects.get(pk=team.pk), False, bureau_user)
    assert count(client) == 0


def test_the_person_a_login_becomes_is_seen_once_it_commits(kept, county, reporter, admin_user, client_for, django_capture_on_commit_callbacks):
    mayor = PersonFactory(name="王县长", unit=county.root, leader_body=LeaderBody.GOVERNMENT)
    ProjectFactory(introducing_unit=county.township)
    ProjectFactory(introducing_unit=county.other_township, responsible_leader=mayor)
    client = client_for(reporter)
    settle()
    assert count(client) == 1
    with commit(django_capture_on_commit_callbacks):
        actions.do_update_user(reporter, name="王县长", by=admin_user, person=mayor, expected_version=history_version(reporter))
    assert count(client) == 2  # the project he leads


def test_an_uncommitted_change_is_read_from_the_database_and_not_kept(kept, county, reporter, admin_user, client_for):
    ProjectFactory(introducing_unit=county.township)
    ProjectFactory(introducing_unit=county.other_township)
    client = client_for(reporter)
    settle()
    assert count(client) == 1
    # The test's transaction never commits: this request sees its own change...
    actions.do_assign_role(reporter, Role.REPORTER, county.other_township, admin_user)
    assert count(client) == 2
    # ...and keeps nothing another process could read after a rollback.
    assert access.kept_for(reporter, "roles", lambda: ["computed"]) == ["computed"]
    assert cache.get(f"access-scope:roles:{reporter.pk}")[1] == [(Role.REPORTER, county.township.path)]


def test_a_kept_scope_is_one_logins_own(kept, county, reporter, other_reporter, client_for):
    ProjectFactory(introducing_unit=county.township)
    ProjectFactory(introducing_unit=county.other_township)
    ProjectFactory(introducing_unit=county.other_township)
    settle()
    assert [count(client_for(user)) for user in (reporter, other_reporter, reporter)] == [1, 2, 1]


def test_a_change_after_one_rolled_back_is_still_published(kept, county, reporter):
    settle()
    with pytest.raises(RuntimeError), transaction.atomic():
        RoleAssignment.objects.create(user=reporter, role=Role.LEADER, unit=county.root)
        assert access._change_pending()
        raise RuntimeError("refused")
    assert not access._change_pending()
    UnitFactory(parent=county.root, name="新园区", kind=UnitKind.ZONE)
    assert access._change_pending()
