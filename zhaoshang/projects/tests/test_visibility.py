"""Who sees and who may edit which project: visible_to, editable_by and the access
helpers, for every persona."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from zhaoshang.organisation.factories import PersonFactory, UnitFactory
from zhaoshang.projects.access import get_fund_entry_for_user, get_obstacle_for_user, get_project_for_user
from zhaoshang.projects.factories import FundEntryFactory, ObstacleFactory, ProjectFactory
from zhaoshang.projects.models import Project, Stage


@pytest.fixture
def projects(county, project, other_project):
    """城关镇's own, 河口镇's own, one 河口镇 introduced that lands in 城关镇, one
    河口镇 introduced but jointly credited to 城关镇, and one of the department."""
    landing = ProjectFactory(name="落地城关", introducing_unit=county.other_township, landing_unit=county.township)
    joint = ProjectFactory(
        name="联合引进",
        introducing_unit=county.other_township,
        credits=[(county.other_township, 6000), (county.township, 4000)],
    )
    department = ProjectFactory(name="经信局项目", introducing_unit=county.department)
    return {"own": project, "other": other_project, "landing": landing, "joint": joint, "department": department}


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def test_reporter_sees_own_credited_and_landing_projects_only(projects, reporter):
    assert names(Project.objects.visible_to(reporter)) == {"新能电池生产基地", "落地城关", "联合引进"}


def test_other_reporter_sees_their_townships_projects(projects, other_reporter):
    assert names(Project.objects.visible_to(other_reporter)) == {"河口物流园", "落地城关", "联合引进"}


def test_unit_head_sees_what_the_reporter_sees(projects, unit_head, reporter):
    assert names(Project.objects.visible_to(unit_head)) == names(Project.objects.visible_to(reporter))


@pytest.mark.parametrize("persona", ["leader", "bureau_user", "admin_user"])
def test_leader_bureau_and_admin_see_the_whole_jurisdiction(projects, request, persona):
    assert Project.objects.visible_to(request.getfixturevalue(persona)).count() == 5


def test_anonymous_sees_nothing(projects):
    assert not Project.objects.visible_to(AnonymousUser()).exists()


def test_reporter_edits_own_and_credited_projects_but_not_those_merely_landing_here(projects, reporter):
    assert names(Project.objects.editable_by(reporter)) == {"新能电池生产基地", "联合引进"}


def test_bureau_edits_everything_in_its_jurisdiction(projects, bureau_user):
    assert Project.objects.editable_by(bureau_user).count() == 5


def test_leader_edits_only_the_projects_they_lead(projects, leader):
    assert not Project.objects.editable_by(leader).exists()
    led = projects["other"]
    led.responsible_leader = leader.person
    led.save()
    assert names(Project.objects.editable_by(leader)) == {"河口物流园"}
    assert get_project_for_user(leader, led.pk, write=True) == led


def test_a_leader_outside_the_county_still_sees_a_project_they_lead(projects, county):
    from zhaoshang.accounts.factories import UserFactory

    user = UserFactory()
    person = PersonFactory(unit=UnitFactory(name="外县"), user=user)
    Project.objects.filter(pk=projects["own"].pk).update(responsible_leader=person)
    assert names(Project.objects.visible_to(user)) == {"新能电池生产基地"}


def test_querysets_return_each_project_once_however_many_credits_match(projects, bureau_user):
    assert Project.objects.visible_to(bureau_user).filter(name="联合引进").count() == 1


def test_access_helper_gives_404_outside_scope_and_403_when_read_only(projects, reporter, other_reporter, leader):
    own = projects["own"]
    assert get_project_for_user(reporter, own.pk, write=True) == own
    with pytest.raises(Http404):
        get_project_for_user(other_reporter, own.pk)
    with pytest.raises(PermissionDenied):
        get_project_for_user(leader, own.pk, write=True)
    # Hosting a project lets the landing township read it, not change it.
    with pytest.raises(PermissionDenied):
        get_project_for_user(reporter, projects["landing"].pk, write=True)


def test_fund_entry_and_obstacle_helpers_follow_the_project(projects, reporter, other_reporter, county):
    entry = FundEntryFactory(project=projects["own"])
    obstacle = ObstacleFactory(project=projects["own"])
    assert get_fund_entry_for_user(reporter, entry.pk, write=True) == entry
    assert get_obstacle_for_user(reporter, obstacle.pk, write=True) == obstacle
    with pytest.raises(Http404):
        get_fund_entry_for_user(other_reporter, entry.pk)
    with pytest.raises(Http404):
        get_obstacle_for_user(other_reporter, obstacle.pk)


def test_a_responsible_department_sees_and_handles_obstacles_assigned_to_it(projects, county):
    from zhaoshang.accounts.factories import user_with_role
    from zhaoshang.accounts.models import Role

    clerk = user_with_role(Role.REPORTER, county.department)
    obstacle = ObstacleFactory(project=projects["own"], responsible_unit=county.department)
    assert get_obstacle_for_user(clerk, obstacle.pk, write=True) == obstacle
    with pytest.raises(Http404):
        get_project_for_user(clerk, projects["own"].pk)


def test_credited_to_includes_the_units_subtree(projects, county):
    team = UnitFactory(parent=county.township, name="城关镇驻深圳招商组")
    ProjectFactory(name="小分队项目", introducing_unit=team)
    assert names(Project.objects.credited_to(county.township)) == {"新能电池生产基地", "联合引进", "小分队项目"}
    assert names(Project.objects.credited_to(team)) == {"小分队项目"}


def test_in_stage_filters_on_the_current_stage(county):
    ProjectFactory(name="已开工", introducing_unit=county.township, stage=Stage.STARTED)
    ProjectFactory(name="洽谈中", introducing_unit=county.township, stage=Stage.NEGOTIATING)
    assert names(Project.objects.in_stage(Stage.STARTED, Stage.PRODUCING)) == {"已开工"}


def test_visible_project_list_runs_a_fixed_number_of_queries(projects, reporter, django_assert_max_num_queries):
    for _i in range(5):
        ProjectFactory(introducing_unit=projects["own"].introducing_unit)
    # The roles, the counties they lie in and the persons the login is, then the rows.
    with django_assert_max_num_queries(4):
        rows = list(Project.objects.visible_to(reporter).select_related("introducing_unit", "investor"))
    assert len(rows) == 8
