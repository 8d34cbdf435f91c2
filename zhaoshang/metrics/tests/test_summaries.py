"""engine.summaries computes every unit's own summary in one pass (the dashboard's
warm-up): its figures must be exactly those of engine.summary, unit by unit, on
the hand-worked county (joint 60/40 credits, USD, a late verification, a pending
entry) with a suspected duplicate, a voided stage event, trips and a stationed
team's members added."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhaoshang.activities.factories import TeamMembershipFactory, TripFactory
from zhaoshang.metrics import engine
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.organisation.factories import DivisionFactory, PersonFactory, UnitFactory
from zhaoshang.organisation.models import Division, LeaderBody, Unit, UnitKind
from zhaoshang.projects import actions
from zhaoshang.projects.factories import InvestorFactory
from zhaoshang.projects.models import Currency, Stage

from .conftest import AS_OF, build, fund


@pytest.fixture
def messy(world, bureau_user):
    investor = InvestorFactory(name="福建海峡食品有限公司")
    stages = {Stage.NEGOTIATING: date(2026, 2, 1), Stage.SIGNED: date(2026, 3, 1)}
    build(bureau_user, world.township, stages, name="海峡食品加工", investor=investor, contract_amount=80_000_000)
    # Held as a suspected duplicate: it must not count, in the batch either.
    copy = build(bureau_user, world.other_township, stages, name="海峡食品加工项目", investor=investor, contract_amount=80_000_000)
    fund(copy, date(2026, 4, 1), 3_000_000, verified=date(2026, 4, 2))
    # P3's 开工/投产 voided today: counted as of 10-31, not as of today.
    actions.do_correct_stage(world.p3, "signed", "开工认定有误，现场未动工", bureau_user)
    chief = PersonFactory(name="县长", unit=world.root, leader_body=LeaderBody.GOVERNMENT)
    staff = PersonFactory(name="科员", unit=world.township)
    TripFactory(unit=world.township, start_date=date(2026, 2, 10), leaders=[chief, staff])
    TripFactory(unit=world.section, start_date=date(2026, 5, 1), leaders=[chief])
    TripFactory(unit=world.other_township, start_date=date(2026, 4, 1), leaders=[staff])
    TripFactory(unit=world.township, start_date=date(2025, 6, 1), leaders=[staff])
    team = UnitFactory(parent=world.township, name="驻深圳招商组", kind=UnitKind.STATIONED_TEAM)
    TeamMembershipFactory(team=team, joined_on=date(2025, 1, 1), left_on=date(2026, 5, 10))
    TeamMembershipFactory(team=team, joined_on=date(2025, 3, 1))
    TeamMembershipFactory(team=team, joined_on=date(2026, 6, 1))
    return world


@pytest.fixture
def divided(messy, bureau_user):
    """messy with more divisions: 二赛区 (县经信局 and a new 开发区), 三赛区 (城关镇招商组,
    under 一赛区's 城关镇: it overlaps 一赛区), an empty 四赛区; a project credited
    across 一赛区 and 二赛区, one across 一赛区, 县招商局 (in no division) and the
    county itself, both with USD amounts whose halves of a cent round differently
    unit by unit than for the division; a closed town's project."""
    root = messy.root
    second = DivisionFactory(name="二赛区", jurisdiction=root, sort_order=2)
    third = DivisionFactory(name="三赛区", jurisdiction=root, sort_order=3)
    DivisionFactory(name="四赛区", jurisdiction=root, sort_order=4)
    messy.department.division = second
    messy.department.save()
    messy.section.division = third
    messy.section.save()
    zone = UnitFactory(parent=root, name="开发区", kind=UnitKind.TOWNSHIP, division=second)
    bureau = Unit.objects.get(name="县招商局")
    stages = {Stage.NEGOTIATING: date(2026, 2, 1), Stage.SIGNED: date(2026, 4, 1), Stage.STARTED: date(2026, 6, 1)}
    across = build(
        bureau_user, messy.township, stages, name="跨赛区项目", currency=Currency.USD, contract_amount=1_000_003,
        total_investment=2_000_000_000, credits=[(messy.township, 5000), (messy.department, 3000), (zone, 2000)],
    )
    fund(across, date(2026, 5, 3), 7, verified=date(2026, 5, 4), currency=Currency.USD)
    fund(across, date(2026, 6, 3), 30_000_000, verified=date(2026, 6, 4))
    outside = build(
        bureau_user, messy.other_township, {Stage.NEGOTIATING: date(2026, 3, 1), Stage.SIGNED: date(2026, 6, 1)}, name="赛区内外项目",
        currency=Currency.USD, contract_amount=500_001, credits=[(messy.other_township, 7000), (bureau, 2000), (root, 1000)],
    )
    fund(outside, date(2026, 7, 3), 5, verified=date(2026, 7, 4), currency=Currency.USD)
    # A closed unit's project: the county's, though the warm-up leaves the unit out.
    closed = UnitFactory(parent=root, name="旧乡", kind=UnitKind.TOWNSHIP, is_active=False)
    old = build(bureau_user, closed, {Stage.NEGOTIATING: date(2026, 1, 5), Stage.SIGNED: date(2026, 2, 5)}, name="旧乡项目", contract_amount=9_000_000)
    fund(old, date(2026, 6, 5), 2_000_000, verified=date(2026, 6, 6))
    TripFactory(unit=zone, start_date=date(2026, 3, 1))
    return messy


@pytest.mark.parametrize("span", [Span.ytd(2026, 10), Span.month(2026, 6)], ids=str)
@pytest.mark.parametrize("as_of", [AS_OF, date.today()], ids=str)
def test_each_divisions_batch_summary_is_its_own_summary(divided, span, as_of):
    # 一赛区 and 二赛区 folded from the towns' rows, 三赛区 (the section, not one of
    # the units) and the empty 四赛区 grouped apart.
    divisions = list(Division.objects.filter(jurisdiction=divided.root))
    scopes = Scope.for_divisions(divisions)
    assert [scope.paths for scope in scopes] == [Scope.for_division(d).paths for d in divisions]
    # The county too, folded from every row of the towns' query (its own credits and the closed town's too).
    scopes.append(Scope.for_jurisdiction(divided.root))
    units = list(Unit.objects.get_children(divided.root).filter(is_active=True).order_by("path"))
    batch = engine.summaries(units, span, as_of, scopes)
    breakdowns = engine.signing_breakdowns_each(units, span, as_of, scopes)
    assert set(batch) == {unit.pk for unit in units} | {scope.key for scope in scopes}
    for scope in scopes:
        single = engine.summary(scope, span, as_of)
        # Field by field, down to the representation of every Decimal.
        assert batch[scope.key] == single
        assert repr(batch[scope.key]) == repr(single)
        assert breakdowns[scope.key] == engine.signing_breakdowns(scope, span, as_of)
    for unit in units:
        assert batch[unit.pk] == engine.summary(Scope.for_unit(unit), span, as_of)
    if span == Span.ytd(2026, 10) and as_of == AS_OF:
        first = batch[scopes[0].key].figures
        # P3 (60/40 between its towns) counts once in 一赛区, and the shared ones by share.
        assert first["signed_count"].value == 5 + Decimal("0.5") + Decimal("0.7")
        assert batch[scopes[1].key].figures["trip_count"].value == 1
        assert batch[scopes[-1].key].figures["signed_count"].value == 5 + 3  # the three added, whole in the county


def test_the_divisions_cost_a_few_queries_beside_the_units(divided):
    """Folded from the units' rows: the funnel's durations (distinct stays) and
    the trips (three spans) of the divisions are the only queries added; a
    division that cannot fold (三赛区, under a town) is grouped apart."""
    span = Span.ytd(2026, 10)
    divisions = list(Division.objects.filter(jurisdiction=divided.root))
    scopes = Scope.for_divisions(divisions)
    units = list(Unit.objects.get_children(divided.root).filter(is_active=True).order_by("path"))

    def queries(call) -> int:
        with CaptureQueriesContext(connection) as captured:
            call()
        return len(captured.captured_queries)

    alone = queries(lambda: engine.summaries(units, span, AS_OF))
    one = queries(lambda: engine.summary(scopes[2], span, AS_OF))
    folded = [scope for scope in scopes if scope.name in ("一赛区", "二赛区")]
    assert queries(lambda: engine.summaries(units, span, AS_OF, folded)) == alone + 1 + 2 * 3
    assert queries(lambda: engine.summaries(units, span, AS_OF, scopes)) <= alone + 1 + 2 * 3 + one


@pytest.mark.parametrize("span", [Span.ytd(2026, 10), Span.month(2026, 6), Span.quarter(2026, 3)], ids=str)
@pytest.mark.parametrize("as_of", [AS_OF, date.today()], ids=str)
def test_each_units_batch_summary_is_its_own_summary(messy, span, as_of):
    # Two depths (the towns and the section under one): one query set per depth.
    units = [messy.township, messy.other_township, messy.department, messy.section]
    batch = engine.summaries(units, span, as_of)
    assert set(batch) == {unit.pk for unit in units}
    for unit in units:
        single = engine.summary(Scope.for_unit(unit), span, as_of)
        # Field by field, down to the representation of every Decimal.
        assert batch[unit.pk] == single
        assert repr(batch[unit.pk]) == repr(single)


def test_the_batch_fills_the_cache_where_a_units_summary_looks(messy, settings, django_assert_num_queries):
    settings.METRICS_CACHE_SECONDS = 600
    cache.clear()
    span = Span.ytd(2026, 10)
    units = [messy.township, messy.other_township, messy.section]
    batch = engine.summaries(units, span, AS_OF)
    # The added records reach the batch: the town's two trips (its section's too), its team's churn.
    township = batch[messy.township.pk].figures
    assert township["trip_count"].value == 2 and township["team_churn"].value is not None
    for unit in units:
        # Only the data versions are read.
        with django_assert_num_queries(1):
            assert engine.summary(Scope.for_unit(unit), span, AS_OF) == batch[unit.pk]
    cache.clear()


def test_a_summarys_funds_by_month_are_the_trends_query(messy):
    two_years = Span.range(date(2025, 1, 1), date(2026, 12, 31))
    units = [messy.township, messy.other_township, messy.section]
    for span in (Span.ytd(2026, 10), Span.month(2026, 3), Span.range(date(2025, 11, 1), date(2026, 2, 28))):
        batch = engine.summaries(units, span, AS_OF)
        for scope in (Scope.for_jurisdiction(messy.root), *(Scope.for_unit(unit) for unit in units)):
            months = engine.funds_by_month(scope, two_years, AS_OF)
            assert engine.summary(scope, span, AS_OF).funds_by_month == months
        for unit in units:
            assert batch[unit.pk].funds_by_month == engine.funds_by_month(Scope.for_unit(unit), two_years, AS_OF)
    assert engine.funds_by_month(Scope.for_unit(messy.township), two_years, AS_OF)[date(2026, 8, 1)].yuan == 7_100_000


def test_a_summarys_funds_round_once_over_the_months(world):
    # 5 US cents in each of January and February: 0.355 元 a month (0 元 rounded),
    # 0.71 元 together (1 元). The span's figure rounds the months' exact sum.
    for month in (1, 2):
        fund(world.p5, date(2026, month, 5), 5, verified=date(2026, month, 6), currency=Currency.USD)
    span = Span.ytd(2026, 10)
    for scope in (Scope.for_unit(world.township), Scope.for_jurisdiction(world.root)):
        summary = engine.summary(scope, span, AS_OF)
        arrived = engine.funds_arrived(scope, span, AS_OF).yuan
        assert summary.figures["funds_arrived"].value == arrived
        assert summary.figures["funds_arrived"].previous == engine.funds_arrived(scope, span.previous(), AS_OF).yuan
        assert summary.funds_by_month[date(2026, 1, 1)].yuan == summary.funds_by_month[date(2026, 2, 1)].yuan == 0
        assert arrived == sum(money.yuan for month, money in summary.funds_by_month.items() if month.year == 2026 and month.month <= 10) + 1
    assert engine.summaries([world.township], span, AS_OF)[world.township.pk].figures["funds_arrived"].value == 50_100_001
