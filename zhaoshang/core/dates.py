"""What "as of a date" means for a timestamp, for every app: the end of that day in
settings.TIME_ZONE (Asia/Shanghai)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone


def end_of_day(day: date) -> datetime:
    """The last instant of `day` in Asia/Shanghai (settings.TIME_ZONE): what "as of
    that date" means for timestamps such as verified_at."""
    return timezone.make_aware(datetime.combine(day, time.max))
