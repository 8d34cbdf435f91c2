"""The calculator against figures worked out by hand."""

from datetime import date

from zhaoshang.rewards.calculator import (
    Band,
    Base,
    Event,
    Extra,
    Facts,
    FinderFacts,
    Instalment,
    RateType,
    RuleSpec,
    Threshold,
    Tier,
    calculate,
)

WAN = 10_000
BANDS = (Band(0, 30), Band(1000 * WAN, 40), Band(10000 * WAN, 50))  # 3‰ / 4‰ / 5‰
SIGNED = date(2025, 3, 1)


def facts(base: int, **kwargs) -> Facts:
    kwargs.setdefault("finders", [FinderFacts("张三", 100, date(2025, 1, 10))])
    return Facts(bases={Base.FIXED_INVESTMENT: base}, signed_on=SIGNED, **kwargs)


def test_progressive_bands_across_a_band_edge():
    # 1,500万: 1,000万 × 3‰ = 30,000; 500万 × 4‰ = 20,000 → 50,000.
    spec = RuleSpec(Base.FIXED_INVESTMENT, RateType.PROGRESSIVE, bands=BANDS)
    result = calculate(spec, facts(1500 * WAN), as_of=date(2026, 1, 1))
    assert [s.amount for s in result.steps] == [0, 30_000, 20_000]
    assert result.steps[2].formula == "5,000,000元 × 4‰"
    assert result.total == 50_000 and result.eligible


def test_progressive_exactly_on_the_edge_uses_the_lower_band_only():
    spec = RuleSpec(Base.FIXED_INVESTMENT, RateType.PROGRESSIVE, bands=BANDS)
    assert calculate(spec, facts(1000 * WAN), as_of=date(2026, 1, 1)).total == 30_000


def test_whole_band_applies_the_band_rate_to_the_whole_base():
    # 1,500万 falls in the 4‰ band: 15,000,000 × 4‰ = 60,000.
    spec = RuleSpec(Base.FIXED_INVESTMENT, RateType.WHOLE_BAND, bands=BANDS)
    assert calculate(spec, facts(1500 * WAN), as_of=date(2026, 1, 1)).total == 60_000


def test_fixed_tier():
    spec = RuleSpec(Base.FIXED_INVESTMENT, RateType.FIXED_TIER, tiers=(Tier(3000 * WAN, 50_000), Tier(10000 * WAN, 200_000)))
    assert calculate(spec, facts(5000 * WAN), as_of=date(2026, 1, 1)).total == 50_000
    assert calculate(spec, facts(2000 * WAN), as_of=date(2026, 1, 1)).total == 0


def test_cap_then_extra_award():
    # 3亿 progressive: 30,000 + 9,000万×4‰ 360,000 + 2亿×5‰ 1,000,000 = 1,390,000 → cap 1,000,000; extra 100,000.
    spec = RuleSpec(
        Base.FIXED_INVESTMENT,
        RateType.PROGRESSIVE,
        bands=BANDS,
        cap=1_000_000,
        extras=(Extra("亿元以上项目", 10000 * WAN, 100_000),),
    )
    result = calculate(spec, facts(30000 * WAN), as_of=date(2026, 1, 1))
    assert [s.amount for s in result.steps] == [0, 30_000, 360_000, 1_000_000, -390_000, 100_000]
    assert result.steps[4].label == "封顶"
    assert result.total == 1_100_000


def test_instalment_schedule_registration_and_production():
    # 50,001 元 in halves: 25,001 (rounded half up) at registration, the rest 25,000 at production.
    spec = RuleSpec(
        Base.FIXED_INVESTMENT,
        RateType.FIXED_TIER,
        tiers=(Tier(0, 50_001),),
        instalments=(Instalment(50, Event.REGISTERED), Instalment(50, Event.PRODUCING)),
    )
    project = facts(1 * WAN, registered_on=date(2025, 5, 1))
    result = calculate(spec, project, as_of=date(2026, 1, 1), approved_on=date(2025, 6, 1))
    first, second = result.schedule
    assert (first.amount, second.amount) == (25_001, 25_000)
    # registered before approval: due 30 days after approval; production not yet reached: no due date.
    assert first.due_on == date(2025, 7, 1)
    assert second.event_on is None and second.due_on is None


def test_instalments_over_three_years():
    spec = RuleSpec(
        Base.FIXED_INVESTMENT,
        RateType.FIXED_TIER,
        tiers=(Tier(0, 90_000),),
        instalments=(Instalment(40), Instalment(30, years_after=1), Instalment(30, years_after=2)),
    )
    result = calculate(spec, facts(1), as_of=date(2026, 1, 1), approved_on=date(2025, 6, 1))
    assert [(s.amount, s.due_on) for s in result.schedule] == [
        (36_000, date(2025, 7, 1)),
        (27_000, date(2026, 7, 1)),
        (27_000, date(2027, 7, 1)),
    ]


