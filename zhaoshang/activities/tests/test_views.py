"""List pages: filters, export of exactly the filtered rows, pinned query counts,
htmx partials, forms refusing in Chinese; ranking and team pages."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhaoshang.activities.factories import (
    EventFactory,
    EventSigningFactory,
    PublicityFactory,
    TeamMembershipFactory,
    TripFactory,
    VisitFactory,
)
from zhaoshang.activities.models import Trip
from zhaoshang.organisation.factories import PersonFactory


def sheet_rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def trips(county):
    chief = PersonFactory(unit=county.township, is_principal=True)
    return [
        TripFactory(unit=county.township, start_date=date(2026, 1, 5), destination_city="上海", leaders=[chief]),
        TripFactory(unit=county.township, start_date=date(2026, 2, 5), destination_city="深圳"),
        TripFactory(unit=county.township, start_date=date(2025, 5, 5), destination_city="温州", leaders=[chief]),
        TripFactory(unit=county.other_township, start_date=date(2026, 1, 9), destination_city="厦门", leaders=[chief]),
    ]


def test_trip_export_has_exactly_the_filtered_rows(trips, bureau_user, client_for):
    client = client_for(bureau_user)
    query = {"unit": trips[0].unit.pk, "start": "2026-01-01", "principal": "1"}

    page = client.get(reverse("activities:trip_list"), query)
    rows = sheet_rows(client.get(reverse("activities:trip_export"), query))

    assert [t.pk for t in page.context["page"]] == [trips[0].pk]
    assert rows[0][:4] == ("出发日期", "返回日期", "组织单位", "目的地城市")
    assert [(r[2], r[3], r[6]) for r in rows[1:]] == [("城关镇", "上海", "是")]


def test_a_reporter_lists_and_exports_only_their_own_townships_trips(trips, reporter, client_for):
    client = client_for(reporter)
    listed = {t.destination_city for t in client.get(reverse("activities:trip_list")).context["page"]}
    exported = {r[3] for r in sheet_rows(client.get(reverse("activities:trip_export")))[1:]}

    assert listed == exported == {"上海", "深圳", "温州"}


def test_trip_list_query_count_does_not_grow_with_rows(trips, county, bureau_user, client_for, django_assert_max_num_queries):
    for _ in range(10):
        TripFactory(unit=county.township, leaders=[PersonFactory(unit=county.township)])
    client = client_for(bureau_user)
    with django_assert_max_num_queries(12):
        client.get(reverse("activities:trip_list"))


def test_htmx_filter_returns_only_the_results(trips, bureau_user, client_for):
    response = client_for(bureau_user).get(reverse("activities:trip_list"), {"q": "深圳"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="results"' in html and '<nav class="navbar' not in html
    assert "深圳" in html and "上海" not in html


@pytest.mark.parametrize("kind", ["visit", "event", "membership", "publicity"])
def test_other_lists_query_count_is_pinned(kind, county, bureau_user, client_for, django_assert_max_num_queries):
    for _ in range(5):
        VisitFactory(host_unit=county.township)
        EventSigningFactory(event=EventFactory(organiser=county.township))
        TeamMembershipFactory()
        PublicityFactory(unit=county.township)
    client = client_for(bureau_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse(f"activities:{kind}_list")).status_code == 200


def test_event_export_totals_the_signings_in_wan(county, bureau_user, client_for):
    event = EventFactory(organiser=county.township, is_abroad=True)
    EventSigningFactory(event=event, amount=3_000_000_000)
    EventSigningFactory(event=event, amount=3_768_000_000)
    EventFactory(organiser=county.township, is_abroad=False)

    rows = sheet_rows(client_for(bureau_user).get(reverse("activities:event_export"), {"abroad": "1"}))

    assert [(r[1], r[6], float(r[7])) for r in rows[1:]] == [(event.name, 2, 676_800.0)]


def test_the_trip_form_refuses_an_end_before_the_start_in_chinese(county, reporter, client_for):
    response = client_for(reporter).post(
        reverse("activities:trip_create"),
        {"unit": county.township.pk, "start_date": "2026-03-05", "end_date": "2026-03-01", "destination_city": "上海", "destination_country": "中国"},
    )
    assert response.status_code == 200
    assert "返回日期不能早于出发日期" in response.content.decode()
    assert not Trip.objects.exists()


def test_the_ranking_page_shows_units_in_score_order(county, reporter, client_for):
    TripFactory(unit=county.other_township, start_date=date(2026, 3, 3))
    response = client_for(reporter).get(reverse("activities:index_ranking"), {"week": "2026-03-04"})
    rows = response.context["index"].rows
    assert rows[0].unit == county.other_township
    # A reporter sees the county ranking but may open only their own unit's trend.
    assert response.context["linkable"] == {county.township.pk}


def test_the_trend_page_loads_echarts_from_a_static_file(county, bureau_user, client_for):
    html = client_for(bureau_user).get(reverse("activities:index_unit", args=[county.township.pk])).content.decode()
    assert "vendor/echarts/echarts.min.js" in html and "activities/trend_chart.js" in html
    assert 'id="trend-data"' in html


def test_the_team_page_shows_churn(county, bureau_user, client_for):
    from zhaoshang.organisation.factories import UnitFactory

    team = UnitFactory(parent=county.bureau, name="驻厦门招商组", kind="stationed_team", city="厦门")
    TeamMembershipFactory(team=team, joined_on=date(2025, 1, 1))
    TeamMembershipFactory(team=team, joined_on=date(2025, 1, 1), left_on=date(2026, 2, 1))
    response = client_for(bureau_user).get(reverse("activities:team_detail", args=[team.pk]), {"start": "2026-01-01", "end": "2026-06-30"})
    # left 1 ÷ ((2 + 1) ÷ 2) = 0.6667 → 66.7%
    assert "66.7%" in response.content.decode()
