"""Campaign scoring by hand-computed expectations on the data set of conftest.py."""

from datetime import date
from decimal import Decimal


from zhaoshang.campaigns import scoring
from zhaoshang.campaigns.factories import CampaignFactory, CampaignTargetFactory, PrizeFactory, ScoringRuleFactory
from zhaoshang.campaigns.models import RuleKind
from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.projects.factories import ProjectFactory

from .conftest import WAN, fund

AS_OF = date(2026, 10, 31)


def _points(board) -> list:
    return [(row.unit.name, row.rank, [s.points for s in row.rules], row.total) for row in board.rows]


def test_scores_follow_the_rules_with_caps_penalties_and_credit_shares(race, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        result = scoring.leaderboard(race.campaign, AS_OF)
    assert [board.name for board in result.boards] == ["一赛区", "赛区外单位"]
    # 城关镇 — R1: F1 3000万 + F5 4000万 + 60% of F2 1000万 = 7600万 → 76分, capped at 60
    #   (F3 is dated before the start). R2: PA 1 + PB 0.6 = 1.6 signed ≥1亿 → 16分
    #   (PD is only 5000万). R3: PA started 10-20 → 15分. R4: nothing. Total 91.
    # 河口镇 — R1: 40% of F2 = 400万 → 4分 (F4 is verified only on 11-05). R2: PB 0.4
    #   → 4分 (PC was signed on 08-15, before the start). R3: PC started 09-25 → 15分.
    #   Total 23.
    assert _points(result.boards[0]) == [
        ("城关镇", 1, [Decimal("60.00"), Decimal("16.00"), Decimal("15.00"), Decimal("0.00")], Decimal("91.00")),
        ("河口镇", 2, [Decimal("4.00"), Decimal("4.00"), Decimal("15.00"), Decimal("0.00")], Decimal("23.00")),
    ]
    # 县经信局 — PE (signed 05-01) and PF (06-01) are both 签约即止 on 10-31:
    # 2 × −5 = −10, capped at −5.
    assert _points(result.boards[1]) == [
        ("县经信局", 1, [Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), Decimal("-5.00")], Decimal("-5.00")),
    ]
    chengguan = result.boards[0].rows[0]
    assert chengguan.rules[0].quantity == Decimal(7600) and chengguan.rules[0].capped
    assert chengguan.rules[1].quantity == Decimal("1.6") and not chengguan.rules[1].capped
    assert result.boards[1].rows[0].rules[3].capped


def test_a_fund_verified_after_the_as_of_date_counts_from_its_verification(race):
    # As of 11-10 F4 (8000万, verified 11-05) counts for 河口镇: 400万 + 8000万 = 8400万
    # → 84分, capped at 60; total 60 + 4 + 15 = 79. 城关镇 is unchanged at 91.
    result = scoring.leaderboard(race.campaign, date(2026, 11, 10))
    assert [(row.unit.name, row.total) for row in result.boards[0].rows] == [
        ("城关镇", Decimal("91.00")),
        ("河口镇", Decimal("79.00")),
    ]


def test_nothing_counts_before_the_campaign_starts(race):
    # On 08-31 F3 (08-20) and PC's signing (08-15) exist but are before the period,
    # and the penalty is not read before the start: everyone has 0, sharing rank 1.
    result = scoring.leaderboard(race.campaign, date(2026, 8, 31))
    assert [(row.unit.name, row.rank, row.total) for board in result.boards for row in board.rows] == [
        ("城关镇", 1, Decimal(0)),
        ("河口镇", 1, Decimal(0)),
        ("县经信局", 1, Decimal(0)),
    ]
    assert result.days_left == 100 and result.time_progress == 0


def test_the_penalty_is_read_on_the_last_day_once_the_campaign_has_ended(race):
    result = scoring.leaderboard(race.campaign, date(2027, 3, 1))
    assert result.scored_on == date(2026, 12, 9)
    assert result.days_left == 0 and result.time_progress == 1


