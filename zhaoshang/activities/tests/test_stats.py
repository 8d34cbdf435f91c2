"""trip_stats and team_churn against hand-computed figures on a small fixed set."""

from datetime import date
from decimal import Decimal

from zhaoshang.activities.factories import TeamMembershipFactory, TripFactory
from zhaoshang.activities.stats import team_churn, trip_stats
from zhaoshang.organisation.factories import PersonFactory, UnitFactory
from zhaoshang.organisation.models import LeaderBody, UnitKind


def test_trip_stats_count_batches_and_the_share_led_by_principal_leaders(county):
    section = UnitFactory(parent=county.township, name="城关镇招商组", kind=UnitKind.SECTION)
    secretary = PersonFactory(unit=county.township, is_principal=True)
    deputy = PersonFactory(unit=county.township)
    vice_mayor = PersonFactory(unit=county.root, leader_body=LeaderBody.GOVERNMENT)
    # In 城关镇's subtree, first half of 2026: 8 trips, 3 led by a principal leader.
    TripFactory(unit=county.township, start_date=date(2026, 1, 5), leaders=[secretary])
    TripFactory(unit=county.township, start_date=date(2026, 2, 9), leaders=[vice_mayor, deputy])
    TripFactory(unit=section, start_date=date(2026, 6, 30), leaders=[secretary])
    for day in (1, 2, 3, 4):
        TripFactory(unit=county.township, start_date=date(2026, 3, day), leaders=[deputy])
    TripFactory(unit=section, start_date=date(2026, 1, 1))
    # Outside: before the period, after it, and another township.
    TripFactory(unit=county.township, start_date=date(2025, 12, 31), leaders=[secretary])
    TripFactory(unit=county.township, start_date=date(2026, 7, 1), leaders=[secretary])
    TripFactory(unit=county.other_township, start_date=date(2026, 3, 1), leaders=[secretary])

    stats = trip_stats([county.township.path], date(2026, 1, 1), date(2026, 6, 30))

    # 3 ÷ 8 = 0.375
    assert (stats.batches, stats.principal_led, stats.principal_share) == (8, 3, Decimal("0.3750"))


def test_same_period_last_year_is_the_same_call_over_last_years_dates(county):
    leader = PersonFactory(unit=county.root, leader_body=LeaderBody.PARTY)
    TripFactory(unit=county.township, start_date=date(2025, 3, 1), leaders=[leader])
    TripFactory(unit=county.township, start_date=date(2025, 3, 2))
    TripFactory(unit=county.township, start_date=date(2025, 3, 3))

    stats = trip_stats([county.root.path], date(2025, 1, 1), date(2025, 6, 30))

    # 1 ÷ 3 = 0.3333…
    assert (stats.batches, stats.principal_led, stats.principal_share) == (3, 1, Decimal("0.3333"))


def test_trip_stats_without_trips_has_no_share(county):
    assert trip_stats([county.township.path], date(2026, 1, 1), date(2026, 6, 30)).principal_share is None


def test_a_leaders_later_promotion_does_not_change_last_years_share(county):
    deputy = PersonFactory(unit=county.township)
    TripFactory(unit=county.township, start_date=date(2025, 5, 1), leaders=[deputy])
    deputy.is_principal = True
    deputy.save()

    assert trip_stats([county.township.path], date(2025, 1, 1), date(2025, 12, 31)).principal_led == 0


def test_team_churn_is_leavers_over_the_average_of_members_at_start_and_end(county):
    team = UnitFactory(parent=county.bureau, name="驻深圳招商组", kind=UnitKind.STATIONED_TEAM)
    member = lambda joined, left=None: TeamMembershipFactory(team=team, joined_on=joined, left_on=left)
    member(date(2025, 1, 1))  # A: stays
    member(date(2025, 1, 1), date(2026, 3, 10))  # B: leaves in the period
    member(date(2025, 6, 1), date(2026, 1, 1))  # C: leaves on the first day (there that morning)
    member(date(2026, 2, 1))  # D: joins in the period
    member(date(2024, 1, 1), date(2025, 12, 31))  # E: gone before the period
    TeamMembershipFactory(joined_on=date(2025, 1, 1), left_on=date(2026, 2, 1))  # another team

    churn = team_churn(team, date(2026, 1, 1), date(2026, 6, 30))

    # left: B, C = 2; at start: A, B, C = 3; at end: A, D = 2; average (3 + 2) ÷ 2 = 2.5; 2 ÷ 2.5 = 0.8
    assert churn.left == 2
    assert (churn.members_at_start, churn.members_at_end, churn.average_members) == (3, 2, Decimal("2.5"))
    assert churn.rate == Decimal("0.8000")


def test_team_churn_of_an_empty_team_has_no_rate(county):
    team = UnitFactory(parent=county.bureau, kind=UnitKind.STATIONED_TEAM)
    assert team_churn(team, date(2026, 1, 1), date(2026, 6, 30)).rate is None
