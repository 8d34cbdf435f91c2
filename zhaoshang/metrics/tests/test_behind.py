"""时间过半、任务过半: one test of "behind schedule" (engine.is_behind) for the
completion card, the division rankings and the campaign leaderboards."""

from decimal import Decimal

import pytest

from zhaoshang.metrics.engine import Completion, is_behind


@pytest.mark.parametrize(
    ("rate", "progress", "behind"),
    [("0.4999", "0.5000", True), ("0.5000", "0.5000", False), ("1.2000", "0.9000", False), (None, "0.9000", False)],
)
def test_behind_schedule_is_a_completion_rate_below_the_time_progress(rate, progress, behind):
    rate = None if rate is None else Decimal(rate)
    assert is_behind(rate, Decimal(progress)) is behind
    assert Completion("funds_arrived", 100, None, rate, Decimal(progress)).behind is behind
