"""Who may open the 待办 page, decide on funds from it, and read notifications.
A notification is its recipient's alone: anyone else gets 404."""

from types import SimpleNamespace

import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case
from zhaoshang.projects.factories import EvidenceFactory, FundEntryFactory, ProjectFactory
from zhaoshang.todo.models import Notification, NotificationKind

LOGIN = 302
EVERYONE = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
EVERYONE_REDIRECTED = dict.fromkeys(EVERYONE, 302)
# Only a unit head decides on the 待办 page (the bureau verifies on 待核实).
UNIT_HEAD = {"anonymous": LOGIN, "reporter": 403, "other_reporter": 403, "unit_head": 302, "leader": 403, "bureau_user": 403, "admin_user": 403}

CASES = [
    Case("home", EVERYONE),
    Case("todo:nav_counts", EVERYONE),
    Case("todo:funds_decide", UNIT_HEAD, method="post", data=lambda w: {"entries": [w.entry.pk], "decision": "approve"}),
    Case("todo:funds_decide", {"anonymous": LOGIN, "unit_head": 405}),
    Case("todo:notification_list", EVERYONE),
    Case(
        "todo:notification_open",
        {"anonymous": LOGIN, "reporter": 302, "other_reporter": 404, "unit_head": 404, "leader": 404, "bureau_user": 404, "admin_user": 404},
        args=lambda w: [w.notification.pk],
        method="post",
    ),
    Case("todo:notification_open", {"anonymous": LOGIN, "reporter": 405}, args=lambda w: [w.notification.pk]),
    Case("todo:notification_read_all", EVERYONE_REDIRECTED, method="post"),
    Case("todo:notification_read_all", {"anonymous": LOGIN, "reporter": 405}),
]


@pytest.fixture
def world(county, reporter):
    entry = FundEntryFactory(project=ProjectFactory(introducing_unit=county.township), reported_by=reporter)
    EvidenceFactory(project=entry.project, fund_entry=entry)
    notification = Notification.objects.create(
        recipient=reporter, kind=NotificationKind.FUNDS_RETURNED, text="退回", link=f"/projects/{entry.project_id}/"
    )
    return SimpleNamespace(entry=entry, notification=notification)


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
