"""阶段停留天数 and the funnel's drop-off (table in conftest.py). Skipped stages are
dated on the day the project jumped past them."""

from datetime import date
from decimal import Decimal

from zhaoshang.metrics import engine
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.projects.models import Stage

from .conftest import AS_OF, build


def test_stage_days_and_drop_off_of_the_county(world):
    rows = {row.stage: row for row in engine.stage_days(Scope.for_jurisdiction(world.root), Span.ytd(2026, 10), AS_OF)}
    # 线索: P1 01-05→01-10 (5 days), P4 06-01→06-15 (14). Nearest rank: median rank ⌈2/2⌉=1 → 5, p90 rank ⌈1.8⌉=2 → 14.
    lead = rows["lead"]
    assert (lead.entered, lead.advanced, lead.drop_off, lead.median_days, lead.p90_days) == (2, 2, 0, 5, 14)
    # 洽谈: P1 36, P2 37, P3 80, P5 162 days; P4 not signed. Median rank 2 → 37, p90 rank ⌈3.6⌉=4 → 162.
    negotiating = rows["negotiating"]
    assert (negotiating.entered, negotiating.advanced, negotiating.drop_off) == (5, 4, Decimal("0.2"))
    assert (negotiating.median_days, negotiating.p90_days) == (37, 162)
    # 签约: P1 02-15→04-01 (45), P3 05-20→06-10 (21); P2 and P5 still signed.
    signed = rows["signed"]
    assert (signed.entered, signed.advanced, signed.drop_off, signed.median_days, signed.p90_days) == (4, 2, Decimal("0.5"), 21, 45)
    # 开工: P3 06-10→09-01 (83, 竣工 skipped to the production date); P1 has not moved on.
    started = rows["started"]
    assert (started.entered, started.advanced, started.median_days, started.p90_days) == (2, 1, 83, 83)
    # 投产: P3 entered, nobody is 达产见效 yet → everyone dropped off so far, no durations.
    producing = rows["producing"]
    assert (producing.entered, producing.drop_off, producing.median_days) == (1, Decimal("1"), None)


def test_stage_days_of_a_unit_weight_counts_by_share(world):
    rows = {row.stage: row for row in engine.stage_days(Scope.for_unit(world.other_township), Span.ytd(2026, 10), AS_OF)}
    # 河口镇: P2 1 + P3 0.4 entered 签约 in 2026; P3 0.4 moved on. Durations are per project: P3's 21 days.
    signed = rows["signed"]
    assert (signed.entered, signed.advanced, signed.median_days) == (Decimal("1.4"), Decimal("0.4"), 21)
    # Nothing entered 线索 there: no drop-off, no durations.
    assert (rows["lead"].entered, rows["lead"].drop_off, rows["lead"].median_days) == (0, None, None)


def test_the_last_stage_counts_its_entries_and_durations_count_each_project_once(world, bureau_user, django_assert_num_queries):
    # P8 and P9, each 城关镇 50% / 河口镇 50%: 洽谈 02-01, 签约 03-01, 落地 06-09 (100 days
    # later), 开工 07-01, 投产 08-01, 达产见效 10-01.
    stages = {
        Stage.NEGOTIATING: date(2026, 2, 1),
        Stage.SIGNED: date(2026, 3, 1),
        Stage.REGISTERED: date(2026, 6, 9),
        Stage.STARTED: date(2026, 7, 1),
        Stage.PRODUCING: date(2026, 8, 1),
        Stage.EFFECTIVE: date(2026, 10, 1),
    }
    for _ in range(2):
        build(bureau_user, world.township, stages, credits=[(world.township, 5000), (world.other_township, 5000)])
    with django_assert_num_queries(1):
        rows = {row.stage: row for row in engine.stage_days(Scope.for_jurisdiction(world.root), Span.ytd(2026, 10), AS_OF)}
    # 达产见效: P8 and P9 entered; nothing follows, so no drop-off and no days.
    effective = rows["effective"]
    assert (effective.entered, effective.advanced, effective.drop_off, effective.median_days, effective.p90_days) == (2, 0, None, None, None)
    # 签约: P1, P2, P3, P5, P8, P9 entered; P1 45 days, P3 21, P8 and P9 100 each. Sorted
    # 21, 45, 100, 100 (a project once, whatever its credits): median rank 2 → 45, p90 rank 4 → 100.
    signed = rows["signed"]
    assert (signed.entered, signed.advanced, signed.median_days, signed.p90_days) == (6, 4, 45, 100)
    # 投产: P3 still producing; P8 and P9 61 days (08-01 → 10-01).
    producing = rows["producing"]
    assert (producing.entered, producing.advanced, producing.drop_off, producing.median_days, producing.p90_days) == (3, 2, Decimal("0.3333"), 61, 61)
    # 河口镇 holds half of each: one project's worth reached 达产见效 there.
    assert engine.stage_days(Scope.for_unit(world.other_township), Span.ytd(2026, 10), AS_OF)[-1].entered == 1
