"""到位资金, 待核实资金, 合同引资额: expected values worked out by hand from the
table in conftest.py."""

from datetime import date

from zhaoshang.metrics import engine
from zhaoshang.metrics.periods import Scope, Span

from .conftest import AS_OF

YTD = Span.ytd(2026, 10)


def test_funds_arrived_for_the_county_counts_verified_entries_once(world):
    # F1 3000万 + F3 2000万 (joint, 100% once) + F4 $100万 × 7.1 = 710万 + F7 100万;
    # F2 was verified after the as-of date, F5 never.
    expected = 30_000_000 + 20_000_000 + 7_100_000 + 1_000_000
    assert engine.funds_arrived(Scope.for_jurisdiction(world.root), YTD, AS_OF).yuan == expected


def test_a_unit_gets_its_subtree_and_its_share_of_a_joint_project(world):
    # 城关镇: F1 3000万 + F3 2000万 × 60% = 1200万 + F4 710万 + F7 100万 (its section's project)
    expected = 30_000_000 + 12_000_000 + 7_100_000 + 1_000_000
    assert engine.funds_arrived(Scope.for_unit(world.township), YTD, AS_OF).yuan == expected


def test_the_other_unit_gets_the_rest_of_the_joint_project(world):
    # 河口镇: F3 2000万 × 40%; F5 is unverified
    assert engine.funds_arrived(Scope.for_unit(world.other_township), YTD, AS_OF).yuan == 8_000_000


def test_a_section_gets_only_its_own_subtree(world):
    assert engine.funds_arrived(Scope.for_unit(world.section), YTD, AS_OF).yuan == 1_000_000


def test_a_division_adds_up_its_member_units(world):
    division = world.township.division
    # 城关镇 5010万 + 河口镇 800万
    assert engine.funds_arrived(Scope.for_division(division), YTD, AS_OF).yuan == 50_100_000 + 8_000_000


def test_a_fund_verified_after_the_as_of_date_counts_from_its_verification(world):
    county = Scope.for_jurisdiction(world.root)
    # F2 (1000万, dated 04-05) was verified on 11-10.
    assert engine.funds_arrived(county, YTD, date(2026, 11, 9)).yuan == 58_100_000
    assert engine.funds_arrived(county, YTD, date(2026, 11, 10)).yuan == 58_100_000 + 10_000_000


def test_a_fund_counts_only_in_the_period_of_its_date(world):
    county = Scope.for_jurisdiction(world.root)
    # June: F3 2000万 only; March: F1 3000万 only
    assert engine.funds_arrived(county, Span.month(2026, 6), AS_OF).yuan == 20_000_000
    assert engine.funds_arrived(county, Span.month(2026, 3), AS_OF).yuan == 30_000_000


def test_unverified_funds_are_pending_not_arrived(world):
    county = Scope.for_jurisdiction(world.root)
    # As of 10-31: F2 1000万 (verified only on 11-10) + F5 500万 (never verified)
    assert engine.funds_pending(county, YTD, AS_OF).yuan == 15_000_000
    # As of 11-10 F2 is verified and leaves the pending figure.
    assert engine.funds_pending(county, YTD, date(2026, 11, 10)).yuan == 5_000_000


def test_a_returned_fund_is_not_pending(world, bureau_user):
    from zhaoshang.projects import actions
    from zhaoshang.projects.models import FundEntry, FundStatus

    entry = FundEntry.objects.get(status=FundStatus.REPORTED)
    actions.do_return_funds(entry, "金额与进账单不符", bureau_user)
    today = date.today()
    # Only F5 was pending today; returned, nothing is.
    assert engine.funds_pending(Scope.for_jurisdiction(world.root), Span.ytd(2026, 11), today).yuan == 0


def test_usd_arrivals_are_converted_at_the_years_rate(world):
    # F4 $1,000,000 = 100,000,000 cents × 7.1 / 100 = 7,100,000 元
    assert engine.funds_arrived(Scope.for_unit(world.township), Span.month(2026, 8), AS_OF).yuan == 7_100_000


def test_a_missing_rate_is_reported_not_guessed(world):
    from zhaoshang.projects.models import ExchangeRate

    ExchangeRate.objects.all().delete()
    result = engine.funds_arrived(Scope.for_unit(world.township), Span.month(2026, 8), AS_OF)
    assert (result.yuan, result.missing_rates) == (0, (2026,))


def test_contract_amount_converts_and_splits_by_share(world):
    # County: P1 2亿 + P2 5000万 + P3 1亿 + P5 $1000万 × 7.1 = 7100万
    assert engine.contract_amount(Scope.for_jurisdiction(world.root), YTD, AS_OF).yuan == 421_000_000
    # 城关镇: P1 2亿 + P3 1亿 × 60% + P5 7100万
    assert engine.contract_amount(Scope.for_unit(world.township), YTD, AS_OF).yuan == 331_000_000
    # 河口镇: P2 5000万 + P3 1亿 × 40%
    assert engine.contract_amount(Scope.for_unit(world.other_township), YTD, AS_OF).yuan == 90_000_000


def test_contract_amount_counts_signings_recorded_by_the_as_of_date(world):
    # As of 2026-05-19 only P1 (2亿) and P2 (5000万) had signed; P3 followed on 05-20.
    assert engine.contract_amount(Scope.for_jurisdiction(world.root), YTD, date(2026, 5, 19)).yuan == 250_000_000


def test_shares_are_rounded_half_up_once(world, bureau_user):
    from zhaoshang.projects import actions

    # 3333/10000 of 15元 = 4.9995 元 → 5; 6667/10000 of 15元 = 10.0005 → 10
    actions.do_set_credits(world.p3, [(world.township, 3333), (world.other_township, 6667)], bureau_user)
    from .conftest import fund

    fund(world.p3, date(2026, 10, 1), 15, verified=date(2026, 10, 2))
    october = Span.month(2026, 10)
    assert engine.funds_arrived(Scope.for_unit(world.township), october, AS_OF).yuan == 5
    assert engine.funds_arrived(Scope.for_unit(world.other_township), october, AS_OF).yuan == 10
    assert engine.funds_arrived(Scope.for_jurisdiction(world.root), october, AS_OF).yuan == 15


def test_foreign_actual_is_in_us_cents(world):
    # F4 $1,000,000 of the foreign-funded P5
    assert engine.foreign_actual(Scope.for_jurisdiction(world.root), YTD, AS_OF) == 100_000_000


def test_funds_by_unit_gives_every_unit_its_subtree_and_share(world, django_assert_max_num_queries):
    units = [world.township, world.other_township, world.department]
    with django_assert_max_num_queries(2):
        result = engine.funds_by_unit(units, YTD, AS_OF)
    assert {pk: m.yuan for pk, m in result.items()} == {
        world.township.pk: 50_100_000,
        world.other_township.pk: 8_000_000,
        world.department.pk: 0,
    }
