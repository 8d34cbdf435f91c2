"""Land efficiency: thresholds per park and industry (defaults 300万元/亩 and
25万元/亩·年), the signing review's three outcomes and veto, and the production
review whose shortfall lands on the unit's 待办."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from zhaoshang.elements import land
from zhaoshang.elements.models import LandThreshold, ReviewResult
from zhaoshang.todo import registry

WAN = 10_000


def _review(project, user, investment_wan, tax_wan, veto=""):
    return land.do_review_land_at_signing(
        project, user, area_mu=Decimal("100"), investment=investment_wan * WAN, tax_per_year=tax_wan * WAN, veto=veto
    )


def test_defaults_and_the_most_specific_threshold(project, county):
    assert land.threshold_for(project) == land.Threshold(3_000_000, 250_000, "默认标准")
    project.landing_unit, project.industry = county.township, "新能源"
    LandThreshold.objects.create(park=None, industry="新能源", investment_per_mu=4_000_000, tax_per_mu_year=300_000)
    LandThreshold.objects.create(park=county.township, industry="新能源", investment_per_mu=5_000_000, tax_per_mu_year=400_000)
    assert land.threshold_for(project).investment_per_mu == 5_000_000


@pytest.mark.parametrize(
    ("investment_wan", "tax_wan", "veto", "result"),
    [
        (30_000, 2_500, "", ReviewResult.PASS),  # exactly 300万元/亩 and 25万元/亩·年
        (24_000, 2_000, "", ReviewResult.CONDITIONAL),  # 80 % of both
        (23_999, 2_500, "", ReviewResult.DEFER),
        (90_000, 9_000, "高耗能", ReviewResult.DEFER),
    ],
)
def test_the_signing_review(project, reporter, investment_wan, tax_wan, veto, result):
    assert _review(project, reporter, investment_wan, tax_wan, veto).result == result


def test_a_shortfall_at_production_is_a_todo_of_the_unit(project, reporter, other_reporter, client_for):
    today = timezone.localdate()
    _review(project, reporter, 30_000, 2_500)
    project.planned_producing_on = today - timedelta(days=1)
    project.save()
    [source] = [s for s in registry.sources_for(reporter) if s.key == "land_reviews"]
    assert list(source.records(reporter, today)) == [project]  # the review is due
    [other] = [s for s in registry.sources_for(other_reporter) if s.key == "land_reviews"]
    assert not other.records(other_reporter, today).exists()

    review = land.do_review_land_at_production(project, reporter, investment=25_000 * WAN, tax_per_year=2_600 * WAN)
    assert review.result == ReviewResult.SHORTFALL
    assert list(source.records(reporter, today)) == [project]  # now for the shortfall
    land.do_review_land_at_production(project, reporter, investment=31_000 * WAN, tax_per_year=2_600 * WAN)
    assert not source.records(reporter, today).exists()


def test_the_screen_reviews_at_signing(project, reporter, client_for):
    url = reverse("elements:land_review", args=[project.pk])
    refused = client_for(reporter).post(url, {"kind": "production", "production-investment_wan": "1", "production-tax_wan": "1"})
    assert refused.status_code == 200 and "该项目没有签约时的亩均效益评估" in refused.content.decode()
    response = client_for(reporter).post(
        url, {"kind": "signing", "signing-area_mu": "50", "signing-investment_wan": "15000", "signing-tax_wan": "1250"}
    )
    assert response.status_code == 302
    assert project.land_reviews.get().result == ReviewResult.PASS
    assert "通过" in client_for(reporter).get(url).content.decode()


def test_the_bureau_adds_and_edits_thresholds_in_wan(project, county, bureau_user, client_for):
    client = client_for(bureau_user)
    project.landing_unit = county.township
    project.save()
    add = reverse("elements:threshold_create")
    assert 'value="300"' in client.get(add).content.decode()  # the defaults offered in 万元
    response = client.post(add, {"park": county.township.pk, "industry": "", "investment_wan": "350.5", "tax_wan": "28"})
    assert response.status_code == 302
    threshold = LandThreshold.objects.get()
    assert (threshold.investment_per_mu, threshold.tax_per_mu_year) == (3_505_000, 280_000)
    assert land.threshold_for(project).investment_per_mu == 3_505_000
    listed = client.get(reverse("elements:threshold_list")).content.decode()
    assert "350.50" in listed and "28.00" in listed

    again = client.post(add, {"park": county.township.pk, "industry": "", "investment_wan": "1", "tax_wan": "1"})
    assert again.status_code == 200 and "已经存在" in again.content.decode()
    assert LandThreshold.objects.count() == 1
    blank = {"park": "", "industry": "", "investment_wan": "300", "tax_wan": "25"}
    assert client.post(add, blank).status_code == 302
    assert "已有标准" in client.post(add, blank).content.decode()  # no second county-wide row (NULL ≠ NULL)
    fractional = client.post(add, {**blank, "industry": "", "park": county.department.pk, "investment_wan": "300.00001"})
    assert fractional.status_code == 200 and LandThreshold.objects.count() == 2

    edit = reverse("elements:threshold_edit", args=[threshold.pk])
    page = client.get(edit).content.decode()
    assert 'value="350.5000"' in page
    response = client.post(edit, {"park": county.township.pk, "industry": "", "investment_wan": "400", "tax_wan": "28", "version": threshold.version})
    assert response.status_code == 302
    threshold.refresh_from_db()
    assert threshold.investment_per_mu == 4_000_000
    assert threshold.history.count() == 2 and threshold.history.first().history_user == bureau_user
    assert "400.00" in client.get(edit).content.decode()  # the history, read in 万元
