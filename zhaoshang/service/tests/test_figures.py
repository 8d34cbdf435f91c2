"""The figures against the hand-computed table of conftest.py."""

from datetime import date
from decimal import Decimal

from zhaoshang.metrics.periods import Scope
from zhaoshang.organisation.models import Division
from django.urls import reverse

from zhaoshang.service import figures

START = date(2024, 1, 1)
OCT = date(2024, 10, 31)
NOV = date(2024, 11, 30)


def test_the_calendar_gives_the_committed_day_and_the_working_days_used(ledger):
    i1, i2 = ledger.items["I1"], ledger.items["I2"]
    assert (i1.due_on, i1.used_days, i1.saved_days) == (date(2024, 10, 10), 4, 16)
    assert (i2.due_on, i2.used_days, i2.saved_days) == (date(2024, 10, 11), 5, 5)
    assert i2.is_late(OCT) and not i1.is_late(OCT)


def test_on_time_rate_and_days_saved_by_unit(ledger, county):
    township, department, other = (Scope.for_unit(u) for u in (county.township, county.department, county.other_township))
    assert figures.value("item_on_time", township, START, OCT).rate == Decimal("50.0")
    assert figures.value("item_days_saved", township, START, OCT).numerator == 21
    assert figures.value("item_on_time", department, START, OCT).rate == Decimal("100.0")
    assert figures.value("item_days_saved", department, START, OCT).numerator == 3
    assert figures.value("item_on_time", other, START, OCT).rate is None


def test_county_and_division(ledger, county):
    whole = Scope.for_jurisdiction(county.root)
    division = Scope.for_division(Division.objects.get(name="一赛区"))
    assert figures.value("item_on_time", whole, START, OCT).rate == Decimal("66.7")
    assert figures.value("item_days_saved", whole, START, OCT).numerator == 24
    assert figures.value("item_on_time", division, START, OCT).rate == Decimal("50.0")
    assert figures.value("item_days_saved", division, START, OCT).numerator == 21


def test_a_later_date_counts_the_items_finished_since(ledger, county):
    whole = Scope.for_jurisdiction(county.root)
    assert figures.value("item_on_time", whole, START, NOV).rate == Decimal("75.0")
    assert figures.value("item_days_saved", whole, START, NOV).numerator == 26


def test_fulfilment_rate(ledger, county):
    whole = Scope.for_jurisdiction(county.root)
    assert figures.value("commitment_fulfilment", Scope.for_unit(county.township), START, OCT).rate == Decimal("50.0")
    assert figures.value("commitment_fulfilment", Scope.for_unit(county.department), START, OCT).rate == Decimal("0.0")
    assert figures.value("commitment_fulfilment", whole, START, OCT).rate == Decimal("33.3")
    assert figures.value("commitment_fulfilment", Scope.for_unit(county.township), START, NOV).rate == Decimal("100.0")
    assert figures.value("commitment_fulfilment", whole, START, NOV).rate == Decimal("66.7")


def test_ranking_orders_by_the_first_figure_and_leaves_units_without_items_unranked(ledger, county):
    scopes = [Scope.for_unit(u) for u in (county.township, county.department, county.other_township)]
    rows = figures.ranking(scopes, START, OCT)
    assert [(r.rank, r.scope.name) for r in rows] == [(1, "县经信局"), (2, "城关镇"), (None, "河口镇")]
    by_days = figures.ranking(scopes, START, OCT, by="item_days_saved")
    assert [r.scope.name for r in by_days][:2] == ["城关镇", "县经信局"]


def test_one_query_per_figure_whatever_the_number_of_scopes(ledger, county, django_assert_num_queries):
    scopes = [Scope.for_unit(u) for u in (county.township, county.department, county.other_township)]
    # The three figures of items and commitments, and one for the six case figures
    # together (no cases here: nothing to prefetch; see test_case_lines.py).
    with django_assert_num_queries(4):
        figures.figures_for(scopes, START, OCT)


def test_days_display_in_wan():
    assert figures.Value(23_700, 500, "days").display == "2.37万个工作日"
    assert figures.Value(953, 1000, "rate").display == "95.3%"


def test_the_dashboard_card_shows_the_figures_and_drills_down(ledger, county, bureau_user, client_for):
    client = client_for(bureau_user)
    page = client.get(reverse("dashboard"), {"scope": f"unit:{county.township.pk}", "as_of": "2024-10-31"}).content.decode()
    assert 'data-card="service"' in page
    link = f"/service/items/?finished_from=2024-01-01&amp;finished_to=2024-10-31&amp;scope=unit:{county.township.pk}"
    assert link in page
    drilled = client.get(link.replace("&amp;", "&"))
    assert [i.number for i in drilled.context["page"]] == ["I2", "I1"]


def test_the_ranking_page_lists_units_and_divisions(ledger, county, reporter, client_for, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        page = client_for(reporter).get(reverse("service:ranking"), {"as_of": "2024-10-31"}).content.decode()
    assert "城关镇" in page and "一赛区" in page and "66.7%" in page
