from datetime import datetime

import pytest
from django.utils import timezone

from zhaoshang.cases import actions
from zhaoshang.cases.models import CaseType, Channel
from zhaoshang.timelimits.models import CalendarDay, Policy
from zhaoshang.timelimits.seeding import seed_calendar, seed_policies


@pytest.fixture(autouse=True)
def seeded(db):
    """The policies and calendar of the data migration (a browser test's flush empties them)."""
    seed_policies(Policy)
    seed_calendar(CalendarDay)


def at(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def receive(county, reporter):
    """receive(...) → a case of 城关镇 received by its reporter (any field may be given)."""

    def receive(now=None, user=None, **fields):
        data = {
            "title": "用电报装迟缓",
            "channel": Channel.PHONE,
            "case_type": CaseType.CONSULT,
            "urgency": "normal",
            "foreign": False,
            "uscc": "",
            "investor_name": "宏达电子有限公司",
            "project": None,
            "contact": "李经理 13800000000",
            "description": "新厂房用电报装两个月未接通",
            "unit": county.township,
            **fields,
        }
        return actions.do_receive_case(data, user or reporter, now=now)

    return receive
