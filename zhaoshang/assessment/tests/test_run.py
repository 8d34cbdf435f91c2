"""Running a scheme: hand-computed scores from records, the frozen snapshot, the
difference report, publication and objections."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.assessment import actions
from zhaoshang.assessment.models import FalsifiedMark, Grade, Objection, SnapshotStatus
from zhaoshang.cases.models import Case

from .conftest import CUT_OFF


def lines_of(snapshot, unit):
    score = snapshot.scores.get(unit=unit)
    return score, {line.indicator_name: line for line in score.lines.all()}


def test_run_scores_capped_and_uncapped_ratio_in_one_scheme(world, bureau_user):
    county = world["county"]
    snapshot = actions.do_run_scheme(world["scheme"], None, bureau_user)
    score, lines = lines_of(snapshot, county.township)
    # 150万/100万 × 40 = 60 → cap 48; × 20 = 30 uncapped; highest of the group: 100% of 20.
    assert lines["到位资金（封顶）"].points == D(48)
    assert lines["到位资金（不封顶）"].points == D(30)
    assert lines["到位资金功效"].points == D(20)
    assert lines["到位资金（封顶）"].raw == D(1_500_000)
    assert lines["到位资金（封顶）"].record_ids == [world["on_time"].pk]
    assert (score.total, score.rank, score.grade) == (D(98), 1, Grade.EXCELLENT)
    other, other_lines = lines_of(snapshot, county.other_township)
    # 50%: 20 + 10 + 60% of 20 = 12 → 42, 不合格.
    assert (other.total, other.rank, other.grade) == (D(42), 2, Grade.FAIL)
    assert snapshot.definition[0]["targets"] == {str(county.township.pk): "1000000.00", str(county.other_township.pk): "1000000.00"}


def test_a_fund_verified_after_the_cut_off_leaves_the_published_score_and_shows_in_the_difference_report(world, bureau_user):
    county = world["county"]
    snapshot = actions.do_run_scheme(world["scheme"], None, bureau_user)
    actions.do_publish(snapshot, bureau_user, today=date(2026, 7, 1))
    report = actions.difference_report(snapshot, as_of=date(2026, 7, 31))
    score, lines = lines_of(snapshot, county.township)
    assert lines["到位资金（不封顶）"].points == D(30)  # unchanged
    changed = {row.indicator: row for row in report.rows if row.unit == county.township}
    assert changed["到位资金（不封顶）"].new_points == D(40)  # 200万/100万 × 20
    assert changed["到位资金（不封顶）"].added == [world["late"].pk]
    assert changed["到位资金（封顶）"].new_points == D(48)  # still capped, but a record was added
    assert [(u, old, new) for u, old, new, *_ in report.totals] == [(county.township, D(98), D(108))]
    snapshot.refresh_from_db()
    assert snapshot.scores.get(unit=county.township).total == D(98)


def test_difference_report_is_empty_as_of_the_cut_off(world, bureau_user):
    snapshot = actions.do_run_scheme(world["scheme"], None, bureau_user)
    assert actions.difference_report(snapshot, as_of=CUT_OFF).rows == []


def test_editing_the_scheme_does_not_change_a_snapshot(world, bureau_user):
    snapshot = actions.do_run_scheme(world["scheme"], None, bureau_user)
    world["scheme"].indicators.update(weight=1)
    assert snapshot.definition[0]["weight"] == "40.00"
    assert actions.difference_report(snapshot, as_of=CUT_OFF).rows == []


def test_falsified_project_vetoes(world, bureau_user):
    county = world["county"]
    actions.do_mark_falsified(world["town"], "虚报到位资金", bureau_user, day=date(2026, 5, 1))
    snapshot = actions.do_run_scheme(world["scheme"], None, bureau_user)
    score, lines = lines_of(snapshot, county.township)
    assert (score.total, score.grade, score.vetoed) == (D(0), Grade.FAIL, True)
    assert lines["弄虚作假"].record_ids == [world["town"].pk]
    assert snapshot.scores.get(unit=county.other_township).rank == 1


def test_mark_falsified_keeps_history_and_needs_the_bureau(world, bureau_user, reporter):
    with pytest.raises(PermissionDenied):
        actions.do_mark_falsified(world["town"], "虚报", reporter)
    with pytest.raises(ValidationError):
        actions.do_mark_falsified(world["town"], " ", bureau_user)
    mark = actions.do_mark_falsified(world["town"], "虚报", bureau_user)
    with pytest.raises(ValidationError):
        actions.do_mark_falsified(world["town"], "again", bureau_user)
    actions.do_revoke_falsified(mark, "复核无误", bureau_user)
    history = list(FalsifiedMark.history.filter(id=mark.pk).order_by("history_date"))
    assert [h.is_active for h in history] == [True, False]
    assert history[-1].history_user == bureau_user and "复核无误" in history[-1].history_change_reason


def test_publish_opens_five_working_days(world, bureau_user):
    snapshot = actions.do_run_scheme(world["scheme"], None, bureau_user)
    # Friday 2026-07-03 → Mon 6 … Fri 10: five working days.
    actions.do_publish(snapshot, bureau_user, today=date(2026, 7, 3))
    snapshot.refresh_from_db()
    assert (snapshot.status, snapshot.publicity_ends) == (SnapshotStatus.PUBLISHED, date(2026, 7, 10))
    with pytest.raises(ValidationError):
        actions.do_publish(snapshot, bureau_user)


def test_reporter_cannot_run_or_publish(world, bureau_user, reporter):
    with pytest.raises(PermissionDenied):
        actions.do_run_scheme(world["scheme"], None, reporter)
    snapshot = actions.do_run_scheme(world["scheme"], None, bureau_user)
    with pytest.raises(PermissionDenied):
        actions.do_publish(snapshot, reporter)


def test_objection_during_publicity_creates_a_case(world, bureau_user, reporter):
    county = world["county"]
    snapshot = actions.do_run_scheme(world["scheme"], None, bureau_user)
    actions.do_publish(snapshot, bureau_user, today=date(2026, 7, 3))
    objection = actions.do_object(snapshot, county.township, "到位资金漏计一笔", reporter, today=date(2026, 7, 6))
    case = Case.objects.get(pk=objection.case_id)
    assert case.unit == county.bureau
    assert "到位资金漏计一笔" in case.description and county.township.name in case.title
    assert Objection.objects.filter(snapshot=snapshot, unit=county.township, raised_by=reporter).count() == 1


def test_no_objection_outside_publicity_or_for_another_unit(world, bureau_user, reporter):
    county = world["county"]
    snapshot = actions.do_run_scheme(world["scheme"], None, bureau_user)
    with pytest.raises(PermissionDenied):
        actions.do_object(snapshot, county.township, "x", reporter, today=date(2026, 7, 6))  # not published
    actions.do_publish(snapshot, bureau_user, today=date(2026, 7, 3))
    with pytest.raises(PermissionDenied):
        actions.do_object(snapshot, county.township, "x", reporter, today=date(2026, 7, 13))  # after the period
    with pytest.raises(PermissionDenied):
        actions.do_object(snapshot, county.other_township, "x", reporter, today=date(2026, 7, 6))
    assert not Case.objects.exists()


def test_new_version_copies_indicators_and_targets(world, bureau_user):
    copy = actions.do_new_version(world["scheme"], bureau_user)
    assert copy.edition == 2 and copy.previous == world["scheme"]
    assert actions.definition_of(copy) == [
        {**row, "id": new["id"]} for row, new in zip(actions.definition_of(world["scheme"]), actions.definition_of(copy), strict=True)
    ]


def test_a_scheme_for_a_group_the_bureau_defines_scores_only_its_units(world, bureau_user):
    from zhaoshang.assessment.models import GroupKind

    from .factories import IndicatorFactory, SchemeFactory

    county = world["county"]
    group = actions.do_create_group(county.root, "重点乡镇", [county.other_township, county.department], bureau_user)
    scheme = SchemeFactory(jurisdiction=county.root, created_by=bureau_user, group_kind=GroupKind.CUSTOM, unit_group=group)
    IndicatorFactory(scheme=scheme, kind="efficacy", weight=D(10))
    snapshot = actions.do_run_scheme(scheme, None, bureau_user)
    # 河口镇 50万, 县经信局 nothing: 100% and 60% of 10.
    assert {s.unit.name: s.total for s in snapshot.scores.all()} == {"河口镇": D(10), "县经信局": D(6)}


def test_a_group_needs_units_of_its_county(world, bureau_user, reporter):
    county = world["county"]
    with pytest.raises(ValidationError):
        actions.do_create_group(county.root, "空", [], bureau_user)
    with pytest.raises(PermissionDenied):
        actions.do_create_group(county.root, "重点", [county.township], reporter)
