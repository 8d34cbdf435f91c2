"""Merged duplicates are not counted twice."""

from datetime import date

from zhaoshang.metrics import engine
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.projects import actions
from zhaoshang.projects.factories import InvestorFactory
from zhaoshang.projects.models import DuplicateStatus, Stage

from .conftest import build, fund


def test_a_merged_duplicate_counts_once(county, bureau_user):
    investor = InvestorFactory(name="福建海峡食品有限公司")
    stages = {Stage.NEGOTIATING: date(2026, 2, 1), Stage.SIGNED: date(2026, 3, 1)}
    original = build(bureau_user, county.township, stages, name="海峡食品加工", investor=investor, contract_amount=80_000_000)
    copy = build(bureau_user, county.other_township, stages, name="海峡食品加工项目", investor=investor, contract_amount=80_000_000)
    copy.refresh_from_db()
    assert copy.duplicate_status == DuplicateStatus.SUSPECTED
    fund(copy, date(2026, 4, 1), 3_000_000, verified=date(2026, 4, 2))
    today, county_scope, year = date.today(), Scope.for_jurisdiction(county.root), Span.ytd(2026, 10)
    # While held as a suspected duplicate, the copy does not count: 8000万 once, no funds.
    assert engine.contract_amount(county_scope, year, today).yuan == 80_000_000
    assert engine.signed_count(county_scope, year, today).total == 1

    actions.do_merge_projects(original, copy, bureau_user)
    # Merged: the copy's signing is voided on the survivor, its 300万 moves there.
    assert engine.contract_amount(county_scope, year, today).yuan == 80_000_000
    assert engine.signed_count(county_scope, year, today).total == 1
    assert engine.funds_arrived(Scope.for_unit(county.township), year, today).yuan == 3_000_000
    assert engine.funds_arrived(Scope.for_unit(county.other_township), year, today).yuan == 0
