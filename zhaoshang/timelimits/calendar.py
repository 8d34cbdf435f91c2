"""The Chinese working calendar and working-time arithmetic.

A working day runs 9:00–17:00 local time (8 working hours, settings.TIME_ZONE):
a limit in working hours counts only those hours, a limit in working days ends at
17:00 of the last day. The day a time limit starts is not counted (期间开始的日不计算在内),
so one working day from Monday 10:00 is Tuesday 17:00.

Days come from `CalendarDay` (holidays and make-up working days, seeded from the
`chinesecalendar` package and editable on the calendar screen). A year without any
row is not known: its days are Monday–Friday, and the year is remembered in
`unknown_years` so that a screen can say so — the calendar never raises for it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .models import CalendarDay, DayKind

DAY_START = time(9)
DAY_END = time(17)
MINUTES_PER_DAY = 8 * 60


class WorkingCalendar:
    """Reads each year once; make one per computation (a request, a checker run)."""

    def __init__(self) -> None:
        self._years: dict[int, dict[date, str] | None] = {}
        self.unknown_years: set[int] = set()

    def _year(self, year: int) -> dict[date, str] | None:
        if year not in self._years:
            days = dict(CalendarDay.objects.filter(date__year=year).values_list("date", "kind"))
            self._years[year] = days or None
        return self._years[year]

    def knows(self, year: int) -> bool:
        return self._year(year) is not None

    def is_working_day(self, day: date) -> bool:
        days = self._year(day.year)
        if days is None:
            self.unknown_years.add(day.year)
            return day.weekday() < 5
        if day in days:
            return days[day] == DayKind.WORKDAY
        return day.weekday() < 5

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (`day` itself not counted)."""
        while count > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def _window(self, day: date) -> tuple[datetime, datetime]:
        return (
            timezone.make_aware(datetime.combine(day, DAY_START)),
            timezone.make_aware(datetime.combine(day, DAY_END)),
        )

    def end_of_day(self, day: date) -> datetime:
        return self._window(day)[1]

    def working_minutes(self, start: datetime, end: datetime) -> int:
        """Working minutes between two moments (0 when `end` is not after `start`)."""
        total = 0
        day = timezone.localtime(start).date()
        last = timezone.localtime(end).date()
        while day <= last:
            if self.is_working_day(day):
                opens, closes = self._window(day)
                begin, finish = max(start, opens), min(end, closes)
                if finish > begin:
                    total += int((finish - begin).total_seconds() // 60)
            day += timedelta(days=1)
        return total

    def add_working_minutes(self, moment: datetime, minutes: int) -> datetime:
        """The moment `minutes` working minutes after `moment`; a limit that uses up
        a day exactly ends at 17:00 of that day, not at 9:00 of the next one."""
        day = timezone.localtime(moment).date()
        position = moment
        while True:
            if self.is_working_day(day):
                opens, closes = self._window(day)
                begin = max(position, opens)
                available = max(0, int((closes - begin).total_seconds() // 60))
                if minutes <= available and begin <= closes:
                    return begin + timedelta(minutes=minutes)
                minutes -= available
            day += timedelta(days=1)
            position = self._window(day)[0]


def unknown_years_warning(years: set[int]) -> str:
    """The visible warning of a computation that reached a year without holiday data."""
    if not years:
        return ""
    listed = "、".join(f"{year}年" for year in sorted(years))
    return f"工作日历中没有{listed}的法定节假日安排，这些年份暂按周一至周五计算工作日，请在「工作日历」中补录。"


def calendar_warning(start: date, end: date) -> str:
    """The warning for a deadline computed over `start`…`end`, when one of those
    years has no holiday data."""
    calendar = WorkingCalendar()
    return unknown_years_warning({year for year in range(start.year, end.year + 1) if not calendar.knows(year)})
