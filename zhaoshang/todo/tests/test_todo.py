"""待办 per role: each item appears for the person who has to act, links to where
it is done, and leaves the list once done through the existing actions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts.factories import user_with_role
from zhaoshang.accounts.models import Role
from zhaoshang.organisation.models import Person
from zhaoshang.projects import actions
from zhaoshang.projects.factories import (
    EvidenceFactory,
    FundEntryFactory,
    ObstacleFactory,
    ProjectFactory,
    pdf_file,
    project_with_history,
)
from zhaoshang.projects.models import DuplicateStatus, FundStatus, ObstacleStatus, Stage
from zhaoshang.todo import registry

# The queries a request makes once for the project scope: the counties of the roles
# and the persons the login is (projects.models.scope_keys).
SCOPE = 2


def today():
    return timezone.localdate()


def keys(user) -> dict[str, int]:
    return {section.source.key: section.count for section in registry.sections(user, today()) if section.count}


@pytest.fixture
def township_project(county):
    return ProjectFactory(introducing_unit=county.township, name="城关镇纺织项目")


def test_home_is_the_todo_page_and_the_dashboard_is_in_the_menu(client_for, reporter):
    html = client_for(reporter).get(reverse("home")).content.decode()

    assert "我的待办" in html
    assert f'href="{reverse("dashboard")}"' in html


def test_the_unit_head_sees_reported_entries_of_the_own_unit_only(county, unit_head, reporter, township_project):
    FundEntryFactory(project=township_project, reported_by=reporter)
    FundEntryFactory(project=ProjectFactory(introducing_unit=county.other_township))

    assert keys(unit_head) == {"funds_to_approve": 1}


def test_the_bureau_sees_entries_to_verify_duplicates_and_overdue_obstacles(county, bureau_user, township_project):
    FundEntryFactory(project=township_project, status=FundStatus.UNIT_APPROVED)
    ProjectFactory(introducing_unit=county.other_township, duplicate_status=DuplicateStatus.SUSPECTED, duplicate_of=township_project)
    ObstacleFactory(project=township_project, deadline=today() - timedelta(days=3))
    ObstacleFactory(project=township_project, deadline=today() + timedelta(days=3))

    assert keys(bureau_user) == {"funds_to_verify": 1, "duplicates": 1, "overdue_obstacles": 1}


def test_a_returned_entry_shows_its_reason_and_leaves_once_resubmitted(client_for, reporter, unit_head, township_project):
    entry = FundEntryFactory(project=township_project, reported_by=reporter)
    actions.do_return_funds(entry, "金额与进账单不符", unit_head)

    html = client_for(reporter).get(reverse("home")).content.decode()
    assert "退回原因：金额与进账单不符" in html
    assert reverse("projects:fund_edit", args=[entry.pk]) in html

    entry.refresh_from_db()
    actions.do_update_fund_entry(entry, {"amount": 2_000_000}, entry.version, reporter)
    assert "funds_returned" not in keys(reporter)


def test_a_reporter_sees_planned_dates_passed_on_own_projects_only(county, reporter, township_project):
    township_project.planned_signed_on = today() - timedelta(days=1)
    township_project.save()
    ProjectFactory(introducing_unit=county.other_township, planned_signed_on=today() - timedelta(days=1))
    ProjectFactory(introducing_unit=county.township, planned_signed_on=today() + timedelta(days=1))

    assert keys(reporter) == {"planned_dates_passed": 1}


def test_a_project_late_for_several_stages_is_one_item(reporter, township_project):
    township_project.planned_signed_on = today() - timedelta(days=30)
    township_project.planned_started_on = today() - timedelta(days=1)
    township_project.save()

    assert keys(reporter) == {"planned_dates_passed": 1}


def test_a_signed_project_without_follow_up_is_due_until_followed_up(county, bureau_user, reporter):
    project = project_with_history(
        bureau_user,
        {Stage.LEAD: today() - timedelta(days=200), Stage.SIGNED: today() - timedelta(days=120)},
        introducing_unit=county.township,
    )
    assert keys(reporter) == {"follow_ups_due": 1}

    actions.do_record_follow_up(project, today(), "走访企业，协调用地", reporter)
    assert keys(reporter) == {}


def test_a_department_sees_obstacles_assigned_to_it_until_resolved(county, reporter, township_project):
    department_reporter = user_with_role(Role.REPORTER, county.department, username="jingxin")
    obstacle = ObstacleFactory(project=township_project, responsible_unit=county.department)

    assert keys(department_reporter) == {"assigned_obstacles": 1}
    # The township waits on the department, once the deadline passes.
    assert keys(reporter) == {}

    actions.do_update_obstacle_status(
        obstacle, ObstacleStatus.PROPOSED, department_reporter, note="已协调供电公司", evidence=pdf_file("接电证明.pdf")
    )
    assert keys(department_reporter) == {}


def test_a_reporter_sees_overdue_obstacles_that_other_units_hold(county, reporter, township_project):
    ObstacleFactory(project=township_project, responsible_unit=county.department, deadline=today() - timedelta(days=1))

    assert keys(reporter) == {"obstacles_due": 1}


def test_the_leader_sees_obstacles_escalated_to_him_and_his_projects_behind(county, leader, reporter, township_project):
    person = Person.objects.get(user=leader)
    obstacle = ObstacleFactory(project=township_project)
    actions.do_update_obstacle_status(obstacle, ObstacleStatus.ESCALATED, reporter, note="需县领导协调用地", escalated_to=person)
    ProjectFactory(introducing_unit=county.township, responsible_leader=person, planned_started_on=today() - timedelta(days=5))
    ProjectFactory(introducing_unit=county.township, planned_started_on=today() - timedelta(days=5))

    assert keys(leader) == {"escalated_obstacles": 1, "led_projects_behind": 1}


def test_the_navbar_fetches_the_count_after_the_page_loads(client_for, unit_head, reporter, township_project):
    FundEntryFactory(project=township_project, reported_by=reporter)
    FundEntryFactory(project=township_project, reported_by=reporter)
    client = client_for(unit_head)

    page = client.get(reverse("projects:project_list")).content.decode()
    badges = client.get(reverse("todo:nav_counts")).content.decode()

    assert f'hx-get="{reverse("todo:nav_counts")}"' in page
    assert 'id="nav-todo-count" data-count="2"' in badges
    assert 'id="nav-unread-count" data-count="0"' in badges


@pytest.mark.parametrize("persona", ["reporter", "unit_head", "leader", "bureau_user", "admin_user"])
def test_the_navbar_count_costs_one_query_per_source(persona, request, county, township_project, django_assert_max_num_queries):
    user = request.getfixturevalue(persona)
    for _ in range(3):
        FundEntryFactory(project=township_project)
        ObstacleFactory(project=township_project, deadline=today() - timedelta(days=1))
    user = type(user).objects.get(pk=user.pk)  # roles not yet cached, as in a new request
    sources = len(registry.sources_for(user))

    # Plus, once per request, the counties and persons of the project scope (projects.models.scope_keys).
    with django_assert_max_num_queries(sources + SCOPE):
        registry.count(user, today())


@pytest.mark.parametrize("persona", ["reporter", "unit_head", "leader", "bureau_user"])
def test_the_badges_take_one_query_per_source_and_one_for_notifications(persona, request, client_for, django_assert_max_num_queries):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    sources = len(registry.sources_for(user))

    # Session, user and roles, the project scope, then the counts.
    with django_assert_max_num_queries(3 + SCOPE + sources + 1):
        assert client.get(reverse("todo:nav_counts")).status_code == 200


@pytest.mark.parametrize("persona", ["reporter", "unit_head", "bureau_user"])
def test_the_todo_page_takes_the_same_queries_for_many_items(persona, request, county, township_project, client_for, django_assert_max_num_queries):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    for _ in range(15):
        entry = FundEntryFactory(project=ProjectFactory(introducing_unit=county.township))
        EvidenceFactory(project=entry.project, fund_entry=entry)
        ObstacleFactory(project=entry.project, deadline=today() - timedelta(days=1), responsible_unit=county.department)
    sources = len(registry.sources_for(user))

    # Session, user, roles, the project scope; per source a count and its items; the unread notifications.
    with django_assert_max_num_queries(3 + SCOPE + 2 * sources + 1):
        assert client.get(reverse("home")).status_code == 200


def test_a_departments_todo_item_opens_the_obstacles_page(client_for, county, township_project):
    department_reporter = user_with_role(Role.REPORTER, county.department, username="jingxin")
    obstacle = ObstacleFactory(project=township_project, responsible_unit=county.department)
    client = client_for(department_reporter)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("projects:obstacle_detail", args=[obstacle.pk])}"' in page
    assert client.get(reverse("projects:obstacle_detail", args=[obstacle.pk])).status_code == 200


def test_the_obstacle_form_does_not_send_anyone_to_another_site(client_for, reporter, township_project):
    obstacle = ObstacleFactory(project=township_project)

    response = client_for(reporter).post(
        reverse("projects:obstacle_status", args=[obstacle.pk]),
        {"status": ObstacleStatus.IN_PROGRESS, "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("projects:obstacle_detail", args=[obstacle.pk])


def test_editing_a_returned_entry_shows_its_date_as_a_date_input_can_read_it(client_for, reporter, township_project):
    entry = FundEntryFactory(project=township_project, status=FundStatus.RETURNED, date=today())

    html = client_for(reporter).get(reverse("projects:fund_edit", args=[entry.pk])).content.decode()

    assert f'value="{today():%Y-%m-%d}"' in html
