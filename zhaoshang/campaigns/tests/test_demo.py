"""The demo county's campaign and disclosure."""

from datetime import date

import pytest

from zhaoshang.campaigns import scoring
from zhaoshang.campaigns.models import Campaign
from zhaoshang.portal.models import Disclosure

pytestmark = pytest.mark.django_db


def test_the_hundred_day_campaign_runs_with_townships_and_first_division_departments(demo_county):
    campaign = Campaign.objects.get(name="2026年招商引资百日竞赛")
    # 12 townships + 10 一赛区 departments.
    assert campaign.units.count() == 22 and campaign.rules.count() == 4 and campaign.targets.count() == 22
    board = scoring.leaderboard(campaign, date(2026, 10, 31))
    assert [b.name for b in board.boards] == ["一赛区", "二赛区"]
    assert sum(len(b.rows) for b in board.boards) == 22


def test_one_mid_year_disclosure_is_published(demo_county):
    disclosure = Disclosure.objects.get()
    assert disclosure.is_published and disclosure.as_of == date(2026, 6, 30)