def test_claw_back_when_not_producing_180_days_after_the_agreed_date():
    spec = RuleSpec(Base.FIXED_INVESTMENT, RateType.FIXED_TIER, tiers=(Tier(0, 80_000),), clawback_days=180)
    late = facts(1, agreed_producing_on=date(2025, 1, 1))
    # 2025-01-01 + 180 days = 2025-06-30: still within on that day, clawed back the day after.
    assert calculate(spec, late, as_of=date(2025, 6, 30)).total == 80_000
    result = calculate(spec, late, as_of=date(2025, 7, 1))
    assert result.clawed_back and result.total == 0
    assert result.steps[-1].label == "追回" and result.steps[-1].amount == -80_000
    on_time = facts(1, agreed_producing_on=date(2025, 1, 1), producing_on=date(2025, 6, 1))
    assert calculate(spec, on_time, as_of=date(2026, 1, 1)).total == 80_000


def test_intermediary_registered_the_day_after_signing_is_refused():
    spec = RuleSpec(Base.FIXED_INVESTMENT, RateType.PROGRESSIVE, bands=BANDS)
    late = facts(1500 * WAN, finders=[FinderFacts("某某咨询公司", 100, date(2025, 3, 2))])
    result = calculate(spec, late, as_of=date(2026, 1, 1))
    assert not result.eligible and result.total == 0
    assert result.refusals == ["引荐人登记日期晚于签约日期（某某咨询公司：登记于2025-03-02，签约于2025-03-01）"]
    on_the_day = facts(1500 * WAN, finders=[FinderFacts("某某咨询公司", 100, SIGNED)])
    assert calculate(spec, on_the_day, as_of=date(2026, 1, 1)).eligible


def test_shares_must_sum_to_100_and_excluded_persons_are_refused():
    spec = RuleSpec(Base.FIXED_INVESTMENT, RateType.FIXED_TIER, tiers=(Tier(0, 10_000),))
    two = [FinderFacts("甲", 60, date(2025, 1, 1)), FinderFacts("乙", 30, date(2025, 1, 1))]
    assert calculate(spec, facts(1, finders=two), as_of=date(2026, 1, 1)).refusals == ["引荐人份额合计为90%，应为100%"]
    servant = [FinderFacts("丙", 100, date(2025, 1, 1), excluded_reason="公职人员")]
    assert calculate(spec, facts(1, finders=servant), as_of=date(2026, 1, 1)).refusals == ["丙为公职人员，不得领取引荐奖励"]
    split = [FinderFacts("甲", 60, date(2025, 1, 1)), FinderFacts("乙", 40, date(2025, 1, 1))]
    assert calculate(spec, facts(1, finders=split), as_of=date(2026, 1, 1)).shares == [("甲", 60, 6_000), ("乙", 40, 4_000)]


def test_threshold_with_a_time_window_after_registration():
    # Foreign capital ≥ 1,000万美元 within 36 months of registration (2022-01-15 → 2025-01-15).
    spec = RuleSpec(
        Base.FIXED_INVESTMENT,
        RateType.FIXED_TIER,
        tiers=(Tier(0, 10_000),),
        thresholds=(Threshold(Base.FOREIGN_CAPITAL_USD, 1000 * WAN, within_months=36),),
    )
    arrivals = {Base.FOREIGN_CAPITAL_USD: [(date(2023, 1, 1), 600 * WAN), (date(2025, 1, 15), 400 * WAN), (date(2025, 1, 16), 1)]}
    assert calculate(spec, facts(1, registered_on=date(2022, 1, 15), arrivals=arrivals), as_of=date(2026, 1, 1)).eligible
    arrivals[Base.FOREIGN_CAPITAL_USD][1] = (date(2025, 1, 16), 400 * WAN)
    result = calculate(spec, facts(1, registered_on=date(2022, 1, 15), arrivals=arrivals), as_of=date(2026, 1, 1))
    assert result.refusals == ["未达门槛：注册后36个月内实际利用外资（美元）6,000,000美元，低于10,000,000美元"]


def test_a_category_the_rule_excludes_is_refused_with_its_reason():
    spec = RuleSpec(Base.FIXED_INVESTMENT, RateType.PROGRESSIVE, bands=BANDS, excluded_categories=("real_estate",))
    housing = calculate(spec, facts(5000 * WAN, category="real_estate", category_label="房地产"), SIGNED)
    assert housing.refusals == ["房地产项目不在本规则的奖励范围内"]
    factory = calculate(spec, facts(5000 * WAN, category="industry", category_label="工业"), SIGNED)
    assert factory.eligible and factory.total == 30_000 + 160_000  # 1000万×3‰ + 4000万×4‰
