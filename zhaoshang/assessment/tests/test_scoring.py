"""Each indicator type against scores computed by hand."""

from decimal import Decimal as D

from zhaoshang.assessment import scoring
from zhaoshang.assessment.models import Grade, IndicatorKind

P = scoring.Params


def points(kind, params, values, targets=None):
    return {unit: r.points for unit, r in scoring.score(kind, params, values, targets).items()}


def test_capped_ratio_stops_at_its_own_cap():
    # 150% × 40 = 60, capped at 48; 50% × 40 = 20.
    assert points(IndicatorKind.RATIO, P(weight=D(40), cap=D(48)), {1: D(150), 2: D(50)}, {1: D(100), 2: D(100)}) == {1: D(48), 2: D(20)}


def test_uncapped_ratio_goes_above_full_score():
    assert points(IndicatorKind.RATIO, P(weight=D(20)), {1: D(150)}, {1: D(100)}) == {1: D(30)}


def test_ratio_without_target_scores_zero():
    assert points(IndicatorKind.RATIO, P(weight=D(20)), {1: D(150)}, {}) == {1: D(0)}


def test_default_tiers():
    # ≥100% → 100, ≥80% → 75, ≥50% → 50, else 0 of a full score of 20.
    values = {1: D(100), 2: D(85), 3: D(50), 4: D("49.9")}
    targets = dict.fromkeys(values, D(100))
    assert points(IndicatorKind.TIERS, P.of({"weight": 20, "tiers": []}), values, targets) == {1: D(20), 2: D(15), 3: D(10), 4: D(0)}


def test_tiers_are_data():
    params = P.of({"weight": 10, "tiers": [["0.9", "80"], ["1.2", "100"]]})
    assert points(IndicatorKind.TIERS, params, {1: D(120), 2: D(95), 3: D(10)}, {1: D(100), 2: D(100), 3: D(100)}) == {1: D(10), 2: D(8), 3: D(0)}


def test_efficacy_coefficient_within_the_group():
    # min 10, max 30: 60 + 40×(20−10)/(30−10) = 80 → 80% of 25 = 20.
    assert points(IndicatorKind.EFFICACY, P(weight=D(25)), {1: D(10), 2: D(20), 3: D(30)}) == {1: D(15), 2: D(20), 3: D(25)}


def test_efficacy_coefficient_with_equal_values_gives_everyone_full_score():
    assert points(IndicatorKind.EFFICACY, P(weight=D(25)), {1: D(7), 2: D(7)}) == {1: D(25), 2: D(25)}


def test_efficacy_coefficient_of_a_single_unit_and_a_missing_value():
    assert points(IndicatorKind.EFFICACY, P(weight=D(10)), {1: D(5), 2: None}) == {1: D(10), 2: D(0)}


def test_bonus_per_item_is_capped():
    params = P(per_item=D("0.5"), item_cap=D(2))
    assert points(IndicatorKind.BONUS, params, {1: D(3), 2: D(10), 3: D(0)}) == {1: D("1.5"), 2: D(2), 3: D(0)}


def test_deduction_per_item():
    # −0.1 per project not started; −0.2 per falsified project.
    assert points(IndicatorKind.DEDUCTION, P(per_item=D("0.1")), {1: D(3)}) == {1: D("-0.3")}
    assert points(IndicatorKind.DEDUCTION, P(per_item=D("0.2"), item_cap=D("0.3")), {1: D(2)}) == {1: D("-0.3")}


def grade(total):
    return Grade.EXCELLENT if total >= 90 else Grade.GOOD if total >= 80 else Grade.PASS if total >= 60 else Grade.FAIL


def test_veto_makes_the_total_zero_and_the_grade_fail():
    results = scoring.score(IndicatorKind.VETO, P(), {1: D(1), 2: D(0)})
    assert results[1].veto and not results[2].veto
    total = scoring.total([scoring.Result(D(95), ""), results[1]], grade)
    assert (total.total, total.grade, total.vetoed) == (D(0), Grade.FAIL, True)


def test_veto_threshold():
    results = scoring.score(IndicatorKind.VETO, P(threshold=D(2)), {1: D(1), 2: D(2)})
    assert [results[1].veto, results[2].veto] == [False, True]


def test_promotion_raises_the_grade_by_one():
    results = scoring.score(IndicatorKind.PROMOTION, P(), {1: D(1)})
    total = scoring.total([scoring.Result(D(85), ""), results[1]], grade)
    assert (total.total, total.grade, total.promoted) == (D(85), Grade.EXCELLENT, True)
    top = scoring.total([scoring.Result(D(95), ""), results[1]], grade)
    assert top.grade == Grade.EXCELLENT


def test_veto_wins_over_promotion():
    results = [scoring.Result(D(85), ""), scoring.Result(D(0), "", promote=True), scoring.Result(D(0), "", veto=True)]
    total = scoring.total(results, grade)
    assert (total.grade, total.promoted) == (Grade.FAIL, False)


def test_total_never_below_zero():
    assert scoring.total([scoring.Result(D(1), ""), scoring.Result(D(-3), "")], grade).total == D(0)
