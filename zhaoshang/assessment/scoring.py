"""The indicator types of docs/domain.md §9 as pure functions, one per type, in a
registry. Each takes the indicator's parameters and every unit's raw value (and
target) in the group, because the efficacy coefficient needs the whole group, and
gives each unit its points with the calculation in words.

- 完成率（封顶）: value ÷ target × 满分, at most the indicator's own cap (none: uncapped).
- 分档计分: the first tier whose rate the completion reaches gives its percentage of
  满分 (default ≥100% → 100, ≥80% → 75, ≥50% → 50, else 0); the tiers are data.
- 功效系数: 60 + 40 × (x − min) ÷ (max − min) per cent of 满分 within the group.
  **When every unit has the same value, every unit gets 100 per cent** (no one is
  behind anyone; no division by zero). A unit without a value gets 0.
- 加分: items × 每项分值, at most the cap. 扣分: the same, taken off.
- 一票否决: the value reaching the trigger (default 1) makes the total 0 and the grade 不合格.
- 升档: the value reaching the trigger raises the grade by one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models import DEFAULT_TIERS, Grade, IndicatorKind

PLACES = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Params:
    weight: Decimal = ZERO
    cap: Decimal | None = None
    tiers: tuple[tuple[Decimal, Decimal], ...] = ()
    per_item: Decimal | None = None
    item_cap: Decimal | None = None
    threshold: Decimal | None = None

    @classmethod
    def of(cls, data: Mapping) -> Params:
        """From an indicator or the copy of one a snapshot keeps."""
        get = data.get if isinstance(data, Mapping) else lambda name: getattr(data, name)

        def dec(name: str) -> Decimal | None:
            value = get(name)
            return None if value in (None, "") else Decimal(str(value))

        tiers = tuple((Decimal(str(a)), Decimal(str(b))) for a, b in (get("tiers") or DEFAULT_TIERS))
        return cls(dec("weight") or ZERO, dec("cap"), tiers, dec("per_item"), dec("item_cap"), dec("threshold"))


@dataclass(frozen=True)
class Result:
    points: Decimal
    note: str
    veto: bool = False
    promote: bool = False


Values = Mapping[int, Decimal | None]
Scorer = Callable[[Params, Values, Mapping[int, Decimal]], dict[int, Result]]
SCORERS: dict[str, Scorer] = {}


def scorer(kind: str) -> Callable[[Scorer], Scorer]:
    def register(function: Scorer) -> Scorer:
        SCORERS[kind] = function
        return function

    return register


def rounded(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


def _n(value: Decimal) -> str:
    """A number in a note: no trailing zeros."""
    text = f"{value.normalize():f}"
    return text


def _rate(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    if value is None or not target:
        return None
    return Decimal(value) / Decimal(target)


@scorer(IndicatorKind.RATIO)
def ratio(params: Params, values: Values, targets: Mapping[int, Decimal]) -> dict[int, Result]:
    result = {}
    for unit, value in values.items():
        rate = _rate(value, targets.get(unit))
        if rate is None:
            result[unit] = Result(ZERO, "无目标或无数据，得0分")
            continue
        points = rate * params.weight
        note = f"{_n(rounded(rate * HUNDRED))}%×{_n(params.weight)}"
        if params.cap is not None and points > params.cap:
            result[unit] = Result(rounded(params.cap), f"{note}={_n(rounded(points))}，封顶{_n(params.cap)}")
        else:
            result[unit] = Result(rounded(points), f"{note}={_n(rounded(points))}")
    return result


@scorer(IndicatorKind.TIERS)
def tiers(params: Params, values: Values, targets: Mapping[int, Decimal]) -> dict[int, Result]:
    ordered = sorted(params.tiers, key=lambda t: -t[0])
    result = {}
    for unit, value in values.items():
        rate = _rate(value, targets.get(unit))
        if rate is None:
            result[unit] = Result(ZERO, "无目标或无数据，得0分")
            continue
        percent = next((p for floor, p in ordered if rate >= floor), ZERO)
        points = rounded(params.weight * percent / HUNDRED)
        result[unit] = Result(points, f"完成{_n(rounded(rate * HUNDRED))}%，得满分的{_n(percent)}%={_n(points)}")
    return result


@scorer(IndicatorKind.EFFICACY)
def efficacy(params: Params, values: Values, targets: Mapping[int, Decimal]) -> dict[int, Result]:
    known = [Decimal(v) for v in values.values() if v is not None]
    low, high = (min(known), max(known)) if known else (ZERO, ZERO)
    result = {}
    for unit, value in values.items():
        if value is None:
            result[unit] = Result(ZERO, "无数据，得0分")
            continue
        if high == low:
            coefficient = HUNDRED  # everybody equal: full score, and no division by zero
            how = "组内数值相同，功效系数100"
        else:
            coefficient = 60 + 40 * (Decimal(value) - low) / (high - low)
            how = f"功效系数60+40×({_n(Decimal(value))}−{_n(low)})÷({_n(high)}−{_n(low)})={_n(rounded(coefficient))}"
        points = rounded(params.weight * coefficient / HUNDRED)
        result[unit] = Result(points, f"{how}，得{_n(points)}")
    return result


def _items(params: Params, value: Decimal | None) -> tuple[Decimal, str]:
    count = Decimal(value or 0)
    per = params.per_item or ZERO
    points = count * per
    note = f"{_n(count)}项×{_n(per)}={_n(rounded(points))}"
    if params.item_cap is not None and points > params.item_cap:
        return params.item_cap, f"{note}，上限{_n(params.item_cap)}"
    return points, note


@scorer(IndicatorKind.BONUS)
def bonus(params: Params, values: Values, targets: Mapping[int, Decimal]) -> dict[int, Result]:
    result = {}
    for unit, value in values.items():
        points, note = _items(params, value)
        result[unit] = Result(rounded(points), f"加分：{note}")
    return result


@scorer(IndicatorKind.DEDUCTION)
def deduction(params: Params, values: Values, targets: Mapping[int, Decimal]) -> dict[int, Result]:
    result = {}
    for unit, value in values.items():
        points, note = _items(params, value)
        result[unit] = Result(-rounded(points), f"扣分：{note}")
    return result


def _triggered(params: Params, value: Decimal | None) -> bool:
    return value is not None and Decimal(value) >= (params.threshold if params.threshold is not None else Decimal(1))


@scorer(IndicatorKind.VETO)
def veto(params: Params, values: Values, targets: Mapping[int, Decimal]) -> dict[int, Result]:
    return {
        unit: Result(ZERO, "触发一票否决，总分计0、等次不合格", veto=True) if _triggered(params, value) else Result(ZERO, "未触发")
        for unit, value in values.items()
    }


@scorer(IndicatorKind.PROMOTION)
def promotion(params: Params, values: Values, targets: Mapping[int, Decimal]) -> dict[int, Result]:
    return {
        unit: Result(ZERO, "达到升档条件，等次上调一档", promote=True) if _triggered(params, value) else Result(ZERO, "未达到升档条件")
        for unit, value in values.items()
    }


def score(kind: str, params: Params, values: Values, targets: Mapping[int, Decimal] | None = None) -> dict[int, Result]:
    return SCORERS[kind](params, values, targets or {})


@dataclass
class Total:
    total: Decimal
    grade: str
    vetoed: bool
    promoted: bool
    lines: list[Result] = field(default_factory=list)


def total(results: list[Result], grade_for: Callable[[Decimal], object]) -> Total:
    """Σ points (never below 0); a veto makes it 0 and 不合格 whatever else; a
    promotion raises the grade by one."""
    vetoed = any(r.veto for r in results)
    promoted = any(r.promote for r in results) and not vetoed
    points = max(sum((r.points for r in results), ZERO), ZERO)
    if vetoed:
        return Total(ZERO, Grade.FAIL, True, False, results)
    grade = Grade(str(grade_for(rounded(points))))
    if promoted:
        grade = grade.raised()
    return Total(rounded(points), grade, False, promoted, results)
