"""The background task (immediate backend, see conftest): requesting a circular
queues it once committed, the task moves it to done with its files, and a failure
leaves a Chinese message on the row."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document

from zhaoshang.reports import actions, circular
from zhaoshang.reports.factories import CircularFactory
from zhaoshang.reports.models import Circular, CircularStatus

from .conftest import MONTH, YEAR


def request(world, user, django_capture_on_commit_callbacks) -> Circular:
    with django_capture_on_commit_callbacks(execute=True):
        made = actions.do_request_circular(world.root, YEAR, MONTH, user)
    made.refresh_from_db()
    return made


def test_the_task_generates_both_files_and_finishes(world, bureau_user, django_capture_on_commit_callbacks):
    made = request(world, bureau_user, django_capture_on_commit_callbacks)
    assert (made.status, made.progress, made.progress_message) == (CircularStatus.DONE, 100, "已完成")
    assert made.finished_at is not None and made.task_id
    with made.docx_file.open("rb") as handle:
        assert "关于2026年1-10月全县招商引资工作情况的通报" in [p.text for p in Document(io.BytesIO(handle.read())).paragraphs]
    assert made.xlsx_file.size > 0
    # History tells the story: queued → running → done, on behalf of the requester.
    statuses = list(made.history.order_by("history_id").values_list("status", "history_user"))
    assert statuses == [("queued", bureau_user.pk), ("running", bureau_user.pk), ("done", bureau_user.pk)]


def test_nothing_runs_before_the_request_is_committed(world, bureau_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        made = actions.do_request_circular(world.root, YEAR, MONTH, bureau_user)
    made.refresh_from_db()
    assert (made.status, made.progress, len(callbacks)) == (CircularStatus.QUEUED, 0, 1)


def test_regenerating_adds_a_version_and_keeps_the_old_one(world, bureau_user, django_capture_on_commit_callbacks):
    first = request(world, bureau_user, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        second = actions.do_regenerate_circular(first, bureau_user)
    second.refresh_from_db()
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.status == second.status == CircularStatus.DONE
    assert first.docx_file.name != second.docx_file.name


def test_a_storage_failure_marks_the_circular_failed_in_chinese(world, bureau_user, settings, tmp_path, django_capture_on_commit_callbacks):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"  # a folder cannot be made inside a file
    made = request(world, bureau_user, django_capture_on_commit_callbacks)
    assert made.status == CircularStatus.FAILED
    assert made.error == actions.STORAGE_ERROR
    assert "存储目录" in made.error and made.finished_at is not None
    assert not made.docx_file


def test_a_month_not_over_fails_with_its_reason(world, bureau_user):
    queued = CircularFactory(jurisdiction=world.root, year=2099, month=1, requested_by=bureau_user)
    with pytest.raises(circular.CircularError):
        actions.do_run_circular(queued)
    queued.refresh_from_db()
    assert queued.status == CircularStatus.FAILED
    assert queued.error == "2099年1月尚未结束，只能为已结束的月份生成通报"


def test_only_the_bureau_requests_circulars(world, leader, reporter):
    for user in (leader, reporter):
        with pytest.raises(PermissionDenied):
            actions.do_request_circular(world.root, YEAR, MONTH, user)
    assert not Circular.objects.exists()


def test_a_future_month_is_refused_at_request(world, bureau_user):
    with pytest.raises(circular.CircularError):
        actions.do_request_circular(world.root, date.today().year + 1, 1, bureau_user)
