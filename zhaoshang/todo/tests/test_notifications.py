"""Changes that concern someone become notifications, in the same transaction as
the change; the 通知 page lists them and marks them read; e-mail is optional."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts.factories import user_with_role
from zhaoshang.accounts.models import Role
from zhaoshang.organisation.models import Person
from zhaoshang.projects import actions
from zhaoshang.projects.factories import EvidenceFactory, FundEntryFactory, ObstacleFactory, ProjectFactory
from zhaoshang.projects.models import FundStatus, Obstacle, ObstacleCategory, ObstacleStatus
from zhaoshang.todo.actions import do_notify
from zhaoshang.todo.models import Notification, NotificationKind


@pytest.fixture
def project(county):
    return ProjectFactory(introducing_unit=county.township, name="城关镇纺织项目")


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_the_reporter_is_told_when_the_bureau_verifies(bureau_user, reporter, project):
    entry = FundEntryFactory(project=project, reported_by=reporter, status=FundStatus.UNIT_APPROVED)
    EvidenceFactory(project=project, fund_entry=entry)

    actions.do_verify_funds(entry, bureau_user)

    notification = Notification.objects.get(recipient=reporter)
    assert notification.kind == NotificationKind.FUNDS_VERIFIED
    assert "「城关镇纺织项目」" in notification.text
    assert notification.link == reverse("projects:project_detail", args=[project.pk]) + "#funds"


def test_nobody_is_told_about_their_own_change(bureau_user, project):
    entry = FundEntryFactory(project=project, reported_by=bureau_user)

    actions.do_return_funds(entry, "填错金额，自行退回", bureau_user)

    assert kinds(bureau_user) == []


def test_a_department_is_told_when_an_obstacle_is_assigned_to_it(county, reporter, project):
    department_reporter = user_with_role(Role.REPORTER, county.department, username="jingxin")
    department_head = user_with_role(Role.UNIT_HEAD, county.department, username="jingxin_head")
    other = user_with_role(Role.REPORTER, county.other_township, username="hekou")

    actions.do_add_obstacle(
        project,
        {
            "category": ObstacleCategory.UTILITIES,
            "description": "供电线路未接入",
            "responsible_unit": county.department,
            "deadline": timezone.localdate() + timedelta(days=10),
        },
        reporter,
    )

    assert kinds(department_reporter) == kinds(department_head) == [NotificationKind.OBSTACLE_ASSIGNED]
    obstacle = Obstacle.objects.get()
    assert Notification.objects.filter(recipient=department_reporter).get().link == reverse("projects:obstacle_detail", args=[obstacle.pk])
    assert kinds(other) == []


def test_the_leader_is_told_when_an_obstacle_is_escalated_to_him(leader, reporter, project):
    obstacle = ObstacleFactory(project=project)

    actions.do_update_obstacle_status(obstacle, ObstacleStatus.ESCALATED, reporter, note="需县领导协调", escalated_to=Person.objects.get(user=leader))

    assert kinds(leader) == [NotificationKind.OBSTACLE_ESCALATED]


def test_the_bureau_is_told_of_a_suspected_duplicate(county, bureau_user, reporter, other_reporter, project):
    data = {"name": "城关镇纺织项目", "category": "industry", "introducing_unit": county.other_township, "investor": project.investor}

    actions.do_create_project(data, None, other_reporter)

    assert kinds(bureau_user) == [NotificationKind.DUPLICATE_FLAGGED]


def test_a_refused_change_leaves_no_notification(unit_head, reporter, project):
    entries = [FundEntryFactory(project=project, reported_by=reporter) for _ in range(2)]
    EvidenceFactory(project=project, fund_entry=entries[0])

    with pytest.raises(ValidationError):
        actions.do_approve_funds_bulk(entries, unit_head)

    assert Notification.objects.count() == 0


def test_the_notification_page_marks_read_and_goes_to_the_link(client_for, reporter, project):
    link = reverse("projects:project_detail", args=[project.pk]) + "#funds"
    notification = do_notify([reporter], NotificationKind.FUNDS_APPROVED, "已审核", link)[0]
    client = client_for(reporter)
    assert 'id="nav-unread-count" data-count="1"' in client.get(reverse("todo:nav_counts")).content.decode()

    response = client.post(reverse("todo:notification_open", args=[notification.pk]))

    assert response["Location"] == link
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'id="nav-unread-count" data-count="0"' in client.get(reverse("todo:nav_counts")).content.decode()


def test_a_link_to_another_site_is_not_followed(client_for, reporter):
    notification = do_notify([reporter], NotificationKind.FUNDS_APPROVED, "已审核", "https://evil.example/")[0]

    response = client_for(reporter).post(reverse("todo:notification_open", args=[notification.pk]))

    assert response["Location"] == reverse("todo:notification_list")


def test_mark_all_read_touches_only_my_notifications(client_for, reporter, other_reporter):
    do_notify([reporter, reporter, other_reporter], NotificationKind.FUNDS_APPROVED, "已审核", "/")
    do_notify([reporter], NotificationKind.FUNDS_VERIFIED, "已核实", "/")

    client_for(reporter).post(reverse("todo:notification_read_all"))

    assert Notification.objects.unread().filter(recipient=reporter).count() == 0
    assert Notification.objects.unread().filter(recipient=other_reporter).count() == 1


def test_no_email_is_sent_unless_switched_on(settings, reporter, django_capture_on_commit_callbacks):
    settings.NOTIFY_BY_EMAIL = False
    reporter.email = "chengguan@example.cn"
    reporter.save()

    with django_capture_on_commit_callbacks(execute=True):
        do_notify([reporter], NotificationKind.FUNDS_APPROVED, "已审核", "/projects/1/")

    assert mail.outbox == []


def test_with_email_on_the_copy_goes_out_after_the_commit(settings, reporter, other_reporter, django_capture_on_commit_callbacks):
    settings.NOTIFY_BY_EMAIL = True
    settings.SITE_URL = "https://zs.example.cn"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    reporter.email = "chengguan@example.cn"
    reporter.save()

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            do_notify([reporter, other_reporter], NotificationKind.FUNDS_RETURNED, "被退回：缺少盖章", "/projects/1/")
            assert mail.outbox == []

    assert [message.to for message in mail.outbox] == [["chengguan@example.cn"]]
    assert "https://zs.example.cn/projects/1/" in mail.outbox[0].body
    assert "到位资金退回" in mail.outbox[0].subject
