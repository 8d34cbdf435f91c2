"""The demo county's activities: the amounts of the demo seed (docs/domain.md), deterministic."""

import pytest
from django.db.models import Count, Sum

from zhaoshang.activities.models import ActivityWeights, Event, TeamMembership, Trip, Visit

pytestmark = pytest.mark.django_db


def test_demo_has_trips_visits_and_events(demo_county):
    assert Trip.objects.count() == 60
    assert Visit.objects.count() == 80
    assert 9 <= Event.objects.count() <= 11
    assert ActivityWeights.objects.count() == 1


def test_some_trips_are_led_by_principal_leaders_but_not_all(demo_county):
    led = Trip.objects.filter(is_principal_led=True).count()
    assert 10 < led < 50


def test_the_expo_signs_58_projects_worth_67_68_yi(demo_county):
    expo = Event.objects.annotate(n=Count("signings"), total=Sum("signings__amount")).get(name="第三届清河特色产业博览会")
    assert (expo.n, expo.total) == (58, 6_768_000_000)


def test_stationed_teams_have_members_who_left(demo_county):
    assert TeamMembership.objects.filter(left_on__isnull=False).exists()
    assert TeamMembership.objects.filter(left_on__isnull=True).count() >= 6
