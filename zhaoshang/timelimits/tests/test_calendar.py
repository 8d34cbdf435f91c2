"""The working calendar as seeded from `chinesecalendar` by the data migration."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from zhaoshang.timelimits.calendar import WorkingCalendar, unknown_years_warning
from zhaoshang.timelimits.models import CalendarDay, DayKind

pytestmark = pytest.mark.django_db


def at(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def test_the_make_up_saturday_2024_10_12_is_a_working_day_and_the_sunday_after_is_not():
    calendar = WorkingCalendar()
    assert calendar.is_working_day(date(2024, 10, 12))
    assert not calendar.is_working_day(date(2024, 10, 13))
    assert not calendar.unknown_years


def test_national_day_2024_holidays_are_not_working_days():
    calendar = WorkingCalendar()
    assert [calendar.is_working_day(date(2024, 10, d)) for d in range(1, 9)] == [False] * 7 + [True]


def test_a_deadline_across_the_national_day_holiday_skips_the_seven_days_off():
    # Sunday 2024-09-29 is a make-up working day; 30 Sept counts, 1–7 Oct do not.
    calendar = WorkingCalendar()
    assert calendar.add_working_days(date(2024, 9, 27), 1) == date(2024, 9, 29)
    assert calendar.add_working_days(date(2024, 9, 27), 3) == date(2024, 10, 8)
    assert calendar.add_working_days(date(2024, 9, 27), 5) == date(2024, 10, 10)


def test_a_year_without_data_falls_back_to_monday_to_friday_with_a_warning():
    calendar = WorkingCalendar()
    # 2035-10-01 is a Monday: without data it is a working day, the Saturday is not.
    assert calendar.is_working_day(date(2035, 10, 1))
    assert not calendar.is_working_day(date(2035, 10, 6))
    assert calendar.add_working_days(date(2035, 10, 5), 1) == date(2035, 10, 8)
    assert calendar.unknown_years == {2035}
    assert "2035年" in unknown_years_warning(calendar.unknown_years)
    assert "周一至周五" in unknown_years_warning(calendar.unknown_years)


def test_a_day_added_on_the_calendar_is_followed_in_a_known_year():
    CalendarDay.objects.create(date=date(2024, 11, 15), kind=DayKind.HOLIDAY, name="县庆")
    CalendarDay.objects.create(date=date(2024, 11, 16), kind=DayKind.WORKDAY, name="县庆调休")
    calendar = WorkingCalendar()
    assert not calendar.is_working_day(date(2024, 11, 15))
    assert calendar.is_working_day(date(2024, 11, 16))


def test_working_minutes_count_only_nine_to_five_on_working_days():
    calendar = WorkingCalendar()
    # Saturday 12 Oct is a make-up working day, Sunday 13 Oct is not.
    assert calendar.working_minutes(at(2024, 10, 11, 16), at(2024, 10, 12, 10)) == 60 + 60
    assert calendar.working_minutes(at(2024, 10, 12, 16), at(2024, 10, 14, 9, 30)) == 60 + 30
    assert calendar.working_minutes(at(2024, 10, 14, 12), at(2024, 10, 14, 11)) == 0


def test_adding_a_full_day_of_working_minutes_ends_at_five_not_at_nine_the_next_day():
    calendar = WorkingCalendar()
    assert calendar.add_working_minutes(at(2024, 10, 14, 9), 8 * 60) == at(2024, 10, 14, 17)
    assert calendar.add_working_minutes(at(2024, 10, 14, 16), 2 * 60) == at(2024, 10, 15, 10)
    assert calendar.add_working_minutes(at(2024, 9, 30, 15), 4 * 60) == at(2024, 10, 8, 11)
