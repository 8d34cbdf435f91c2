"""The campaign screens: what participants, other units and the bureau see, the
editors, the list's filters and its query count."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from zhaoshang.campaigns import actions
from zhaoshang.campaigns.factories import CampaignFactory, CampaignTargetFactory
from zhaoshang.campaigns.models import Campaign, RuleKind
from zhaoshang.organisation.factories import UnitFactory

AS_OF = {"as_of": "2026-10-31"}


def test_a_participant_sees_every_name_and_total_but_only_its_own_breakdown(race, reporter, client_for):
    CampaignTargetFactory(campaign=race.campaign, unit=race.other_township, funds_arrived=100_000_000)
    page = client_for(reporter).get(reverse("campaigns:campaign_detail", args=[race.campaign.pk]), AS_OF).content.decode()
    # Names and totals of everyone (公布进度 within the county) …
    assert "城关镇" in page and "河口镇" in page and "县经信局" in page
    assert ">91<" in page and ">23<" in page and ">-5<" in page
    # … 城关镇's own rule points (60 capped, 16), but not 河口镇's progress (400万 of 1亿).
    assert "封顶" in page and ">16<" in page
    assert "400.00万元 / 1.00亿元" not in page
    assert "还剩39天" in page


def test_the_bureau_sees_everyones_progress(race, bureau_user, client_for):
    CampaignTargetFactory(campaign=race.campaign, unit=race.other_township, funds_arrived=100_000_000)
    page = client_for(bureau_user).get(reverse("campaigns:campaign_detail", args=[race.campaign.pk]), AS_OF).content.decode()
    assert "400.00万元 / 1.00亿元" in page  # 400万 of 1亿, each by the display rule and "落后序时进度" in page


def test_campaigns_of_other_units_are_not_listed(county, reporter, client_for):
    CampaignFactory(jurisdiction=county.root, name="城关参加", units=[county.township])
    CampaignFactory(jurisdiction=county.root, name="河口专项", units=[county.other_township])
    page = client_for(reporter).get(reverse("campaigns:campaign_list")).content.decode()
    assert "城关参加" in page and "河口专项" not in page


def test_the_list_filters_by_status_and_pins_its_queries(county, bureau_user, client_for, django_assert_max_num_queries):
    CampaignFactory(jurisdiction=county.root, name="早已结束", start=date(2020, 1, 1), end=date(2020, 4, 10))
    for n in range(3):
        CampaignFactory(jurisdiction=county.root, name=f"远期{n}", start=date(2099, 1, 1), end=date(2099, 4, 10), units=[county.township])
    client = client_for(bureau_user)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("campaigns:campaign_list"), {"status": "ended"}).content.decode()
    assert "早已结束" in page and "远期0" not in page


def test_the_leaderboard_export_holds_the_figures_of_the_page(race, bureau_user, client_for):
    response = client_for(bureau_user).get(reverse("campaigns:leaderboard_export", args=[race.campaign.pk]), AS_OF)
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["一赛区", "赛区外单位"]
    rows = list(book["一赛区"].iter_rows(min_row=2, max_col=4, values_only=True))
    assert rows == [(1, "城关镇", 91, 60), (2, "河口镇", 23, 4)]


def test_the_bureau_creates_a_campaign_and_sets_rules_and_targets(county, bureau_user, client_for):
    client = client_for(bureau_user)
    response = client.post(
        reverse("campaigns:campaign_create"),
        {
            "jurisdiction": county.root.pk,
            "name": "双百活动",
            "kind": "double_hundred",
            "start": "2026-09-01",
            "end": "2026-12-09",
            "units": [county.township.pk, county.other_township.pk],
            "target_min_investment_wan": "10000",
        },
    )
    campaign = Campaign.objects.get(name="双百活动")
    assert response.url == reverse("campaigns:rules_edit", args=[campaign.pk])
    assert campaign.target_min_investment == 100_000_000 and campaign.history.first().history_user == bureau_user
    client.post(
        reverse("campaigns:rules_edit", args=[campaign.pk]),
        {
            "rules-TOTAL_FORMS": "2",
            "rules-INITIAL_FORMS": "0",
            "rules-0-kind": "funds",
            "rules-0-points": "1",
            "rules-0-per_wan": "100",
            "rules-0-cap": "60",
            "rules-1-kind": "signed_then_nothing",
            "rules-1-points": "-5",
            "prizes-TOTAL_FORMS": "1",
            "prizes-INITIAL_FORMS": "0",
            "prizes-0-rank_from": "1",
            "prizes-0-rank_to": "2",
            "prizes-0-text": "流动红旗",
            "version": 1,
        },
    )
    assert [(r.kind, r.points, r.cap) for r in campaign.rules.all()] == [
        (RuleKind.FUNDS, Decimal("1.00"), Decimal("60.00")),
        (RuleKind.SIGNED_THEN_NOTHING, Decimal("-5.00"), None),
    ]
    assert campaign.prizes.get().text == "流动红旗"
    client.post(
        reverse("campaigns:targets_edit", args=[campaign.pk]),
        {f"u{county.township.pk}_funds_arrived": "2500", f"u{county.township.pk}_started_count": "1", "version": 2},
    )
    target = campaign.targets.get(unit=county.township)
    assert (target.funds_arrived, target.started_count, target.signed_count) == (25_000_000, 1, 0)


def test_a_stage_rule_needs_its_stage(county, bureau_user, client_for):
    campaign = CampaignFactory(jurisdiction=county.root)
    response = client_for(bureau_user).post(
        reverse("campaigns:rules_edit", args=[campaign.pk]),
        {
            "rules-TOTAL_FORMS": "1",
            "rules-INITIAL_FORMS": "0",
            "rules-0-kind": "stage",
            "rules-0-points": "10",
            "prizes-TOTAL_FORMS": "0",
            "prizes-INITIAL_FORMS": "0",
            "version": campaign.version,
        },
    )
    assert "项目进度计分须选择项目阶段" in response.content.decode() and not campaign.rules.exists()


def test_the_add_rule_button_returns_a_numbered_row_and_the_new_count(county, bureau_user, client_for):
    campaign = CampaignFactory(jurisdiction=county.root)
    page = (
        client_for(bureau_user)
        .get(reverse("campaigns:rule_row", args=[campaign.pk]), {"rules-TOTAL_FORMS": "2"}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert 'name="rules-2-kind"' in page and 'value="3"' in page and "hx-swap-oob" in page


def test_participants_must_belong_to_the_jurisdiction(county, bureau_user):
    elsewhere = UnitFactory(name="外县")
    campaign = CampaignFactory(jurisdiction=county.root, units=[county.township])
    with pytest.raises(ValidationError):
        actions.do_update_campaign(
            campaign, {"name": campaign.name, "start": campaign.start, "end": campaign.end}, [elsewhere], campaign.version, bureau_user
        )
