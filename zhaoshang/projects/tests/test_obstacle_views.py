"""Obstacles through the screens: add, change status, the board with overdue ones
highlighted."""

from datetime import timedelta

from django.urls import reverse

from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.organisation.models import LeaderBody
from zhaoshang.projects.factories import ObstacleFactory
from zhaoshang.projects.models import Obstacle, ObstacleStatus


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_reporter_adds_an_obstacle_for_a_department(project, reporter, client_for, county, days_ago):
    response = client_for(reporter).post(
        reverse("projects:obstacle_add", args=[project.pk]),
        {"category": "land_approval", "responsible_unit": county.department.pk, "deadline": "2030-06-30", "description": "用地指标未落实"},
    )
    assert response.status_code == 302
    obstacle = Obstacle.objects.get()
    assert (obstacle.responsible_unit, obstacle.raised_by, obstacle.status) == (county.department, reporter, ObstacleStatus.OPEN)


def test_status_goes_open_in_progress_resolved_with_a_note(project, reporter, client_for):
    obstacle = ObstacleFactory(project=project)
    client = client_for(reporter)
    url = reverse("projects:obstacle_status", args=[obstacle.pk])
    client.post(url, {"status": "in_progress", "version": 1})
    response = client.post(url, {"status": "resolved", "note": "", "version": 2}, follow=True)
    assert any("销号须填写办理情况" in m for m in _messages(response))
    client.post(url, {"status": "resolved", "note": "县自然资源局已调剂指标", "version": 2})
    obstacle.refresh_from_db()
    assert obstacle.status == ObstacleStatus.RESOLVED
    assert obstacle.notes.get().text == "县自然资源局已调剂指标"
    assert obstacle.resolved_at is not None


def test_escalation_names_a_leader(project, reporter, client_for, county):
    leader = PersonFactory(name="王县长", post="县长", unit=county.root, leader_body=LeaderBody.GOVERNMENT)
    obstacle = ObstacleFactory(project=project)
    page = client_for(reporter).get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert "王县长" in page
    client_for(reporter).post(
        reverse("projects:obstacle_status", args=[obstacle.pk]),
        {"status": "escalated", "note": "需协调供电部门", "escalated_to": leader.pk, "version": obstacle.version},
    )
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.escalated_to) == (ObstacleStatus.ESCALATED, leader)


def test_a_resolved_obstacle_cannot_be_reopened(project, reporter, client_for):
    obstacle = ObstacleFactory(project=project, status=ObstacleStatus.RESOLVED)
    response = client_for(reporter).post(
        reverse("projects:obstacle_status", args=[obstacle.pk]), {"status": "in_progress", "version": 1}, follow=True
    )
    assert any("问题状态不能从「已销号」改为「办理中」" in m for m in _messages(response))


def test_other_township_cannot_see_or_change_the_obstacle(project, other_reporter, client_for):
    obstacle = ObstacleFactory(project=project)
    response = client_for(other_reporter).post(reverse("projects:obstacle_status", args=[obstacle.pk]), {"status": "in_progress"})
    assert response.status_code == 404
    board = client_for(other_reporter).get(reverse("projects:obstacle_board")).context["page"]
    assert list(board) == []


def test_overdue_obstacles_are_highlighted_on_the_board_and_the_section(project, reporter, client_for, days_ago, today):
    overdue = ObstacleFactory(project=project, deadline=days_ago(3), description="逾期未办的问题")
    ObstacleFactory(project=project, deadline=today + timedelta(days=10), description="尚在时限内")
    ObstacleFactory(project=project, deadline=days_ago(3), status=ObstacleStatus.RESOLVED, description="已销号的旧问题")
    client = client_for(reporter)
    for url in (reverse("projects:obstacle_board"), reverse("projects:project_detail", args=[project.pk])):
        html = client.get(url).content.decode()
        rows = html.split("<tr")
        highlighted = [r for r in rows if "table-danger overdue" in r]
        assert len(highlighted) == 1, url
        assert overdue.description in highlighted[0]


def test_board_filters_overdue_only_and_by_category(project, reporter, client_for, days_ago, today):
    overdue = ObstacleFactory(project=project, deadline=days_ago(1), category="funds")
    ObstacleFactory(project=project, deadline=today + timedelta(days=5), category="labour")
    client = client_for(reporter)
    assert [o.pk for o in client.get(reverse("projects:obstacle_board"), {"overdue": "on"}).context["page"]] == [overdue.pk]
    assert [o.pk for o in client.get(reverse("projects:obstacle_board"), {"category": "funds"}).context["page"]] == [overdue.pk]


def test_board_export_has_the_filtered_rows(project, bureau_user, client_for, days_ago):
    from io import BytesIO

    from openpyxl import load_workbook

    ObstacleFactory(project=project, deadline=days_ago(1))
    ObstacleFactory(project=project, status=ObstacleStatus.RESOLVED)
    response = client_for(bureau_user).get(reverse("projects:obstacle_export"), {"status": "unresolved"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][6] == "是"


def test_board_query_count_does_not_grow_with_rows(project, bureau_user, client_for, django_assert_max_num_queries):
    for _ in range(8):
        ObstacleFactory(project=project)
    client = client_for(bureau_user)
    with django_assert_max_num_queries(10):
        client.get(reverse("projects:obstacle_board"))


def test_adding_and_working_an_obstacle_return_to_the_obstacles_section(project, reporter, client_for, county, days_ago):
    client = client_for(reporter)
    section = reverse("projects:project_detail", args=[project.pk]) + "#obstacles"
    response = client.post(
        reverse("projects:obstacle_add", args=[project.pk]),
        {"category": "land_approval", "responsible_unit": county.township.pk, "deadline": "2030-01-01", "description": "用地指标不足"},
    )
    assert response.url == section
    obstacle = Obstacle.objects.get(project=project)
    # The project page's row sends where it came from; other forms land on the obstacle's page.
    response = client.post(reverse("projects:obstacle_status", args=[obstacle.pk]), {"status": "in_progress", "version": 1, "next": section})
    assert response.url == section
    assert client.get(f"/projects/{project.pk}/obstacles/").status_code == 404
