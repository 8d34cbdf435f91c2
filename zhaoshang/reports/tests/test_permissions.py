"""Who may open each circular URL. The bureau and the admin generate; leaders read
everything; the units of the county read the issued circulars (done) only, as the
circular is sent to every unit; nobody outside the county sees them (404)."""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile

from zhaoshang.core import testing
from zhaoshang.core.testing import Case
from zhaoshang.reports.factories import CircularFactory
from zhaoshang.reports.models import Circular, CircularStatus

LOGIN = 302
EVERYONE = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
# The bureau's alone: leaders read but never write, units only read.
BUREAU_PAGE = {"anonymous": LOGIN, "reporter": 403, "unit_head": 403, "leader": 403, "bureau_user": 200, "admin_user": 200}
BUREAU_POST = {**BUREAU_PAGE, "bureau_user": 302, "admin_user": 302}
# A circular still being generated is not issued: units do not see it.
UNISSUED = {"anonymous": LOGIN, "reporter": 404, "other_reporter": 404, "leader": 200, "bureau_user": 200, "admin_user": 200}


@dataclass
class World:
    root: object
    issued: Circular
    queued: Circular
    failed: Circular


@pytest.fixture
def world(county, bureau_user) -> World:
    issued = CircularFactory(jurisdiction=county.root, status=CircularStatus.DONE, progress=100, requested_by=bureau_user)
    issued.docx_file.save("2026-10.docx", ContentFile(b"docx"), save=False)
    issued.xlsx_file.save("2026-10.xlsx", ContentFile(b"xlsx"), save=True)
    queued = CircularFactory(jurisdiction=county.root, month=9, requested_by=bureau_user)
    failed = CircularFactory(jurisdiction=county.root, month=8, status=CircularStatus.FAILED, requested_by=bureau_user)
    return World(county.root, issued, queued, failed)


def issued(w) -> list:
    return [w.issued.pk]


CASES = [
    Case("reports:circular_list", EVERYONE),
    Case("reports:circular_export", EVERYONE),
    Case("reports:circular_create", BUREAU_PAGE),
    Case("reports:circular_create", BUREAU_POST, method="post", data=lambda w: {"jurisdiction": w.root.pk, "month": "2026-10"}),
    Case("reports:circular_detail", EVERYONE, args=issued),
    Case("reports:circular_detail", UNISSUED, args=lambda w: [w.queued.pk]),
    Case("reports:circular_regenerate", {"anonymous": LOGIN, "bureau_user": 405}, args=issued),
    Case("reports:circular_regenerate", {**BUREAU_POST, "other_reporter": 403}, args=issued, method="post"),
    Case("reports:circular_retry", {"anonymous": LOGIN, "bureau_user": 405}, args=lambda w: [w.failed.pk]),
    # A failed circular was never issued: units do not see it at all.
    Case("reports:circular_retry", {**UNISSUED, "leader": 403, "bureau_user": 302, "admin_user": 302}, args=lambda w: [w.failed.pk], method="post"),
    Case("reports:circular_download", EVERYONE, args=lambda w: [w.issued.pk, "docx"]),
    Case("reports:circular_download", EVERYONE, args=lambda w: [w.issued.pk, "xlsx"]),
    Case("reports:circular_download", {**UNISSUED, "leader": 404, "bureau_user": 404, "admin_user": 404}, args=lambda w: [w.queued.pk, "docx"]),
]


@pytest.fixture(autouse=True)
def _tasks_wait(settings):
    # The generation POST only queues: the task never runs inside these tests.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
