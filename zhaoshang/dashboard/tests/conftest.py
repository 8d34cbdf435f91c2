"""The metric tests' small fixed county (metrics/tests/conftest.py), with this
year's assessment period so the dashboard has rankings. Every expected figure in
these tests is worked out by hand from that table."""

from datetime import date

import pytest

from zhaoshang.metrics.tests.conftest import _media_root, world  # noqa: F401  (fixtures)
from zhaoshang.targets.models import Period

AS_OF = date(2026, 10, 31)
# 1-10月累计 2026 as of 31 October, for the whole county.
PERIOD = "ytd:2026-10"


@pytest.fixture
def dash(world):
    # Division 一赛区 (城关镇, 河口镇) has a default quota of 6000万元.
    world.period = Period.objects.create(jurisdiction=world.root, name="2026年度", start=date(2026, 1, 1), end=date(2026, 12, 31))
    return world


def params(scope: str, **extra) -> dict[str, str]:
    return {"scope": scope, "period": PERIOD, "as_of": AS_OF.isoformat(), **extra}
