"""The import at scale (issue 13): its queries do not grow with its rows, the
figure cache is bumped once per county at commit, and it runs in the background
with a progress bar polled by htmx."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhaoshang.metrics.freshness import EVERYWHERE
from zhaoshang.metrics.models import DataVersion
from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.organisation.models import LeaderBody
from zhaoshang.projects import importing
from zhaoshang.projects.factories import InvestorFactory, ProjectFactory, make_uscc
from zhaoshang.projects.models import DuplicateStatus, ImportLog, ImportStatus, Investor, Project, ProjectCredit, StageEvent
from zhaoshang.todo.models import Notification

from .test_imports import confirm, project_row, upload, xlsx


def rows(count: int) -> list[dict]:
    """Rows of every kind: a new investor with a USCC, one already in 客商库, none;
    a credit split and a leader on some."""
    made = []
    for n in range(count):
        kind = n % 3
        made.append(
            project_row(
                name=f"项目{n}",
                investor_name=("新客商{n}有限公司" if kind == 0 else "老客商有限公司" if kind == 1 else "").format(n=n),
                uscc=make_uscc(1000 + n) if kind == 0 else "",
                credits="城关镇:60;河口镇:40" if n % 4 == 0 else "",
                responsible_leader="张建国" if n % 5 == 0 else "",
            )
        )
    return made


@pytest.fixture(autouse=True)
def named(county):
    """The investor and the leader the rows name."""
    InvestorFactory(name="老客商有限公司")
    PersonFactory(name="张建国", post="副县长", unit=county.root, leader_body=LeaderBody.GOVERNMENT)


def queries(client, count: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as preview:
        log = upload(client, "projects", xlsx(importing.PROJECT_HEADERS, rows(count)))
    assert log.status == ImportStatus.PREVIEWED, log.errors
    with CaptureQueriesContext(connection) as written:
        confirm(client, log)
    log.refresh_from_db()
    assert (log.status, log.created_count) == (ImportStatus.IMPORTED, count), log.errors
    return len(preview), len(written)


def test_the_imports_queries_do_not_grow_with_its_rows(county, reporter, client_for):
    client = client_for(reporter)
    queries(client, 2)  # what happens once (the county's version row, caches)
    small = queries(client, 10)
    # 20 rows: one INSERT per table still (SQLite takes 999 values a statement).
    large = queries(client, 20)
    assert large == small
    assert Project.objects.count() == 2 + 10 + 20 and StageEvent.objects.count() == 32
    assert ProjectCredit.objects.filter(share_bp=6000).count() == 1 + 3 + 5


def test_rows_held_as_duplicates_do_not_add_queries_either(county, reporter, bureau_user, client_for):
    """A third of the rows name 老客商, whose projects of the same names 河口镇
    already has: each is held as a suspected duplicate and the bureau told."""
    old = Investor.objects.get(name="老客商有限公司")
    for n in range(1, 60, 3):
        ProjectFactory(name=f"项目{n}", investor=old, introducing_unit=county.other_township)
    client = client_for(reporter)
    queries(client, 2)
    small = queries(client, 20)
    large = queries(client, 60)
    assert large == small
    held = Project.objects.filter(duplicate_status=DuplicateStatus.SUSPECTED, introducing_unit=county.township)
    assert held.count() == 1 + 7 + 20
    assert Notification.objects.filter(recipient=bureau_user).count() == 28


def test_the_figure_cache_is_bumped_once_for_the_county_at_commit(county, reporter, client_for):
    client = client_for(reporter)
    log = upload(client, "projects", xlsx(importing.PROJECT_HEADERS, rows(12)))

    def version(root: str) -> int:
        return DataVersion.objects.filter(root=root).values_list("number", flat=True).first() or 0

    before = version(county.root.path), version(EVERYWHERE)
    confirm(client, log)
    assert Project.objects.count() == 12
    assert (version(county.root.path), version(EVERYWHERE)) == (before[0] + 1, before[1])


def test_history_is_kept_for_every_imported_record(county, reporter, client_for):
    client = client_for(reporter)
    confirm(client, upload(client, "projects", xlsx(importing.PROJECT_HEADERS, rows(3))))
    project = Project.objects.get(name="项目0")
    created = project.history.get()
    assert (created.history_type, created.history_user, created.name) == ("+", reporter, "项目0")
    assert project.investor.history.get().history_user == reporter
    assert project.events.get().history.get().history_user == reporter


def test_imported_projects_are_written_with_their_county_and_their_history_rows(county, reporter, client_for):
    """The county is written with each row (rather than filled by an UPDATE of
    every new row after), and the history rows, whose columns bulk.py puts in its
    own order, hold the right values."""
    client = client_for(reporter)
    confirm(client, upload(client, "projects", xlsx(importing.PROJECT_HEADERS, rows(3))))
    assert set(Project.objects.values_list("county_id", flat=True)) == {county.root.pk}
    project = Project.objects.get(name="项目1")
    created = project.history.get()
    assert (created.history_type, created.history_change_reason, created.history_user) == ("+", "", reporter)
    assert (created.id, created.introducing_unit, created.created_at) == (project.pk, project.introducing_unit, project.created_at)


def test_the_preview_page_polls_the_running_task_and_reloads_when_done(county, reporter, client_for):
    client = client_for(reporter)
    log = ImportLog.objects.create(
        kind="projects", user=reporter, file_name="大文件.xlsx", status=ImportStatus.CHECKING, progress=40, progress_message="已读取 8000 行"
    )
    url = reverse("projects:import_preview", args=[log.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page and "已读取 8000 行" in page and "40%" in page
    assert "确认导入" not in page
    partial = client.get(url, headers={"HX-Request": "true"})
    assert 'id="import-progress"' in partial.content.decode() and "<html" not in partial.content.decode()
    ImportLog.objects.filter(pk=log.pk).update(status=ImportStatus.FAILED)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"


def test_nothing_is_checked_inside_the_upload_request(county, reporter, client_for, django_capture_on_commit_callbacks):
    client = client_for(reporter)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("projects:import_upload", args=["projects"]), {"file": xlsx(importing.PROJECT_HEADERS, rows(2))})
    log = ImportLog.objects.get()
    assert (log.status, log.row_count, log.preview) == (ImportStatus.CHECKING, 0, [])
    assert len(callbacks) == 1  # the preview task, queued once the upload is committed


def test_a_stalled_import_is_failed_in_chinese(county, reporter, client_for, settings):
    from datetime import timedelta

    from django.utils import timezone

    long_ago = timezone.now() - timedelta(seconds=settings.TASK_STALL_SECONDS + 60)
    log = ImportLog.objects.create(kind="projects", user=reporter, file_name="a.xlsx", status=ImportStatus.IMPORTING, heartbeat_at=long_ago)
    client_for(reporter).get(reverse("projects:import_preview", args=[log.pk]))
    log.refresh_from_db()
    assert log.status == ImportStatus.FAILED and log.errors[0].startswith("后台任务进程已中断")
