import pytest

from zhaoshang.timelimits.models import CalendarDay, Policy
from zhaoshang.timelimits.seeding import seed_calendar, seed_policies


@pytest.fixture(autouse=True)
def seeded(db):
    """What the data migration wrote, again: a browser test's flush in the same test
    process empties the tables (seeding adds only what is missing)."""
    seed_policies(Policy)
    seed_calendar(CalendarDay)
