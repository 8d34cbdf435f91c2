"""Add the years a newer `chinesecalendar` publishes (usually each November, when
the State Council announces the next year's holidays). Years already in the table,
edited or not, are left alone."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zhaoshang.timelimits.models import CalendarDay
from zhaoshang.timelimits.seeding import seed_calendar


class Command(BaseCommand):
    help = "从 chinesecalendar 补录工作日历中尚无数据的年份"

    def handle(self, *args, **options):
        self.stdout.write(f"补录 {seed_calendar(CalendarDay)} 天")
