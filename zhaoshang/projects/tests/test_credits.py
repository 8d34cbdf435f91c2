"""联合引进: credit shares in basis points that sum to 100%, set by the bureau."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.projects import actions
from zhaoshang.projects.models import Category, Project


def test_bureau_splits_credit_between_two_units(project, county, bureau_user):
    actions.do_set_credits(project, [(county.township, 7000), (county.other_township, 3000)], bureau_user)
    assert dict(project.credits.values_list("unit__name", "share_bp")) == {"城关镇": 7000, "河口镇": 3000}
    assert project in Project.objects.credited_to(county.other_township)
    assert project.credits.get(unit=county.township).history.first().history_user == bureau_user


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        ([6000, 3000], "各单位分成比例之和须为100%（当前为90%）"),
        ([6000, 5000], "各单位分成比例之和须为100%（当前为110%）"),
        ([10000, 0], "「河口镇」的分成比例须在0.01%到100%之间"),
    ],
)
def test_shares_must_be_positive_and_sum_to_100_percent(project, county, bureau_user, shares, message):
    credits = list(zip([county.township, county.other_township], shares))
    with pytest.raises(ValidationError) as excinfo:
        actions.do_set_credits(project, credits, bureau_user)
    assert excinfo.value.message_dict == {"credits": [message]}
    assert list(project.credits.values_list("share_bp", flat=True)) == [10000]


def test_float_shares_are_refused(project, county, bureau_user):
    with pytest.raises(ValidationError):
        actions.do_set_credits(project, [(county.township, 5000.0), (county.other_township, 5000.0)], bureau_user)


def test_a_unit_cannot_appear_twice(project, county, bureau_user):
    with pytest.raises(ValidationError):
        actions.do_set_credits(project, [(county.township, 5000), (county.township, 5000)], bureau_user)


def test_every_project_keeps_at_least_one_credit(project, bureau_user):
    with pytest.raises(ValidationError):
        actions.do_set_credits(project, [], bureau_user)


@pytest.mark.parametrize("persona", ["reporter", "unit_head", "leader"])
def test_only_the_bureau_changes_credit(project, county, request, persona):
    with pytest.raises(PermissionDenied):
        actions.do_set_credits(project, [(county.township, 10000)], request.getfixturevalue(persona))


def test_a_reporter_may_declare_a_joint_introduction_when_creating(county, reporter):
    project = actions.do_create_project(
        {"name": "联合项目", "category": Category.LOGISTICS, "introducing_unit": county.township},
        [(county.township, 5000), (county.department, 5000)],
        reporter,
    )
    assert sorted(project.credits.values_list("share_bp", flat=True)) == [5000, 5000]


def test_moving_the_introducing_unit_moves_a_default_full_credit(county, bureau_user, project):
    moved = actions.do_update_project(project, {"introducing_unit": county.department}, project.version, bureau_user)
    assert list(moved.credits.values_list("unit", "share_bp")) == [(county.department.pk, 10000)]


def test_a_reporter_cannot_move_a_project_to_another_unit(county, reporter, project):
    with pytest.raises(PermissionDenied):
        actions.do_update_project(project, {"introducing_unit": county.other_township}, project.version, reporter)
