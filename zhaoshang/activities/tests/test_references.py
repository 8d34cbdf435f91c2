"""What an activity record may point at (issue 10, part 6): a reporter of 河口镇
cannot link 城关镇's projects to its own trips, visits and event signings, and a
leader or member who has left stays on a record saved untouched."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from zhaoshang.activities.factories import EventFactory, TeamMembershipFactory, TripFactory, VisitFactory
from zhaoshang.activities.models import EventSigning, TeamMembership, Trip, TripLeader, Visit
from zhaoshang.organisation.factories import PersonFactory, UnitFactory
from zhaoshang.organisation.models import LeaderBody, UnitKind
from zhaoshang.projects.factories import InvestorFactory, ProjectFactory


def history_rows() -> int:
    return sum(model.history.count() for model in (Trip, TripLeader, Visit, EventSigning, TeamMembership))


def untouched(form) -> dict:
    """What a browser sends back for an edit form nobody changed."""
    data = {}
    for field in form:
        value = field.value()
        if value is True:
            data[field.html_name] = "on"
        elif isinstance(value, list):
            data[field.html_name] = [str(v) for v in value]
        elif value not in (None, False, ""):
            data[field.html_name] = value
    return data


@pytest.fixture
def guarded(county):
    """城关镇's project, which 河口镇 must not see."""
    return ProjectFactory(name="城关新能源基地", introducing_unit=county.township)


def trip_form(county, **extra) -> dict:
    return {"unit": county.other_township.pk, "start_date": "2026-03-02", "end_date": "2026-03-03", "destination_city": "深圳", **extra}


def test_another_units_project_cannot_be_a_trips_lead(client_for, county, other_reporter, guarded):
    before = history_rows()
    response = client_for(other_reporter).post(reverse("activities:trip_create"), trip_form(county, leads=[guarded.pk]))
    assert "leads" in response.context["form"].errors
    assert not Trip.objects.exists() and history_rows() == before


def test_another_units_project_cannot_be_discussed_on_a_visit(client_for, county, other_reporter, guarded):
    before = history_rows()
    data = {
        "investor": InvestorFactory().pk,
        "start_date": "2026-03-02",
        "end_date": "2026-03-02",
        "host_unit": county.other_township.pk,
        "visitors": "王总",
        "projects": [guarded.pk],
    }
    response = client_for(other_reporter).post(reverse("activities:visit_create"), data)
    assert "projects" in response.context["form"].errors
    assert not Visit.objects.exists() and history_rows() == before


def test_another_units_project_cannot_be_signed_at_ones_event(client_for, county, other_reporter, guarded):
    event = EventFactory(organiser=county.other_township, date=date(2026, 3, 2))
    before = history_rows()
    response = client_for(other_reporter).post(reverse("activities:event_signing_add", args=[event.pk]), {"project": guarded.pk, "amount_wan": "100"})
    assert "project" in response.context["form"].errors
    assert not EventSigning.objects.exists() and history_rows() == before


def test_a_trip_cannot_be_recorded_for_another_unit(client_for, county, other_reporter):
    response = client_for(other_reporter).post(reverse("activities:trip_create"), trip_form(county, unit=county.township.pk))
    assert "unit" in response.context["form"].errors
    assert not Trip.objects.exists()


@pytest.fixture
def retired(county):
    return PersonFactory(name="李副县长", post="副县长", unit=county.root, leader_body=LeaderBody.GOVERNMENT, is_active=False)


def test_an_untouched_trip_save_keeps_a_leader_who_has_since_left(client_for, county, reporter, retired):
    trip = TripFactory(unit=county.township, leaders=[retired])
    client = client_for(reporter)
    url = reverse("activities:trip_edit", args=[trip.pk])
    page = client.get(url)
    assert f'value="{retired.pk}" selected' in page.content.decode()
    assert client.post(url, untouched(page.context["form"])).status_code == 302
    assert list(trip.leader_rows.values_list("person", flat=True)) == [retired.pk]


def test_a_leader_who_has_left_is_not_offered_for_a_new_trip(client_for, county, reporter, retired):
    form = client_for(reporter).get(reverse("activities:trip_create")).context["form"]
    assert retired not in form.fields["leaders"].queryset


def test_an_untouched_visit_save_keeps_a_leader_who_has_since_left(client_for, county, reporter, retired):
    visit = VisitFactory(host_unit=county.township)
    visit.leaders.set([retired])
    client = client_for(reporter)
    url = reverse("activities:visit_edit", args=[visit.pk])
    page = client.get(url)
    assert client.post(url, untouched(page.context["form"])).status_code == 302
    assert list(visit.leaders.all()) == [retired]


def test_a_member_who_has_left_office_still_gets_his_leave_date_recorded(client_for, county, reporter):
    team = UnitFactory(parent=county.township, name="城关镇驻上海招商组", kind=UnitKind.STATIONED_TEAM, city="上海")
    member = PersonFactory(unit=county.township, name="周干部", is_active=False)
    membership = TeamMembershipFactory(team=team, person=member, joined_on=date(2025, 1, 1))
    client = client_for(reporter)
    url = reverse("activities:membership_edit", args=[membership.pk])
    data = {**untouched(client.get(url).context["form"]), "left_on": "2026-01-31"}
    assert client.post(url, data).status_code == 302
    membership.refresh_from_db()
    assert membership.person == member and membership.left_on == date(2026, 1, 31)