def test_progress_against_campaign_targets_and_time_progress(race):
    CampaignTargetFactory(campaign=race.campaign, unit=race.township, funds_arrived=10_000 * WAN, signed_count=2)
    CampaignTargetFactory(campaign=race.campaign, unit=race.other_township, funds_arrived=10_000 * WAN)
    result = scoring.leaderboard(race.campaign, AS_OF)
    # 09-01 … 10-31 is 61 of 100 days: 序时进度 0.61; 还剩 11-01 … 12-09 = 39 days.
    assert result.time_progress == Decimal("0.61") and result.days_left == 39
    chengguan, hekou = result.boards[0].rows
    # 城关镇: 7600万 of 1亿 = 76%; 1.6 of 2 signed ≥1亿 = 80%: on schedule.
    assert [(p.key, p.actual, p.rate, p.behind) for p in chengguan.progress] == [
        ("funds_arrived", 76_000_000, Decimal("0.76"), False),
        ("signed_count", Decimal("1.6"), Decimal("0.8"), False),
    ]
    assert not chengguan.behind
    # 河口镇: 400万 of 1亿 = 4% < 61%: behind schedule.
    assert [(p.key, p.actual, p.rate, p.behind) for p in hekou.progress] == [
        ("funds_arrived", 4_000_000, Decimal("0.04"), True),
    ]
    assert hekou.behind


def test_two_campaigns_score_the_same_projects_independently(race):
    other = CampaignFactory(jurisdiction=race.root, name="招商突破年", start=date(2026, 1, 1), end=date(2026, 12, 31), units=[race.township])
    ScoringRuleFactory(campaign=other, kind=RuleKind.STAGE, stage="signed", points=Decimal(10), per_wan=None)
    # 城关镇 signed in 2026: PA 1 + PB 0.6 + PD 1 (no threshold here) = 2.6 → 26分.
    assert scoring.leaderboard(other, AS_OF).boards[0].rows[0].total == Decimal("26.00")
    # The 百日竞赛 still gives 城关镇 91.
    assert scoring.leaderboard(race.campaign, AS_OF).boards[0].rows[0].total == Decimal("91.00")


def test_equal_totals_share_a_rank_and_the_prize(county):
    dongba = UnitFactory(parent=county.root, name="东坝乡", division=county.township.division, sort_order=5)
    campaign = CampaignFactory(jurisdiction=county.root, units=[county.township, county.other_township, dongba])
    ScoringRuleFactory(campaign=campaign, kind=RuleKind.FUNDS, points=Decimal(1), per_wan=100)
    PrizeFactory(campaign=campaign, rank_from=1, rank_to=1, text="流动红旗")
    PrizeFactory(campaign=campaign, rank_from=2, rank_to=3, text="通报表扬")
    day = date(2026, 9, 10)
    # 东坝乡 and 河口镇 200万 each → 2分; 城关镇 150万 → 1.5分 (proportional).
    fund(ProjectFactory(introducing_unit=dongba), day, 200 * WAN, verified=day)
    fund(ProjectFactory(introducing_unit=county.other_township), day, 200 * WAN, verified=day)
    fund(ProjectFactory(introducing_unit=county.township), day, 150 * WAN, verified=day)
    rows = scoring.leaderboard(campaign, date(2026, 9, 30)).boards[0].rows
    # Shared first place listed in sort order (河口镇 0 before 东坝乡 5); next is 3rd.
    assert [(r.unit.name, r.rank, r.total, r.prize) for r in rows] == [
        ("河口镇", 1, Decimal("2.00"), "流动红旗"),
        ("东坝乡", 1, Decimal("2.00"), "流动红旗"),
        ("城关镇", 3, Decimal("1.50"), "通报表扬"),
    ]


def test_projects_past_their_agreed_start_without_starting_cost_points(race):
    """要素保障 (§13) as a deduction source: a project past its agreed start date
    without 开工 on the scoring day costs its units points by credit share."""
    from zhaoshang.projects.models import Project

    agreed = {"PA": date(2026, 10, 1), "PB": date(2026, 10, 15), "PD": date(2026, 11, 15)}
    for name, day in agreed.items():
        Project.objects.filter(pk=race.projects[name].pk).update(planned_started_on=day)
    ScoringRuleFactory(campaign=race.campaign, kind=RuleKind.NOT_STARTED_ON_TIME, points=Decimal(-2), per_wan=None, sort_order=5)
    # On 10-31: PA started on 10-20 (late, but started), PD's date has not come; PB
    # (城关镇 60 %, 河口镇 40 %) is past 10-15 without 开工: −1.2 and −0.8.
    result = scoring.leaderboard(race.campaign, AS_OF)
    late = {row.unit.name: (row.rules[4].quantity, row.rules[4].points) for board in result.boards for row in board.rows}
    assert late == {
        "城关镇": (Decimal("0.6"), Decimal("-1.20")),
        "河口镇": (Decimal("0.4"), Decimal("-0.80")),
        "县经信局": (Decimal(0), Decimal("0.00")),
    }
    assert result.boards[0].rows[0].rules[4].rule.description == "每个超过约定开工日期未开工项目计-2分"
