"""The activity index (招商活跃指数) against hand-computed scores: credit shares,
roll-up of sub-units, normalisation by the week's best unit, weights, ranking."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from zhaoshang.activities.factories import (
    ActivityWeightsFactory,
    EventFactory,
    PublicityFactory,
    TripFactory,
    VisitFactory,
)
from zhaoshang.activities.index import activity_index, unit_trend, week_of
from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.organisation.models import UnitKind
from zhaoshang.projects.factories import ProjectFactory, StageEventFactory
from zhaoshang.projects.models import DuplicateStatus, Stage

WEEK = date(2026, 3, 2)  # a Monday
WED = date(2026, 3, 4)


@pytest.fixture
def week_data(county):
    """Week of 2026-03-02 in the conftest county (scored: 招商局, 城关镇, 河口镇, 县经信局)."""
    c = county
    ActivityWeightsFactory(jurisdiction=c.root)  # 30/20/20/10/10/10
    # Signings: A credited 25% 城关镇 / 75% 河口镇; B 100% 城关镇 → 城关 1.25, 河口 0.75.
    a = ProjectFactory(introducing_unit=c.township, credits=[(c.township, 2500), (c.other_township, 7500)])
    b = ProjectFactory(introducing_unit=c.township)
    StageEventFactory(project=a, stage=Stage.SIGNED, date=WED)
    StageEventFactory(project=b, stage=Stage.SIGNED, date=date(2026, 3, 8))  # Sunday, still the week
    # Not counted: voided, outside the week, a suspected duplicate, an intent of stage "signed" is not STAGE kind.
    StageEventFactory(project=b, stage=Stage.SIGNED, date=WED, voided_at=timezone.now())
    StageEventFactory(project=a, stage=Stage.SIGNED, date=date(2026, 3, 9))
    held = ProjectFactory(introducing_unit=c.other_township, duplicate_status=DuplicateStatus.SUSPECTED, duplicate_of=a)
    StageEventFactory(project=held, stage=Stage.SIGNED, date=WED)
    # Starts: one project of 城关镇 → 城关 1.
    StageEventFactory(project=ProjectFactory(introducing_unit=c.township), stage=Stage.STARTED, date=WED)
    # Trips: 城关 2 (one by its section), 河口 1, 经信局 1; one next week.
    section = UnitFactory(parent=c.township, name="城关镇招商组", kind=UnitKind.SECTION)
    TripFactory(unit=c.township, start_date=WEEK)
    TripFactory(unit=section, start_date=WED)
    TripFactory(unit=c.other_township, start_date=WED)
    TripFactory(unit=c.department, start_date=WED)
    TripFactory(unit=c.township, start_date=date(2026, 3, 9))
    # Visits: 河口 2. Events: 招商局 1. Publicity: 城关 1, 经信局 2.
    VisitFactory.create_batch(2, host_unit=c.other_township, start_date=WED)
    EventFactory(organiser=c.bureau, date=WED)
    PublicityFactory(unit=c.township, date=WED)
    PublicityFactory.create_batch(2, unit=c.department, date=WED)
    return c


def scores(index) -> list[tuple[str, Decimal, int]]:
    return [(row.unit.name, row.score, row.rank) for row in index.rows]


def test_weekly_scores_are_weighted_sub_indices_normalised_by_the_best_unit(week_data):
    index = activity_index(week_data.root, WED)

    # Sub-indices (count ÷ week's max × 100):
    #   signings max 1.25: 城关 100, 河口 0.75/1.25 = 60     starts: 城关 100
    #   trips max 2: 城关 100, 河口 50, 经信局 50             visits: 河口 100
    #   events: 招商局 100                                    publicity max 2: 城关 50, 经信局 100
    # Score = Σ weight × sub ÷ 100 (weights 30/20/20/10/10/10):
    #   城关 (3000 + 2000 + 2000 + 500) ÷ 100 = 75
    #   河口 (1800 + 1000 + 1000) ÷ 100 = 38
    #   经信局 (1000 + 1000) ÷ 100 = 20
    #   招商局 1000 ÷ 100 = 10
    assert index.week_start == WEEK
    assert scores(index) == [
        ("城关镇", Decimal("75.00"), 1),
        ("河口镇", Decimal("38.00"), 2),
        ("县经信局", Decimal("20.00"), 3),
        ("县招商局", Decimal("10.00"), 4),
    ]
    chengguan, hekou = index.rows[0], index.rows[1]
    assert chengguan.raw["signings"] == Decimal("1.25") and hekou.raw["signings"] == Decimal("0.75")
    assert hekou.normalised["signings"] == Decimal(60)


def test_the_bureaus_weights_change_the_ranking(week_data):
    weights = week_data.root.activity_weights
    weights.signings = weights.starts = weights.trips = weights.visits = 0
    weights.events, weights.publicity = 1, 3
    weights.save()

    index = activity_index(week_data.root, WEEK)

    # events ×1, publicity ×3, ÷ 4: 经信局 3×100/4 = 75; 城关 3×50/4 = 37.5; 招商局 1×100/4 = 25; 河口 0
    assert scores(index) == [
        ("县经信局", Decimal("75.00"), 1),
        ("城关镇", Decimal("37.50"), 2),
        ("县招商局", Decimal("25.00"), 3),
        ("河口镇", Decimal("0.00"), 4),
    ]


def test_a_quiet_week_scores_everybody_zero_and_shares_first_place(week_data):
    index = activity_index(week_data.root, date(2026, 2, 16))

    assert [(score, rank) for _, score, rank in scores(index)] == [(Decimal("0.00"), 1)] * 4


def test_the_leadership_is_not_ranked(week_data):
    UnitFactory(parent=week_data.root, name="县委县政府", kind=UnitKind.LEADERSHIP)

    assert "县委县政府" not in [name for name, _, _ in scores(activity_index(week_data.root, WEEK))]


def test_the_trend_shows_a_units_score_and_rank_week_by_week(week_data):
    points = unit_trend(week_data.root, week_data.township, date(2026, 3, 9), weeks=3)

    # 02-23: nothing, all 0 and tied first. 03-02: 75, first (see above).
    # 03-09: A signed again, 25% 城关 / 75% 河口 → 城关 0.25 ÷ 0.75 × 100 = 33.33…, 河口 100; one trip, 城关's → 100.
    #   城关 (30 × 33.33… + 20 × 100) ÷ 100 = 10 + 20 = 30; 河口 30 × 100 ÷ 100 = 30 → tied, both first.
    assert [(p.week_start, p.score, p.rank) for p in points] == [
        (date(2026, 2, 23), Decimal("0.00"), 1),
        (date(2026, 3, 2), Decimal("75.00"), 1),
        (date(2026, 3, 9), Decimal("30.00"), 1),
    ]


def test_week_of_is_the_monday_of_the_iso_week():
    assert week_of(date(2026, 3, 8)) == WEEK
    assert week_of(datetime(2026, 3, 2).date()) == WEEK


def test_index_queries_do_not_grow_with_units(week_data, django_assert_max_num_queries):
    for n in range(5):
        UnitFactory(parent=week_data.root, name=f"新镇{n}")
    with django_assert_max_num_queries(9):
        activity_index(week_data.root, WEEK)
