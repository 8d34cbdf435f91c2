"""The metric engine: the ONE module that owns every metric definition of docs/domain.md
§6. The dashboard, the API, exports, rankings and (later) circulars call it.

How to call it
--------------
    scope = Scope.for_unit(unit)          # or Scope.for_division / for_jurisdiction
    span = Span.parse("ytd:2026-10")      # month / quarter / ytd / range
    engine.funds_arrived(scope, span, as_of=date(2026, 10, 31))  -> int 元
    engine.summary(scope, span, as_of)    -> Summary, every §6 key with 同比/环比
    engine.summaries(units, span, as_of)  -> {unit_id: Summary}, each unit's own summary in one
                                             pass (and cached where engine.summary looks);
                                             signing_breakdowns_each likewise
    engine.summaries(units, span, as_of, groups) -> … and {scope.key: Summary} of each scope of
                                             `groups` (a county's divisions), folded from its units'
                                             rows in the same queries
    engine.funds_by_unit(units, span, as_of) -> {unit_id: 元}  (one query per tree depth)

Rules every figure follows
--------------------------
- **As of a date.** Figures read dated events only: stage events as the record
  stood at the end of `as_of` (`StageEvent.objects.as_of`), fund entries verified
  by the end of `as_of` in Asia/Shanghai. `Project.stage`, `signed_on` and
  `contract_amount` are caches and are never read. Only events dated up to
  `min(span.end, as_of)` count.
- **Counted projects** only (`Project.objects.counted()`): merged and suspected
  duplicates never count twice. The engine reads it off the credits
  (`ProjectCredit.counted`, kept with the project's duplicate status).
- **Credit shares.** Each row is joined to the project's `ProjectCredit` rows inside
  the scope (`FundEntry.credits`, `StageEvent.credits`: on the project id, by the
  unit path the credit carries) and weighted by `share_bp`. A jurisdiction contains every credited unit,
  whose shares sum to 10000, so each project counts exactly once there.
- **Money and rounding.** SQL computes Σ(amount × share_bp) per (currency, year);
  each group is converted exactly with `Decimal` at that year's `ExchangeRate`
  (US cents × rate / 100), everything is divided by 10000 once, and the result is
  rounded half up to an integer 元 once. The Python step sees one row per currency
  and year, never one per record. A foreign amount whose year has no rate is left
  out and reported in `missing_rates`.
- **Counts** are share-weighted `Decimal`s (a 60/40 project is 0.6 and 0.4).
- **Rates** are `Decimal` fractions rounded half up to 4 places (0.2534 = 25.34%),
  or None when the base is zero (shown as —).
- **同比** compares with the same span last year, **环比** with the previous span of
  the same length (see `Span.previous`); both are computed as of the same `as_of`,
  so a late-verified entry of last year counts in last year's figure.
"""

# Money and the conversion of sums live next to the exchange rates (projects.money),
# so a fund list's 合计 converts as the figures do; re-exported for the engine's readers.
from zhaoshang.projects.money import FULL, Money, in_yuan

from .common import (
    BANDS,
    RATE_PLACES,
    Figure,
    Ratio,
    SignedCount,
    StageDays,
    Summary,
    Where,
    by_unit,
    ratio,
    yoy,
)
from .funnel import BREAKDOWN_FIELDS, Breakdown, signing_breakdowns, signing_breakdowns_each, stage_days
from .money import (
    SpanAsOf,
    contract_amount,
    contracts_by_unit,
    export_total,
    foreign_actual,
    funds_arrived,
    funds_by_month,
    funds_by_unit,
    funds_pending,
)
from .signings import (
    COHORT_STAGES,
    arrival_rate,
    production_rate,
    signed_count,
    signed_projects,
    signing_rate,
    signings,
    start_rate,
)
from .summary import EXTRA_METRICS, METRIC_KEYS, summaries, summary
from .targets import (
    Completion,
    UnitsDone,
    actual,
    actual_by_own_target,
    actual_by_unit,
    actuals_by_unit,
    completion_rate,
    is_behind,
    project_count,
    time_progress,
    units_done,
)

__all__ = ["FULL", "Money", "in_yuan", "BANDS", "Figure", "RATE_PLACES", "Ratio", "SignedCount", "StageDays", "Summary", "Where", "by_unit", "ratio", "yoy", "SpanAsOf", "contract_amount", "contracts_by_unit", "export_total", "foreign_actual", "funds_arrived", "funds_by_month", "funds_by_unit", "funds_pending", "COHORT_STAGES", "arrival_rate", "production_rate", "signed_count", "signed_projects", "signing_rate", "signings", "start_rate", "Completion", "UnitsDone", "actual", "actual_by_own_target", "actual_by_unit", "actuals_by_unit", "completion_rate", "is_behind", "project_count", "time_progress", "units_done", "BREAKDOWN_FIELDS", "Breakdown", "signing_breakdowns", "signing_breakdowns_each", "stage_days", "EXTRA_METRICS", "METRIC_KEYS", "summaries", "summary"]
