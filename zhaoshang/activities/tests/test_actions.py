"""The rules of actions.py, refused in Chinese, with history naming the user."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhaoshang.activities import actions
from zhaoshang.activities.factories import EventFactory, TeamMembershipFactory
from zhaoshang.activities.models import EventSigning
from zhaoshang.organisation.factories import PersonFactory, UnitFactory
from zhaoshang.organisation.models import LeaderBody, UnitKind

TODAY = timezone.localdate()


def trip_data(county, **changes):
    return {
        "unit": county.township,
        "start_date": date(2026, 3, 2),
        "end_date": date(2026, 3, 4),
        "destination_city": "厦门",
        "destination_country": "中国",
        **changes,
    }


def messages_of(error: ValidationError) -> dict:
    return {field: " ".join(messages) for field, messages in error.message_dict.items()}


def test_a_trip_led_by_a_county_leader_is_principal_led_and_history_names_the_user(county, reporter):
    leader = PersonFactory(unit=county.root, leader_body=LeaderBody.GOVERNMENT)
    trip = actions.do_create_trip(trip_data(county), [leader], reporter)

    assert trip.is_principal_led
    assert trip.leader_rows.get().is_principal_leader
    assert trip.history.first().history_user == reporter


def test_a_trip_led_by_a_deputy_is_not_principal_led(county, reporter):
    trip = actions.do_create_trip(trip_data(county), [PersonFactory(unit=county.township)], reporter)
    assert not trip.is_principal_led


def test_removing_the_principal_leader_clears_the_flag(county, reporter):
    chief = PersonFactory(unit=county.township, is_principal=True)
    trip = actions.do_create_trip(trip_data(county), [chief], reporter)

    actions.do_update_trip(trip, {"notes": "改由副镇长带队"}, [PersonFactory(unit=county.township)], trip.version, reporter)

    trip.refresh_from_db()
    assert not trip.is_principal_led


def test_a_trip_cannot_end_before_it_starts(county, reporter):
    with pytest.raises(ValidationError) as error:
        actions.do_create_trip(trip_data(county, end_date=date(2026, 3, 1)), [], reporter)
    assert messages_of(error.value) == {"end_date": "返回日期不能早于出发日期"}


def test_a_trip_cannot_start_in_the_future(county, reporter):
    later = TODAY + timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        actions.do_create_trip(trip_data(county, start_date=later, end_date=later), [], reporter)
    assert messages_of(error.value) == {"start_date": "出发日期不能晚于今天"}


def test_a_reporter_cannot_record_a_trip_of_another_township(county, other_reporter):
    with pytest.raises(PermissionDenied):
        actions.do_create_trip(trip_data(county), [], other_reporter)


def test_a_visit_cannot_end_before_it_starts(county, reporter):
    from zhaoshang.projects.factories import InvestorFactory

    data = {"investor": InvestorFactory(), "host_unit": county.township, "start_date": date(2026, 3, 2), "end_date": date(2026, 3, 1)}
    with pytest.raises(ValidationError) as error:
        actions.do_create_visit(data, reporter)
    assert messages_of(error.value) == {"end_date": "离开日期不能早于来访日期"}


def test_signing_amounts_cannot_be_negative(county, reporter):
    event = EventFactory(organiser=county.township)
    with pytest.raises(ValidationError) as error:
        actions.do_add_event_signing(event, {"project_name": "某项目", "amount": -1}, reporter)
    assert messages_of(error.value) == {"amount": "签约金额不能为负数"}


def test_an_event_not_yet_held_has_no_signings(county, reporter):
    event = EventFactory(organiser=county.township, date=TODAY + timedelta(days=10))
    with pytest.raises(ValidationError, match="活动尚未举办，不能登记签约项目"):
        actions.do_add_event_signing(event, {"project_name": "某项目", "amount": 1}, reporter)
    assert not EventSigning.objects.exists()


@pytest.fixture
def team(county):
    return UnitFactory(parent=county.township, name="城关镇驻深圳招商组", kind=UnitKind.STATIONED_TEAM)


def test_a_person_cannot_have_overlapping_memberships_of_one_team(county, reporter, team):
    person = PersonFactory(unit=county.township, name="周敏")
    TeamMembershipFactory(team=team, person=person, joined_on=date(2025, 1, 1), left_on=date(2025, 6, 30))

    with pytest.raises(ValidationError) as error:
        actions.do_create_membership({"team": team, "person": person, "joined_on": date(2025, 6, 1)}, reporter)
    assert messages_of(error.value) == {"joined_on": "周敏在城关镇驻深圳招商组已有 2025-01-01 至 2025-06-30 的任职记录，时间不能重叠"}


def test_a_person_may_rejoin_a_team_on_the_day_they_left(county, reporter, team):
    person = PersonFactory(unit=county.township)
    TeamMembershipFactory(team=team, person=person, joined_on=date(2025, 1, 1), left_on=date(2025, 6, 30))

    membership = actions.do_create_membership({"team": team, "person": person, "joined_on": date(2025, 6, 30)}, reporter)

    assert membership.history.first().history_user == reporter


def test_only_stationed_teams_have_memberships(county, reporter):
    with pytest.raises(ValidationError) as error:
        actions.do_create_membership(
            {"team": county.township, "person": PersonFactory(unit=county.township), "joined_on": date(2025, 1, 1)},
            reporter,
        )
    assert messages_of(error.value) == {"team": "「城关镇」不是驻点招商组"}


def test_weights_are_the_bureaus_and_cannot_all_be_zero(county, bureau_user, reporter):
    zero = {"signings": 0, "starts": 0, "trips": 0, "visits": 0, "events": 0, "publicity": 0}
    with pytest.raises(PermissionDenied):
        actions.do_set_activity_weights(county.root, {**zero, "trips": 1}, 0, reporter)
    with pytest.raises(ValidationError, match="权重不能全部为0"):
        actions.do_set_activity_weights(county.root, zero, 0, bureau_user)

    weights = actions.do_set_activity_weights(county.root, {**zero, "trips": 1}, 0, bureau_user)
    assert weights.history.first().history_user == bureau_user
