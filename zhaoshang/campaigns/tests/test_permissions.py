"""Who may open each campaign URL. Decision (campaigns/access.py): the bureau manages;
leaders and the bureau read everything; users of participating units see the
campaign; users of other units get 404."""

from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case

LOGIN = 302
# 城关镇 takes part, 河口镇 does not.
READ = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 404, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
MANAGE = {"anonymous": LOGIN, "reporter": 403, "other_reporter": 404, "unit_head": 403, "leader": 403, "bureau_user": 200, "admin_user": 200}
MANAGE_POST = {**MANAGE, "bureau_user": 302, "admin_user": 302}
LIST = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
CREATE = {"anonymous": LOGIN, "reporter": 403, "other_reporter": 403, "leader": 403, "bureau_user": 200, "admin_user": 200}


def campaign(w):
    return [w.campaign.pk]


def _campaign_post(w):
    return {
        "name": "百日竞赛",
        "kind": "hundred_days",
        "start": "2026-09-01",
        "end": "2026-12-09",
        "units": [w.township.pk],
        "target_min_investment_wan": "10000",
    }


CASES = [
    Case("campaigns:campaign_list", LIST),
    Case("campaigns:campaign_export", LIST),
    Case("campaigns:campaign_create", CREATE),
    Case(
        "campaigns:campaign_create",
        {**CREATE, "bureau_user": 302, "admin_user": 302},
        method="post",
        data=lambda w: {**_campaign_post(w), "name": "新竞赛", "jurisdiction": w.root.pk},
    ),
    Case("campaigns:campaign_detail", READ, args=campaign),
    Case("campaigns:campaign_detail", READ, args=campaign, query={"as_of": "2026-10-31"}),
    Case("campaigns:leaderboard_export", READ, args=campaign),
    Case("campaigns:campaign_edit", MANAGE, args=campaign),
    Case(
        "campaigns:campaign_edit",
        MANAGE_POST,
        args=campaign,
        method="post",
        data=lambda w: {**_campaign_post(w), "version": w.campaign.version},
    ),
    Case("campaigns:rules_edit", MANAGE, args=campaign),
    Case(
        "campaigns:rules_edit",
        MANAGE_POST,
        args=campaign,
        method="post",
        data=lambda w: {
            "rules-TOTAL_FORMS": "1",
            "rules-INITIAL_FORMS": "0",
            "rules-0-kind": "funds",
            "rules-0-points": "1",
            "rules-0-per_wan": "100",
            "rules-0-cap": "60",
            "prizes-TOTAL_FORMS": "0",
            "prizes-INITIAL_FORMS": "0",
            "version": w.campaign.version,
        },
    ),
    Case("campaigns:rule_row", MANAGE, args=campaign, query={"rules-TOTAL_FORMS": "2"}),
    Case("campaigns:targets_edit", MANAGE, args=campaign),
    Case(
        "campaigns:targets_edit",
        MANAGE_POST,
        args=campaign,
        method="post",
        data=lambda w: {f"u{w.township.pk}_funds_arrived": "10000", f"u{w.township.pk}_signed_count": "2", "version": w.campaign.version},
    ),
]


@pytest.fixture
def world(county):
    from zhaoshang.campaigns.factories import CampaignFactory, ScoringRuleFactory

    county.campaign = CampaignFactory(
        jurisdiction=county.root, name="百日竞赛", start=date(2026, 9, 1), end=date(2026, 12, 9), units=[county.township]
    )
    ScoringRuleFactory(campaign=county.campaign, points=Decimal(1), per_wan=100)
    return county


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
