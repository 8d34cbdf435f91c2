"""The public progress page: published disclosures only, marked columns only,
figures from the rankings as of the disclosure date, no login needed."""

from datetime import date

import pytest
from django.urls import reverse

from zhaoshang.metrics.tests.conftest import fund
from zhaoshang.portal import actions
from zhaoshang.portal.factories import DisclosureFactory
from zhaoshang.projects.factories import ProjectFactory
from zhaoshang.targets.models import Period, Target


@pytest.fixture
def period(county):
    period = Period.objects.create(jurisdiction=county.root, name="2026年度", start=date(2026, 1, 1), end=date(2026, 12, 31))
    # 城关镇: own target 3000万, 1500万 verified in March; 河口镇: division default 6000万,
    # 600万 verified in May and 900万 more dated 06-20 but verified only 07-05.
    Target.objects.create(period=period, kind="funds_arrived", unit=county.township, amount=30_000_000)
    fund(ProjectFactory(introducing_unit=county.township), date(2026, 3, 1), 15_000_000, verified=date(2026, 3, 2))
    fund(ProjectFactory(introducing_unit=county.other_township), date(2026, 5, 1), 6_000_000, verified=date(2026, 5, 2))
    fund(ProjectFactory(introducing_unit=county.other_township), date(2026, 6, 20), 9_000_000, verified=date(2026, 7, 5))
    return period


def test_anonymous_visitors_see_a_published_disclosure_with_only_its_columns(period, client):
    disclosure = DisclosureFactory(period=period, title="上半年任务完成情况", columns=["rate", "rank"], is_published=True)
    page = client.get(reverse("portal:progress_detail", args=[disclosure.pk])).content.decode()
    assert "上半年任务完成情况" in page
    # As of 06-30: 城关镇 1500/3000 = 50.00%, rank 1; 河口镇 600/6000 = 10.00%, rank 2
    # (the 900万 verified on 07-05 does not count on 06-30).
    assert "50.00%" in page and "10.00%" in page
    assert "完成率" in page and "赛区排名" in page
    # Targets and amounts were not marked public.
    assert "任务数（万元）" not in page and "完成数（万元）" not in page and "3,000.00" not in page


def test_marked_amount_columns_are_shown_in_wan(period, client):
    disclosure = DisclosureFactory(period=period, columns=["target", "actual"], is_published=True)
    page = client.get(reverse("portal:progress_detail", args=[disclosure.pk])).content.decode()
    assert "3,000.00" in page and "1,500.00" in page and "600.00" in page
    assert "完成率" not in page and "赛区排名" not in page


def test_an_unpublished_disclosure_is_not_found_and_not_listed(period, client):
    draft = DisclosureFactory(period=period, title="草稿不得外传")
    assert client.get(reverse("portal:progress_detail", args=[draft.pk])).status_code == 404
    assert "草稿不得外传" not in client.get(reverse("portal:index")).content.decode()
    assert "暂无公开信息" in client.get(reverse("portal:progress")).content.decode()


def test_the_landing_page_lists_published_disclosures_and_progress_shows_the_latest(period, client):
    DisclosureFactory(period=period, title="上半年", as_of=date(2026, 6, 30), is_published=True)
    DisclosureFactory(period=period, title="全年", as_of=date(2026, 12, 31), is_published=True)
    index = client.get(reverse("portal:index")).content.decode()
    assert "上半年" in index and "全年" in index
    assert '<h1 class="h4 mb-1">全年</h1>' in client.get(reverse("portal:progress")).content.decode()


def test_nothing_else_is_public(client):
    for url in (reverse("campaigns:campaign_list"), reverse("disclosures:disclosure_list"), reverse("home")):
        assert client.get(url).status_code == 302


def test_publishing_records_who_and_when_and_unpublishing_hides_it_again(period, bureau_user, client):
    disclosure = DisclosureFactory(period=period)
    actions.do_publish_disclosure(disclosure, bureau_user)
    disclosure.refresh_from_db()
    assert disclosure.is_published and disclosure.published_by == bureau_user and disclosure.published_at
    assert disclosure.history.first().history_user == bureau_user
    actions.do_unpublish_disclosure(disclosure, bureau_user)
    assert client.get(reverse("portal:progress_detail", args=[disclosure.pk])).status_code == 404


def test_the_disclosure_date_must_fall_in_the_period(period, bureau_user, client_for):
    response = client_for(bureau_user).post(
        reverse("disclosures:disclosure_create"),
        {"period": period.pk, "title": "错误日期", "as_of": "2027-06-30", "columns": ["rate"]},
    )
    assert "公布截至日期须在考核期间" in response.content.decode()


def test_the_disclosure_history_names_its_columns_in_chinese(period, bureau_user, client_for):
    disclosure = DisclosureFactory(period=period)
    data = {"period": period, "title": disclosure.title, "as_of": disclosure.as_of, "columns": ["target", "rate"]}
    actions.do_update_disclosure(disclosure, data, disclosure.version, bureau_user)

    page = client_for(bureau_user).get(reverse("disclosures:disclosure_detail", args=[disclosure.pk])).content.decode()

    history = page.split('id="history"')[1]
    assert "完成率、赛区排名 → 任务数、完成率" in history
    assert "rate" not in history and "[" not in history
