from datetime import datetime

import pytest
from django.utils import timezone

from zhaoshang.cases import actions
from zhaoshang.cases.models import CaseType, Channel, Satisfaction
from zhaoshang.timelimits.models import CalendarDay, Policy
from zhaoshang.timelimits.engine.actions import policy_for
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


@pytest.fixture
def ten_cases(receive, reporter, bureau_user, county):
    """The fixed set of ten cases of 城关镇 the case figures are counted by hand on
    (metrics/tests/test_case_figures.py; the table is there); returns the fifth."""
    S = Satisfaction
    policy_for("consult")  # the defaults, as the data migration writes them

    def handled(close_at, visit=None, resolved=True, accept_at=at(2024, 11, 4, 11)):
        case = receive(now=at(2024, 11, 4, 10))
        actions.do_accept_case(case, reporter, now=accept_at)
        actions.do_close_case(case, "已协调供电公司接通", "供电公司回执", resolved, reporter, now=close_at)
        if visit is not None:
            satisfaction, is_default = visit
            actions.do_record_visit(case, satisfaction, bureau_user, is_default=is_default, now=at(2024, 11, 12, 10))
        return case

    handled(at(2024, 11, 5, 10), (S.VERY_SATISFIED, False))
    handled(at(2024, 11, 5, 10), (S.SATISFIED, False))
    handled(at(2024, 11, 5, 10), (S.BASIC, False), resolved=False)
    handled(at(2024, 11, 11, 10), (S.SATISFIED, False))
    fifth = receive(now=at(2024, 11, 4, 10))
    actions.do_accept_case(fifth, reporter, now=at(2024, 11, 4, 11))
    actions.do_close_case(fifth, "已答复", "答复函", True, reporter, now=at(2024, 11, 5, 10))
    actions.do_record_visit(fifth, S.DISSATISFIED, bureau_user, now=at(2024, 11, 6, 10))  # reopens
    actions.do_close_case(fifth, "再次协调已接通", "现场照片", True, reporter, now=at(2024, 11, 7, 10))
    actions.do_record_visit(fifth, S.DISSATISFIED, bureau_user, now=at(2024, 11, 8, 10))  # not again
    handled(at(2024, 11, 5, 10), (S.SATISFIED, True))
    handled(at(2024, 11, 7, 10), accept_at=at(2024, 11, 6, 10))
    receive(now=at(2024, 11, 4, 10))
    actions.do_refuse_case(receive(now=at(2024, 11, 4, 10)), "不属于政府职责范围", reporter, now=at(2024, 11, 4, 15))
    actions.do_accept_case(receive(now=at(2024, 11, 28, 10)), reporter, now=at(2024, 11, 28, 11))
    return fifth
