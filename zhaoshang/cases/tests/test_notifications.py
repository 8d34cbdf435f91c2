"""In-app notifications of a case: who is told when it is assigned, transferred,
returned, sent to the bureau, closed and reopened; another unit's staff never."""

from __future__ import annotations

from zhaoshang.cases import actions
from zhaoshang.cases.models import Satisfaction
from zhaoshang.todo.models import Notification

from .conftest import at


def told(user, kind: str) -> int:
    return Notification.objects.filter(recipient=user, kind=kind).count()


def test_a_case_received_for_a_unit_is_told_to_that_unit_only(receive, bureau_user, reporter, unit_head, other_reporter):
    case = receive(user=bureau_user)
    assert (told(reporter, "case_assigned"), told(unit_head, "case_assigned")) == (1, 1)
    assert told(other_reporter, "case_assigned") == 0 and told(bureau_user, "case_assigned") == 0  # not to the one who did it
    assert Notification.objects.get(recipient=reporter).link == case.get_absolute_url()


def test_transfer_return_and_the_bureau_are_told_to_the_receiving_unit(receive, county, bureau_user, reporter, unit_head, other_reporter):
    case = receive()
    assert told(reporter, "case_assigned") == 0  # he received it himself
    case = actions.do_transfer_case(case, county.other_township, "属河口镇辖区", reporter)
    assert told(other_reporter, "case_assigned") == 1
    assert told(unit_head, "case_assigned") == 1  # only the intake, not the transfer away
    case = actions.do_refuse_case(case, "不属本镇辖区", other_reporter)
    assert (told(reporter, "case_returned"), told(unit_head, "case_returned")) == (1, 1)
    assert told(other_reporter, "case_returned") == 0
    case = actions.do_transfer_case(case, county.other_township, "再次核实属河口镇", reporter)  # the third move
    assert case.unit == county.bureau
    assert told(bureau_user, "case_escalated") == 1
    assert told(other_reporter, "case_escalated") == 0 and told(other_reporter, "case_assigned") == 1
    assert told(unit_head, "case_escalated") == 0


def test_closing_tells_the_bureau_and_reopening_tells_the_handling_unit(receive, bureau_user, reporter, unit_head, other_reporter):
    case = actions.do_accept_case(receive(now=at(2024, 11, 4, 10)), reporter, now=at(2024, 11, 4, 11))
    case = actions.do_close_case(case, "已接通", "回执", True, reporter, now=at(2024, 11, 5, 10))
    assert told(bureau_user, "case_closed") == 1
    assert told(unit_head, "case_closed") == told(other_reporter, "case_closed") == 0
    actions.do_record_visit(case, Satisfaction.DISSATISFIED, bureau_user, now=at(2024, 11, 6, 10))
    assert (told(reporter, "case_reopened"), told(unit_head, "case_reopened")) == (1, 1)
    assert told(other_reporter, "case_reopened") == 0 and told(bureau_user, "case_reopened") == 0
