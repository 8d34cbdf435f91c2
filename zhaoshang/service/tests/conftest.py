"""A small fixed data set for the service figures; every expected figure in
test_figures.py is worked out by hand from this table, never by the engine.

Service items (2024, across the National Day holiday 10-01…10-07; 09-29 Sunday and
10-12 Saturday are make-up working days):

| item | unit | accepted | committed / statutory | finished | due (committed) | used | on time | saved |
|---|---|---|---|---|---|---|---|---|
| I1 | 城关镇 | 09-27 Fri | 5 / 20 | 10-09 | 10-10 | 4 (09-29, 09-30, 10-08, 10-09) | yes | 16 |
| I2 | 城关镇 | 10-08 | 3 / 10 | 10-14 | 10-11 | 5 (10-09…10-12, 10-14) | no | 5 |
| I3 | 县经信局 | 10-08 | 2 / 5 | 10-10 | 10-10 | 2 | yes | 3 |
| I4 | 河口镇 | 10-09 | 1 / 3 | — | 10-10 | — | — | — |
| I5 | 城关镇 | 11-01 Fri | 2 / 4 | 11-05 | 11-05 | 2 | yes | 2 |

Commitments (due in 2024):

| c | unit | due | state | fulfilled |
|---|---|---|---|---|
| C1 | 城关镇 | 06-30 | 已兑现 | 06-20 |
| C2 | 城关镇 | 09-30 | 已兑现 | 11-10 |
| C3 | 城关镇 | 08-31 | 依法不能兑现 | — |
| C4 | 县经信局 | 10-15 | 逾期 | — |
| C5 | 县经信局 | 12-31 | 应兑现 | — |
| C6 | 河口镇 | 05-01 | 未到条件 | — |
"""

from dataclasses import dataclass
from datetime import date

import pytest

from zhaoshang.service.actions import do_create_service_item
from zhaoshang.service.factories import CommitmentFactory
from zhaoshang.service.models import CommitmentStatus, ServiceItem
from zhaoshang.timelimits.calendar import WorkingCalendar
from zhaoshang.timelimits.models import CalendarDay, Policy
from zhaoshang.timelimits.seeding import seed_calendar, seed_policies


@pytest.fixture(autouse=True)
def seeded(db):
    """The calendar the data migration wrote (a browser test's flush empties it)."""
    seed_policies(Policy)
    seed_calendar(CalendarDay)


@dataclass
class Ledger:
    items: dict[str, ServiceItem]
    commitments: dict


def item(user, unit, number, accepted, committed, statutory, finished=None):
    data = {
        "name": "建设工程规划许可",
        "applicant": f"{number}公司",
        "accepted_on": accepted,
        "committed_days": committed,
        "statutory_days": statutory,
        "finished_on": finished,
    }
    return do_create_service_item(unit, number, data, user, WorkingCalendar())


@pytest.fixture
def ledger(county, bureau_user):
    c = county
    items = {
        "I1": item(bureau_user, c.township, "I1", date(2024, 9, 27), 5, 20, date(2024, 10, 9)),
        "I2": item(bureau_user, c.township, "I2", date(2024, 10, 8), 3, 10, date(2024, 10, 14)),
        "I3": item(bureau_user, c.department, "I3", date(2024, 10, 8), 2, 5, date(2024, 10, 10)),
        "I4": item(bureau_user, c.other_township, "I4", date(2024, 10, 9), 1, 3),
        "I5": item(bureau_user, c.township, "I5", date(2024, 11, 1), 2, 4, date(2024, 11, 5)),
    }
    S = CommitmentStatus
    rows = {
        "C1": (c.township, date(2024, 6, 30), S.FULFILLED, date(2024, 6, 20)),
        "C2": (c.township, date(2024, 9, 30), S.FULFILLED, date(2024, 11, 10)),
        "C3": (c.township, date(2024, 8, 31), S.IMPOSSIBLE, None),
        "C4": (c.department, date(2024, 10, 15), S.OVERDUE, None),
        "C5": (c.department, date(2024, 12, 31), S.DUE, None),
        "C6": (c.other_township, date(2024, 5, 1), S.NOT_YET, None),
    }
    commitments = {
        key: CommitmentFactory(unit=unit, due_on=due, status=status, fulfilled_on=done, created_by=bureau_user)
        for key, (unit, due, status, done) in rows.items()
    }
    return Ledger(items, commitments)
