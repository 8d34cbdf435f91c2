"""The time-limit engine with a controlled clock: every action is given `now`."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhaoshang.timelimits.engine import actions
from zhaoshang.timelimits.escalations import open_escalations_for
from zhaoshang.timelimits.models import Clock, Escalation, ExtensionStatus, Level, Policy, PolicyKind, Urgency


def at(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def start(county, reporter):
    """Starts a clock on 城关镇 (any model may be the subject) handled by its reporter."""

    def start(kind=PolicyKind.COMPLAINT, now=at(2024, 11, 4, 10), urgency=Urgency.NORMAL) -> Clock:
        return actions.do_start_clock(
            county.township, kind=kind, urgency=urgency, unit=county.township, title="用电报装迟缓", handler=reporter, now=now
        )

    return start


def test_a_limit_in_working_days_ends_at_five_on_the_last_day_across_national_day(start):
    clock = start(now=at(2024, 9, 23, 10))
    # 24–27 Sept, make-up Sunday 29 Sept, 30 Sept, then 8–11 Oct: the tenth working day.
    assert clock.due_at == at(2024, 10, 11, 17)
    assert (clock.limit, clock.limit_unit) == (10, "days")


def test_a_limit_in_working_hours_counts_nine_to_five_only(start):
    clock = start(now=at(2024, 11, 4, 15), urgency=Urgency.URGENT)
    assert clock.due_at == at(2024, 11, 7, 15)  # 24 working hours = three working days
    assert start(now=at(2024, 11, 4, 16), urgency=Urgency.DANGER).due_at == at(2024, 11, 5, 10)


def test_editing_a_policy_does_not_move_a_running_deadline(start):
    clock = start()
    Policy.objects.filter(kind=PolicyKind.COMPLAINT, urgency=Urgency.NORMAL).update(limit=30)
    clock.refresh_from_db()
    assert clock.due_at == at(2024, 11, 18, 17)


def test_a_combination_without_a_policy_is_refused_in_chinese(start):
    with pytest.raises(ValidationError, match="没有「签收（危及生命财产安全）」的时限标准"):
        start(kind=PolicyKind.SIGN_OFF, urgency=Urgency.DANGER)


def test_a_default_policy_missing_from_the_table_is_written_back(start):
    Policy.objects.filter(kind=PolicyKind.HELP).delete()
    assert start(kind=PolicyKind.HELP).limit == 5
    assert Policy.objects.filter(kind=PolicyKind.HELP, urgency=Urgency.NORMAL, limit=5).exists()


def test_pausing_three_working_days_moves_the_deadline_three_working_days_later(start, reporter):
    clock = start()
    assert clock.due_at == at(2024, 11, 18, 17)
    actions.do_pause_clock(clock, "等待企业补充环评材料", reporter, now=at(2024, 11, 6, 10))
    # Wednesday 10:00 to Monday 10:00 is three working days (the weekend does not count).
    clock = actions.do_resume_clock(clock, reporter, now=at(2024, 11, 11, 10))
    assert clock.due_at == at(2024, 11, 21, 17)
    pause = clock.pauses.get()
    assert pause.working_minutes == 3 * 8 * 60
    assert [h.paused_at for h in clock.history.order_by("history_id")] == [None, at(2024, 11, 6, 10), None]


def test_a_paused_clock_cannot_be_paused_again_nor_a_running_one_resumed(start, reporter):
    clock = start()
    with pytest.raises(ValidationError, match="时限未暂停"):
        actions.do_resume_clock(clock, reporter, now=at(2024, 11, 5, 10))
    actions.do_pause_clock(clock, "等待材料", reporter, now=at(2024, 11, 5, 10))
    with pytest.raises(ValidationError, match="已在暂停中"):
        actions.do_pause_clock(clock, "等待材料", reporter, now=at(2024, 11, 5, 11))


def test_a_reporter_of_another_township_cannot_pause_the_clock(start, other_reporter):
    with pytest.raises(PermissionDenied):
        actions.do_pause_clock(start(), "等待材料", other_reporter, now=at(2024, 11, 5, 10))


def test_an_extension_approved_by_the_unit_head_moves_the_deadline_and_a_second_one_is_refused(start, reporter, unit_head):
    clock = actions.do_request_extension(start(), 5, "需要县自然资源局出具意见", reporter)
    clock = actions.do_decide_extension(clock, True, unit_head)
    assert clock.extension_status == ExtensionStatus.APPROVED
    assert clock.due_at == at(2024, 11, 25, 17)
    with pytest.raises(ValidationError, match="只能申请一次延期"):
        actions.do_request_extension(clock, 3, "仍需时间", reporter)


def test_a_refused_extension_still_uses_up_the_one_extension(start, reporter, unit_head):
    clock = actions.do_request_extension(start(), 5, "需要会商", reporter)
    clock = actions.do_decide_extension(clock, False, unit_head)
    assert (clock.extension_status, clock.due_at) == (ExtensionStatus.REFUSED, at(2024, 11, 18, 17))
    with pytest.raises(ValidationError, match="只能申请一次延期"):
        actions.do_request_extension(clock, 5, "再次申请", reporter)


def test_an_extension_longer_than_fifteen_working_days_is_refused(start, reporter):
    with pytest.raises(ValidationError, match="不能超过15个工作日"):
        actions.do_request_extension(start(), 16, "需要会商", reporter)


def test_only_a_unit_head_decides_an_extension(start, reporter, bureau_user):
    clock = actions.do_request_extension(start(), 5, "需要会商", reporter)
    for user in (reporter, bureau_user):
        with pytest.raises(PermissionDenied):
            actions.do_decide_extension(clock, True, user)


def test_the_three_escalations_fire_once_each_and_in_order(start, reporter, unit_head, leader):
    # 咨询: two working days from Monday 9:00, due Wednesday 17:00 (24 working hours).
    clock = start(kind=PolicyKind.CONSULT, now=at(2024, 11, 4, 9))
    assert clock.due_at == at(2024, 11, 6, 17)
    assert actions.check_time_limits(at(2024, 11, 5, 12, 59)) == []
    assert [e.level for e in actions.check_time_limits(at(2024, 11, 5, 13))] == [Level.HANDLER]
    assert actions.check_time_limits(at(2024, 11, 5, 16)) == []
    assert [e.level for e in actions.check_time_limits(at(2024, 11, 6, 12, 12))] == [Level.UNIT_HEAD]
    assert [e.level for e in actions.check_time_limits(at(2024, 11, 6, 17))] == [Level.LEADER]
    assert actions.check_time_limits(at(2024, 11, 8, 17)) == []
    fired = list(Escalation.objects.filter(clock=clock).order_by("fired_at").values_list("level", "fired_at"))
    assert fired == [(50, at(2024, 11, 5, 13)), (80, at(2024, 11, 6, 12, 12)), (100, at(2024, 11, 6, 17))]
    clock.refresh_from_db()
    assert clock.overdue
    assert [e.level for e in open_escalations_for(reporter)] == [50]
    assert [e.level for e in open_escalations_for(unit_head)] == [80]
    assert [e.level for e in open_escalations_for(leader)] == [100]
    recipients = [(e.level, e.recipients) for e in Escalation.objects.order_by("level")]
    names = [u.get_full_name() for u in (reporter, unit_head, leader)]
    assert recipients == list(zip([50, 80, 100], names, strict=True))


def test_a_clock_first_checked_past_its_deadline_still_fires_all_three_lowest_first(start):
    start(kind=PolicyKind.CONSULT, now=at(2024, 11, 4, 9))
    assert [e.level for e in actions.check_time_limits(at(2024, 11, 20, 9))] == [50, 80, 100]


def test_a_paused_clock_is_not_escalated_and_its_pause_does_not_count_as_used_time(start, reporter):
    clock = start(kind=PolicyKind.CONSULT, now=at(2024, 11, 4, 9))
    actions.do_pause_clock(clock, "等待企业补充材料", reporter, now=at(2024, 11, 4, 10))
    assert actions.check_time_limits(at(2024, 11, 12, 9)) == []
    actions.do_resume_clock(clock, reporter, now=at(2024, 11, 12, 10))
    # One hour used before the pause, an hour after it: 2 of 24 working hours.
    assert actions.check_time_limits(at(2024, 11, 12, 11)) == []


def test_the_overdue_mark_stays_after_closing_and_open_escalations_end(start, reporter, leader):
    clock = start(kind=PolicyKind.CONSULT, now=at(2024, 11, 4, 9))
    actions.check_time_limits(at(2024, 11, 7, 9))
    clock = actions.do_close_clock(clock, reporter, now=at(2024, 11, 8, 9))
    assert clock.overdue and clock.closed_at == at(2024, 11, 8, 9)
    assert not open_escalations_for(leader).exists()
    assert actions.check_time_limits(at(2024, 11, 20, 9)) == []


def test_closing_in_time_leaves_no_overdue_mark_and_closing_late_sets_one(start, reporter):
    early = actions.do_close_clock(start(now=at(2024, 11, 4, 10)), reporter, now=at(2024, 11, 18, 16))
    late = actions.do_close_clock(start(now=at(2024, 11, 4, 10)), reporter, now=at(2024, 11, 19, 9))
    assert (early.overdue, late.overdue) == (False, True)
