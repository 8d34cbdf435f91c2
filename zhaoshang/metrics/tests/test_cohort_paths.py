"""开工率 and 投产率 of one cohort (start_rate, production_rate) take a query of their
own, shaped like the hand-written SQL of the benchmark (issue 13); the dashboard
reads the same rates from the combined pipeline query (_pipeline_counts). Both
must give the same figures on data that tests every rule: voided and
late-recorded events, a project counted twice, a repeated signing, split and
nested credits, a cohort left by a voided signing. The expected figures of the
county are worked out by hand from conftest.py's table and the projects below."""

from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.metrics.engine.signings import COHORT_STAGES, _cohort_rate, _pipeline_rates
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.projects.factories import StageEventFactory
from zhaoshang.projects.models import DuplicateStatus, Project, Stage

from .conftest import AS_OF, at_noon, build

COHORT = Span.ytd(2026, 10)
d = date


def _event(project: Project, stage: str, day: date, recorded: date | None = None, voided: date | None = None) -> None:
    StageEventFactory(project=project, stage=stage, date=day, recorded_at=at_noon(recorded or day), voided_at=voided and at_noon(voided))


def _counts(scope: Scope, as_of: date, name: str) -> tuple[Decimal, Decimal]:
    rate = _cohort_rate(scope, COHORT, as_of, name)
    return rate.numerator, rate.denominator


@pytest.fixture
def messy(world, bureau_user):
    town, other, section = world.township, world.other_township, world.section
    # P8 城关: signed 04-01; started 05-01 but voided 06-01.
    p8 = build(bureau_user, town, {Stage.NEGOTIATING: d(2026, 3, 1), Stage.SIGNED: d(2026, 4, 1)}, name="作废开工")
    _event(p8, Stage.STARTED, d(2026, 5, 1), voided=d(2026, 6, 1))
    # P9 河口: the signing dated 03-01 was entered only on 11-05.
    p9 = build(bureau_user, other, {Stage.NEGOTIATING: d(2026, 2, 1)}, name="补录签约")
    _event(p9, Stage.SIGNED, d(2026, 3, 1), recorded=d(2026, 11, 5))
    # P10 城关: signed 02-01; started 08-01 entered on 11-02.
    p10 = build(bureau_user, town, {Stage.NEGOTIATING: d(2026, 1, 15), Stage.SIGNED: d(2026, 2, 1)}, name="补录开工")
    _event(p10, Stage.STARTED, d(2026, 8, 1), recorded=d(2026, 11, 2))
    # P11 河口: merged into P2 as a duplicate, signed and producing.
    p11 = build(bureau_user, other, {Stage.NEGOTIATING: d(2026, 1, 5), Stage.SIGNED: d(2026, 2, 5), Stage.PRODUCING: d(2026, 6, 5)}, name="重复项目")
    p11.duplicate_status, p11.duplicate_of = DuplicateStatus.MERGED, world.p2
    p11.save()
    # P12 城关镇 50% and its 招商组 50%: signed 06-01 (and again 06-05), started 07-01.
    p12 = build(
        bureau_user, town, {Stage.NEGOTIATING: d(2026, 5, 1), Stage.SIGNED: d(2026, 6, 1), Stage.STARTED: d(2026, 7, 1)},
        name="镇组合作", credits=[(town, 5000), (section, 5000)],
    )
    _event(p12, Stage.SIGNED, d(2026, 6, 5))
    # P13 河口: signed 2025-12-20; a signing of 2026-02-01 voided 03-01; started 04-01.
    p13 = build(bureau_user, other, {Stage.NEGOTIATING: d(2025, 11, 1), Stage.SIGNED: d(2025, 12, 20), Stage.STARTED: d(2026, 4, 1)}, name="作废签约")
    _event(p13, Stage.SIGNED, d(2026, 2, 1), voided=d(2026, 3, 1))
    return world


def test_the_county_by_hand(messy):
    # Cohort: P1, P2, P3, P5 + P8, P10, P12 (0.5 + 0.5) = 7; started: P1, P3, P12 = 3; producing: P3.
    scope = Scope.for_jurisdiction(messy.root)
    assert _counts(scope, AS_OF, "started") == (Decimal(3), Decimal(7))
    assert _counts(scope, AS_OF, "producing") == (Decimal(1), Decimal(7))
    # On 05-15: P1, P2, P8, P10 signed; P1 and P8 (voided later) started.
    assert _counts(scope, d(2026, 5, 15), "started") == (Decimal(2), Decimal(4))
    # On 02-20: P1, P10 and P13 (its 2026 signing not yet voided) signed; none started.
    assert _counts(scope, d(2026, 2, 20), "started") == (Decimal(0), Decimal(3))


def test_both_paths_agree(messy):
    scopes = [Scope.for_jurisdiction(messy.root)] + [Scope.for_unit(u) for u in (messy.township, messy.other_township, messy.section, messy.department)]
    checked = 0
    for scope in scopes:
        for cohort in (COHORT, Span.ytd(2025, 12), Span.range(d(2026, 2, 1), d(2026, 6, 1))):
            for as_of in (AS_OF, d(2026, 2, 20), d(2026, 5, 15), d(2026, 11, 30)):
                combined = _pipeline_rates(scope, [], [cohort], as_of)
                for name in COHORT_STAGES:
                    assert _cohort_rate(scope, cohort, as_of, name) == combined[name, cohort], (scope.name, cohort, as_of, name)
                    checked += combined[name, cohort].denominator > 0
    assert checked > 40  # most cases have a cohort: the comparison is not of zeros
