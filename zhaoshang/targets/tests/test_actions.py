"""do_save_target and do_save_period: only the bureau, inside its jurisdiction, with history."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.targets import actions
from zhaoshang.targets.models import Period, Target


def test_the_bureau_sets_a_target_with_history(county, period, bureau_user):
    target = actions.do_save_target(
        Target(), {"period": period, "kind": "funds_arrived", "unit": county.other_township, "amount": 50_000_000}, bureau_user
    )
    assert target.history.get().history_user == bureau_user


def test_a_reporter_cannot_set_targets(county, period, reporter):
    with pytest.raises(PermissionDenied):
        actions.do_save_target(Target(), {"period": period, "kind": "funds_arrived", "unit": county.township, "amount": 1}, reporter)


def test_a_target_needs_exactly_one_holder(county, period, bureau_user):
    with pytest.raises(ValidationError, match="二者选一"):
        actions.do_save_target(Target(), {"period": period, "kind": "funds_arrived", "amount": 1}, bureau_user)


def test_a_second_money_target_of_the_same_kind_is_refused(county, period, target, bureau_user):
    with pytest.raises(ValidationError, match="已有同类任务"):
        actions.do_save_target(Target(), {"period": period, "kind": "funds_arrived", "unit": county.township, "amount": 1}, bureau_user)


def test_project_count_targets_may_differ_by_filter(county, period, bureau_user):
    base = {"period": period, "kind": "project_count", "unit": county.township, "amount": 2}
    actions.do_save_target(Target(), {**base, "stage_reached": "signed"}, bureau_user)
    actions.do_save_target(Target(), {**base, "stage_reached": "started", "min_investment": 1_000_000_000}, bureau_user)
    assert Target.objects.filter(kind="project_count").count() == 2


def test_money_targets_drop_the_count_filter(county, period, bureau_user):
    target = actions.do_save_target(
        Target(), {"period": period, "kind": "contract_amount", "unit": county.township, "amount": 1, "category": "industry"}, bureau_user
    )
    assert target.category == ""


def test_a_period_must_end_after_it_starts(county, bureau_user):
    with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        actions.do_save_period(Period(), {"jurisdiction": county.root, "name": "错", "start": date(2026, 6, 1), "end": date(2026, 1, 1)}, bureau_user)


def test_a_unit_head_cannot_create_periods(county, unit_head):
    with pytest.raises(PermissionDenied):
        actions.do_save_period(Period(), {"jurisdiction": county.root, "name": "x", "start": date(2026, 1, 1), "end": date(2026, 2, 1)}, unit_head)
