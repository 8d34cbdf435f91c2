"""Small factories with arguments (STYLE.md). They write rows directly, for
setting up tests; the actions are tested on their own."""

from __future__ import annotations

from datetime import date

import factory

from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.projects.factories import InvestorFactory

from .models import ActivityWeights, Event, EventSigning, Publicity, TeamMembership, Trip, TripLeader, Visit


class TripFactory(factory.django.DjangoModelFactory):
    """TripFactory(unit=township, leaders=[person]) records the leaders through
    TripLeader and derives the trip's principal flag as the actions do."""

    class Meta:
        model = Trip
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    start_date = date(2026, 3, 2)
    end_date = factory.SelfAttribute("start_date")
    destination_city = "深圳"

    @factory.post_generation
    def leaders(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for person in extracted:
            TripLeader.objects.create(trip=self, person=person)
        self.is_principal_led = self.leader_rows.filter(is_principal_leader=True).exists()
        self.save(update_fields=["is_principal_led"])


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    investor = factory.SubFactory(InvestorFactory)
    host_unit = factory.SubFactory(UnitFactory)
    start_date = date(2026, 3, 3)
    end_date = factory.SelfAttribute("start_date")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"招商推介会{n}")
    date = date(2026, 3, 4)
    place = "县会展中心"
    organiser = factory.SubFactory(UnitFactory)


class EventSigningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSigning

    event = factory.SubFactory(EventFactory)
    project_name = factory.Sequence(lambda n: f"签约项目{n}")
    amount = 100_000_000


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(UnitFactory, kind="stationed_team")
    person = factory.SubFactory("zhaoshang.organisation.factories.PersonFactory")
    joined_on = date(2025, 1, 1)


class PublicityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publicity

    date = date(2026, 3, 5)
    unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"招商工作简讯{n}")
    outlet = "县融媒体中心"


class ActivityWeightsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityWeights

    jurisdiction = factory.SubFactory(UnitFactory, kind="county")
    signings = 30
    starts = 20
    trips = 20
    visits = 10
    events = 10
    publicity = 10
