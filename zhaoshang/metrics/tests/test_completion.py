"""序时进度, 任务完成率 and 完成任务单位数 (table in conftest.py)."""

from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.metrics import engine, rankings
from zhaoshang.targets.models import Period, Target

from .conftest import AS_OF


def test_time_progress_on_given_dates():
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    # 30 June is day 181 of 365 → 0.495890…
    assert engine.time_progress(start, end, date(2026, 6, 30)) == Decimal("0.4959")
    assert engine.time_progress(start, end, date(2026, 12, 31)) == Decimal("1")
    assert engine.time_progress(start, end, date(2027, 3, 1)) == Decimal("1")
    assert engine.time_progress(start, end, date(2025, 12, 1)) == Decimal("0")
    # A 100-day campaign on its 50th day
    assert engine.time_progress(date(2026, 3, 1), date(2026, 6, 8), date(2026, 4, 19)) == Decimal("0.5")


@pytest.fixture
def year(world):
    period = Period.objects.create(jurisdiction=world.root, name="2026年度", start=date(2026, 1, 1), end=date(2026, 12, 31))
    # 城关镇 has its own 4000万; 河口镇 takes 一赛区's default 6000万; 县经信局 has none.
    Target.objects.create(period=period, kind="funds_arrived", unit=world.township, amount=40_000_000)
    return period


def test_completion_rate_of_an_override(world, year):
    result = engine.completion_rate(world.township, year, "funds_arrived", AS_OF)
    # 5010万 / 4000万 = 1.2525; 10-31 is day 304 of 365 → 0.8329
    assert (result.target, result.actual, result.rate, result.is_default) == (40_000_000, 50_100_000, Decimal("1.2525"), False)
    assert result.time_progress == Decimal("0.8329")
    assert result.done and not result.behind


def test_completion_rate_of_a_division_default_is_behind_schedule(world, year):
    result = engine.completion_rate(world.other_township, year, "funds_arrived", AS_OF)
    # 800万 / 6000万 = 0.13333…
    assert (result.target, result.rate, result.is_default) == (60_000_000, Decimal("0.1333"), True)
    assert result.behind and not result.done


def test_a_unit_without_a_target_has_no_completion_rate(world, year):
    result = engine.completion_rate(world.department, year, "funds_arrived", AS_OF)
    assert (result.target, result.rate, result.behind) == (None, None, False)


def test_completion_of_a_contract_amount_target(world, year):
    Target.objects.create(period=year, kind="contract_amount", unit=world.other_township, amount=180_000_000)
    # 河口镇 contracts: 5000万 + 1亿 × 40% = 9000万 / 1.8亿 = 0.5
    assert engine.completion_rate(world.other_township, year, "contract_amount", AS_OF).rate == Decimal("0.5")


def test_completion_of_a_project_count_target_uses_its_filter(world, year):
    # 城关镇: projects ≥ 5亿 that started in 2026 — P3 (10亿, started 06-10) × 60%
    Target.objects.create(period=year, kind="project_count", unit=world.township, amount=2, min_investment=500_000_000, stage_reached="started")
    result = engine.completion_rate(world.township, year, "project_count", AS_OF)
    assert (result.actual, result.rate) == (Decimal("0.6"), Decimal("0.3"))


def test_units_done_counts_units_at_or_above_100_percent(world, year):
    # 城关镇 125% (done), 河口镇 13% (not); 县经信局 has no target.
    assert engine.units_done(year, AS_OF) == engine.UnitsDone(done=1, total=2)
    # As of 03-31 城关镇 had 3000万 of 4000万: nobody done yet.
    assert engine.units_done(year, date(2026, 3, 31)) == engine.UnitsDone(done=0, total=2)


@pytest.fixture
def count_year(world):
    """A period ranked by project_count: 城关镇 is asked for 2 started projects, 河口镇
    for 2 signed ones of at least 5亿."""
    period = Period.objects.create(
        jurisdiction=world.root, name="2026年度项目", start=date(2026, 1, 1), end=date(2026, 12, 31), primary_kind="project_count"
    )
    Target.objects.create(period=period, kind="project_count", unit=world.township, amount=2, stage_reached="started")
    Target.objects.create(period=period, kind="project_count", unit=world.other_township, amount=2, min_investment=500_000_000)
    return period


def test_a_project_count_ranking_measures_each_unit_by_its_own_targets_filter(world, count_year):
    ranking = rankings.ranking(count_year, AS_OF)
    rows = {row.unit.pk: row for row in ranking.rows}
    # 城关镇 started: P1 (04-01) 100% + P3 (06-10) 60% = 1.6 of 2 = 80% — not the 2.6
    # signed projects (P1, P3, P5) the default filter would give.
    assert (rows[world.township.pk].actual, rows[world.township.pk].rate) == (Decimal("1.6"), Decimal("0.8"))
    # 河口镇 signed ≥ 5亿: P2 (6亿) 100% + P3 (10亿) 40% = 1.4 of 2 = 70%.
    assert (rows[world.other_township.pk].actual, rows[world.other_township.pk].rate) == (Decimal("1.4"), Decimal("0.7"))
    # The same figure as each unit's completion rate, and in 完成任务单位数.
    assert engine.completion_rate(world.township, count_year, "project_count", AS_OF).rate == Decimal("0.8")
    assert engine.units_done(count_year, AS_OF) == engine.UnitsDone(done=0, total=2)
    # A month earlier (09-30) the same filters: 城关镇 1.6 still, 河口镇 1.4 still: ranks unchanged.
    assert rows[world.township.pk].movement == 0
