"""The reward calculator (docs/domain.md §9): a rule and a project's facts in, the
steps out. Pure: no database, no clock; the trial screen, the approval and the
Word/Excel exports all show the same `Result.steps`.

Money is integer 元 throughout; a rate is in 万分之 (basis points: 3‰ = 30), so
every step is exact before it is rounded half up to 元. Each step is rounded on
its own and the total is the sum of the steps shown, so the figures on paper add up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from zhaoshang.core.money import round_yuan

PAYABLE_DAYS = 30  # payable within 30 days of approval (or of an instalment's event)


class Base:
    FIXED_INVESTMENT = "fixed_investment"
    REGISTERED_CAPITAL = "registered_capital"
    FUNDS_VERIFIED = "funds_verified"
    TAX_PAID = "tax_paid"
    LOCAL_TAX = "local_tax"
    FOREIGN_CAPITAL_USD = "foreign_capital_usd"

    CHOICES = [
        (FIXED_INVESTMENT, "固定资产投资"),
        (REGISTERED_CAPITAL, "注册资本（已核实到位）"),
        (FUNDS_VERIFIED, "到位资金（已核实）"),
        (TAX_PAID, "企业纳税额"),
        (LOCAL_TAX, "地方留成税收"),
        (FOREIGN_CAPITAL_USD, "实际利用外资（美元）"),
    ]
    # Bases tied to an enterprise's tax payment: behind the compliance gate.
    TAX_LINKED = (TAX_PAID, LOCAL_TAX)

    @classmethod
    def label(cls, key: str) -> str:
        return dict(cls.CHOICES).get(key, key)

    @classmethod
    def unit(cls, key: str) -> str:
        return "美元" if key == cls.FOREIGN_CAPITAL_USD else "元"


class RateType:
    PROGRESSIVE = "progressive"
    WHOLE_BAND = "whole_band"
    FIXED_TIER = "fixed_tier"

    CHOICES = [
        (PROGRESSIVE, "超额累进（分段计算）"),
        (WHOLE_BAND, "全额分档（所在档费率适用全额）"),
        (FIXED_TIER, "定额分档"),
    ]


class Event:
    APPROVAL = "approval"
    REGISTERED = "registered"
    PRODUCING = "producing"

    CHOICES = [(APPROVAL, "审批通过"), (REGISTERED, "注册落地"), (PRODUCING, "投产")]

    @classmethod
    def label(cls, key: str) -> str:
        return dict(cls.CHOICES).get(key, key)


@dataclass(frozen=True)
class Band:
    """From `start` 元 upward (to the next band's start) at `rate_bp` 万分之."""

    start: int
    rate_bp: int


@dataclass(frozen=True)
class Tier:
    """A base of at least `start` earns the fixed `amount`."""

    start: int
    amount: int


@dataclass(frozen=True)
class Threshold:
    """The base must reach `minimum`; with `within_months`, counting only what
    arrived within that many months of registration."""

    base: str
    minimum: int
    within_months: int | None = None


@dataclass(frozen=True)
class Extra:
    label: str
    minimum: int  # the rule's base must reach this
    amount: int


@dataclass(frozen=True)
class Instalment:
    percent: int
    event: str = Event.APPROVAL
    years_after: int = 0


@dataclass(frozen=True)
class RuleSpec:
    base: str
    rate_type: str
    bands: tuple[Band, ...] = ()
    tiers: tuple[Tier, ...] = ()
    cap: int | None = None
    extras: tuple[Extra, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    instalments: tuple[Instalment, ...] = (Instalment(100),)
    clawback_days: int | None = None
    # Project categories (projects' Category values) the rule never rewards, e.g. 房地产.
    excluded_categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class FinderFacts:
    name: str
    share: int  # percent
    registered_on: date | None
    excluded_reason: str = ""  # 公职人员 / 公职人员近亲属 / 投资方实际控制人


@dataclass
class Facts:
    """What a project brings to a rule: base totals, dated arrivals (for thresholds
    with a time window), its dates and its finders."""

    bases: dict[str, int] = field(default_factory=dict)
    arrivals: dict[str, list[tuple[date, int]]] = field(default_factory=dict)
    signed_on: date | None = None
    registered_on: date | None = None
    producing_on: date | None = None
    agreed_producing_on: date | None = None
    finders: list[FinderFacts] = field(default_factory=list)
    category: str = ""  # the project's category value
    category_label: str = ""


@dataclass(frozen=True)
class Step:
    label: str
    formula: str
    amount: int


@dataclass(frozen=True)
class Scheduled:
    label: str
    percent: int
    amount: int
    event: str
    event_on: date | None
    due_on: date | None


@dataclass
class Result:
    steps: list[Step]
    total: int
    refusals: list[str]
    schedule: list[Scheduled] = field(default_factory=list)
    clawed_back: bool = False
    shares: list[tuple[str, int, int]] = field(default_factory=list)  # finder, percent, amount

    @property
    def eligible(self) -> bool:
        return not self.refusals


def yuan(amount: int, unit: str = "元") -> str:
    """An exact amount with thousands separators: the formulas show every 元."""
    return f"{amount:,}{unit}"


def permille(rate_bp: int) -> str:
    value = Decimal(rate_bp) / 10
    return f"{value.normalize():f}‰"


def times_rate(amount: int, rate_bp: int) -> int:
    return round_yuan(Decimal(amount) * rate_bp / 10000)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


# ---------------------------------------------------------------- eligibility


def eligibility(facts: Facts) -> list[str]:
    """Why the project's finders may not be rewarded (Chinese, one reason a line);
    empty when they may."""
    reasons = []
    if facts.signed_on is None:
        reasons.append("项目尚未签约，不能计发引荐奖励")
    if not facts.finders:
        reasons.append("项目未登记引荐人")
        return reasons
    total = sum(f.share for f in facts.finders)
    if len(facts.finders) > 1 and total != 100:  # a single finder takes the whole reward
        reasons.append(f"引荐人份额合计为{total}%，应为100%")
    for finder in facts.finders:
        if finder.excluded_reason:
            reasons.append(f"{finder.name}为{finder.excluded_reason}，不得领取引荐奖励")
        if finder.registered_on is None:
            reasons.append(f"{finder.name}未登记登记日期")
        elif facts.signed_on is not None and finder.registered_on > facts.signed_on:
            reasons.append(f"引荐人登记日期晚于签约日期（{finder.name}：登记于{finder.registered_on:%Y-%m-%d}，签约于{facts.signed_on:%Y-%m-%d}）")
    return reasons


def _within(facts: Facts, base: str, months: int) -> int:
    if facts.registered_on is None:
        return 0
    end = add_months(facts.registered_on, months)
    return sum(amount for day, amount in facts.arrivals.get(base, []) if day <= end)


def threshold_refusals(spec: RuleSpec, facts: Facts) -> list[str]:
    reasons = []
    for threshold in spec.thresholds:
        unit = Base.unit(threshold.base)
        label = Base.label(threshold.base)
        if threshold.within_months:
            if facts.registered_on is None:
                reasons.append(f"未达门槛：项目尚未注册落地，无法计算注册后{threshold.within_months}个月内的{label}")
                continue
            value = _within(facts, threshold.base, threshold.within_months)
            label = f"注册后{threshold.within_months}个月内{label}"
        else:
            value = facts.bases.get(threshold.base, 0)
        if value < threshold.minimum:
            reasons.append(f"未达门槛：{label}{yuan(value, unit)}，低于{yuan(threshold.minimum, unit)}")
    return reasons


# ---------------------------------------------------------------- the amount


def _rate_steps(spec: RuleSpec, base: int) -> list[Step]:
    unit = Base.unit(spec.base)
    bands = sorted(spec.bands, key=lambda b: b.start)
    if spec.rate_type == RateType.PROGRESSIVE:
        steps = []
        for n, band in enumerate(bands):
            if base <= band.start:
                break
            end = bands[n + 1].start if n + 1 < len(bands) else None
            top = base if end is None else min(base, end)
            portion = top - band.start
            span = f"{yuan(band.start, unit)}以上" if end is None else f"{yuan(band.start, unit)}至{yuan(end, unit)}"
            steps.append(Step(f"第{n + 1}档（{span}）", f"{yuan(portion, unit)} × {permille(band.rate_bp)}", times_rate(portion, band.rate_bp)))
        return steps
    if spec.rate_type == RateType.WHOLE_BAND:
        applies = next((b for b in reversed(bands) if base >= b.start), None)
        if applies is None:
            return [Step("未达最低档", f"{yuan(base, unit)}低于最低档", 0)]
        return [
            Step(
                f"全额适用{yuan(applies.start, unit)}以上档",
                f"{yuan(base, unit)} × {permille(applies.rate_bp)}",
                times_rate(base, applies.rate_bp),
            )
        ]
    tiers = sorted(spec.tiers, key=lambda t: t.start)
    tier = next((t for t in reversed(tiers) if base >= t.start), None)
    if tier is None:
        return [Step("未达最低档", f"{yuan(base, unit)}低于最低档", 0)]
    return [Step(f"定额奖励（{yuan(tier.start, unit)}以上）", f"{yuan(base, unit)} ≥ {yuan(tier.start, unit)}", tier.amount)]


def _due(event_on: date | None, approved_on: date | None, years_after: int) -> date | None:
    if event_on is None or approved_on is None:
        return None
    start = max(event_on, approved_on)
    return add_years(start, years_after) + timedelta(days=PAYABLE_DAYS)


def schedule(spec: RuleSpec, total: int, facts: Facts, approved_on: date | None) -> list[Scheduled]:
    """Instalments of `total`: each its percent (the last takes the remainder of
    rounding), due 30 days after its event (and never before 30 days after approval)."""
    instalments = spec.instalments or (Instalment(100),)
    rows = []
    left = total
    events = {Event.APPROVAL: approved_on, Event.REGISTERED: facts.registered_on, Event.PRODUCING: facts.producing_on}
    for n, part in enumerate(instalments):
        amount = left if n == len(instalments) - 1 else round_yuan(Decimal(total) * part.percent / 100)
        left -= amount
        event_on = events.get(part.event)
        label = f"第{n + 1}期：{Event.label(part.event)}" + (f"后第{part.years_after}年" if part.years_after else "")
        rows.append(Scheduled(label, part.percent, amount, part.event, event_on, _due(event_on, approved_on, part.years_after)))
    return rows


def clawback_due(spec: RuleSpec, facts: Facts, as_of: date) -> bool:
    """Not producing `clawback_days` after the agreed production date (as of `as_of`)."""
    if not spec.clawback_days or facts.agreed_producing_on is None:
        return False
    limit = facts.agreed_producing_on + timedelta(days=spec.clawback_days)
    if facts.producing_on is not None:
        return facts.producing_on > limit
    return as_of > limit


def calculate(spec: RuleSpec, facts: Facts, as_of: date, approved_on: date | None = None) -> Result:
    """The reward of `spec` for `facts` as of `as_of`, step by step."""
    refusals = eligibility(facts) + threshold_refusals(spec, facts)
    if facts.category and facts.category in spec.excluded_categories:
        refusals.append(f"{facts.category_label or facts.category}项目不在本规则的奖励范围内")
    unit = Base.unit(spec.base)
    base = facts.bases.get(spec.base, 0)
    steps = [Step(f"奖励基数：{Base.label(spec.base)}", yuan(base, unit), 0)]
    steps += _rate_steps(spec, base)
    subtotal = sum(s.amount for s in steps)
    if spec.cap is not None and subtotal > spec.cap:
        steps.append(Step("封顶", f"{yuan(subtotal)}超过上限{yuan(spec.cap)}，按上限计", spec.cap - subtotal))
    for extra in spec.extras:
        if base >= extra.minimum:
            steps.append(Step(f"额外奖励：{extra.label}", f"{yuan(base, unit)} ≥ {yuan(extra.minimum, unit)}", extra.amount))
    total = sum(s.amount for s in steps)
    clawed = clawback_due(spec, facts, as_of)
    if clawed:
        steps.append(
            Step(
                "追回",
                f"约定投产日{facts.agreed_producing_on:%Y-%m-%d}后{spec.clawback_days}天仍未投产，已发奖励全额追回",
                -total,
            )
        )
        total = 0
    if refusals:
        steps.append(Step("不予奖励", "；".join(refusals), -total))
        total = 0
    result = Result(steps=steps, total=total, refusals=refusals, clawed_back=clawed)
    result.schedule = schedule(spec, total, facts, approved_on)
    result.shares = split(total, facts.finders)
    return result


def split(total: int, finders: list[FinderFacts]) -> list[tuple[str, int, int]]:
    """Each finder's part by share (the last takes the rounding remainder)."""
    rows = []
    left = total
    for n, finder in enumerate(finders):
        share = 100 if len(finders) == 1 else finder.share
        amount = left if n == len(finders) - 1 else round_yuan(Decimal(total) * share / 100)
        left -= amount
        rows.append((finder.name, share, amount))
    return rows
