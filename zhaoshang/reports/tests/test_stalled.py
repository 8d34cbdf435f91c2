"""A circular whose worker died (no progress for TASK_STALL_SECONDS) is marked
failed with a Chinese message, and 重试 queues it again as the same version. The
clock is passed in: no test sleeps."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zhaoshang.reports import actions
from zhaoshang.reports.factories import CircularFactory
from zhaoshang.reports.models import Circular, CircularStatus

from .conftest import MONTH, YEAR

NOW = timezone.now()
STALL = timedelta(seconds=300)


@pytest.fixture(autouse=True)
def _stall_after_five_minutes(settings):
    settings.TASK_STALL_SECONDS = 300


def running(county, user, heartbeat) -> Circular:
    return CircularFactory(
        jurisdiction=county.root, year=YEAR, month=MONTH, status=CircularStatus.RUNNING, progress=30, heartbeat_at=heartbeat, requested_by=user
    )


def test_a_circular_silent_longer_than_the_limit_is_marked_failed(county, bureau_user):
    dead = running(county, bureau_user, NOW - STALL - timedelta(seconds=1))
    assert actions.do_fail_stalled_circulars(NOW) == 1
    dead.refresh_from_db()
    assert dead.status == CircularStatus.FAILED
    assert dead.error.startswith("任务进程已中断（超过5分钟没有进展）") and "重试" in dead.error
    assert dead.finished_at == NOW
    assert dead.history.latest("history_id").history_user == bureau_user


def test_a_circular_with_a_recent_heartbeat_keeps_running(county, bureau_user):
    alive = running(county, bureau_user, NOW - STALL + timedelta(seconds=1))
    assert actions.do_fail_stalled_circulars(NOW) == 0
    alive.refresh_from_db()
    assert (alive.status, alive.error) == (CircularStatus.RUNNING, "")


def test_queued_and_finished_circulars_are_never_stalled(county, bureau_user):
    long_ago = NOW - timedelta(days=30)
    for month, status in ((8, CircularStatus.QUEUED), (9, CircularStatus.DONE), (10, CircularStatus.FAILED)):
        CircularFactory(jurisdiction=county.root, month=month, status=status, heartbeat_at=long_ago, requested_by=bureau_user)
    assert actions.do_fail_stalled_circulars(NOW) == 0


def test_a_running_circular_from_before_heartbeats_counts_from_its_request(county, bureau_user):
    old = running(county, bureau_user, None)
    Circular.objects.filter(pk=old.pk).update(requested_at=NOW - STALL - timedelta(minutes=1))
    assert actions.do_fail_stalled_circulars(NOW) == 1


def test_generation_records_a_heartbeat_with_each_progress_report(world, bureau_user):
    queued = CircularFactory(jurisdiction=world.root, year=YEAR, month=MONTH, requested_by=bureau_user)
    before = timezone.now()
    actions.do_run_circular(queued)
    queued.refresh_from_db()
    assert queued.status == CircularStatus.DONE
    assert queued.heartbeat_at >= before
    # Every heartbeat is newer than the limit, so the finished run was never taken for dead.
    assert not Circular.objects.stalled(queued.heartbeat_at).exists()


def test_the_page_shows_a_dead_circular_as_failed_with_a_retry_button(county, bureau_user, client_for):
    dead = running(county, bureau_user, timezone.now() - STALL - timedelta(minutes=1))
    page = client_for(bureau_user).get(reverse("reports:circular_detail", args=[dead.pk])).content.decode()
    assert "生成失败" in page and "任务进程已中断" in page
    assert reverse("reports:circular_retry", args=[dead.pk]) in page and "重试" in page
    # No more polling: the page stops asking once the circular has finished.
    assert "every 1s" not in page


def test_the_archive_shows_a_dead_circular_as_failed(county, bureau_user, client_for):
    dead = running(county, bureau_user, timezone.now() - STALL - timedelta(minutes=1))
    client_for(bureau_user).get(reverse("reports:circular_list"))
    dead.refresh_from_db()
    assert dead.status == CircularStatus.FAILED


def test_leaders_see_the_failure_but_no_retry_button(county, bureau_user, leader, client_for):
    dead = running(county, bureau_user, timezone.now() - STALL - timedelta(minutes=1))
    page = client_for(leader).get(reverse("reports:circular_detail", args=[dead.pk])).content.decode()
    assert "任务进程已中断" in page
    assert reverse("reports:circular_retry", args=[dead.pk]) not in page


def test_retry_queues_the_same_version_again_and_generates_it(world, bureau_user, client_for, django_capture_on_commit_callbacks):
    dead = running(world, bureau_user, timezone.now() - STALL - timedelta(minutes=1))
    actions.do_fail_stalled_circulars(timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(bureau_user).post(reverse("reports:circular_retry", args=[dead.pk]))
    assert response.status_code == 302 and response.url == reverse("reports:circular_detail", args=[dead.pk])
    dead.refresh_from_db()
    assert (dead.status, dead.version, dead.error, dead.progress) == (CircularStatus.DONE, 1, "", 100)
    assert Circular.objects.count() == 1
    statuses = list(dead.history.order_by("history_id").values_list("status", flat=True))
    assert statuses == ["running", "failed", "queued", "running", "done"]


def test_retry_without_a_worker_leaves_it_queued(county, bureau_user, django_capture_on_commit_callbacks):
    failed = CircularFactory(jurisdiction=county.root, status=CircularStatus.FAILED, progress=30, error="旧错误", requested_by=bureau_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.do_retry_circular(failed, bureau_user)
    failed.refresh_from_db()
    assert (failed.status, failed.progress, failed.error, failed.finished_at, len(callbacks)) == (CircularStatus.QUEUED, 0, "", None, 1)


def test_only_a_failed_circular_can_be_retried(county, bureau_user, client_for):
    done = CircularFactory(jurisdiction=county.root, status=CircularStatus.DONE, progress=100, requested_by=bureau_user)
    with pytest.raises(ValidationError, match="只有生成失败的通报才能重试"):
        actions.do_retry_circular(done, bureau_user)
    response = client_for(bureau_user).post(reverse("reports:circular_retry", args=[done.pk]), follow=True)
    assert "只有生成失败的通报才能重试" in response.content.decode()
    done.refresh_from_db()
    assert done.status == CircularStatus.DONE


def test_only_the_bureau_retries(county, bureau_user, leader):
    failed = CircularFactory(jurisdiction=county.root, status=CircularStatus.FAILED, requested_by=bureau_user)
    with pytest.raises(PermissionDenied):
        actions.do_retry_circular(failed, leader)
    failed.refresh_from_db()
    assert failed.status == CircularStatus.FAILED
