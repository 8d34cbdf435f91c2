"""Duplicate detection on create and edit, the bureau's hold, merge and distinct."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum

from zhaoshang.projects import actions
from zhaoshang.projects.factories import FundEntryFactory, InvestorFactory, ObstacleFactory, project_with_history
from zhaoshang.projects.models import Category, DuplicateStatus, FundEntry, FundStatus, Project, Stage


def new_project(user, unit, investor, name="新能电池生产基地", **extra):
    data = {"name": name, "investor": investor, "category": Category.INDUSTRY, "introducing_unit": unit, **extra}
    return actions.do_create_project(data, None, user)


@pytest.fixture
def original(county, reporter, investor):
    return new_project(reporter, county.township, investor)


def test_a_new_project_is_credited_100_percent_to_its_introducing_unit(original, county, reporter):
    assert list(original.credits.values_list("unit", "share_bp")) == [(county.township.pk, 10_000)]
    assert original.stage == Stage.LEAD
    assert original.events.get().recorded_by == reporter
    assert original.duplicate_status == DuplicateStatus.NONE


def test_a_reporter_cannot_create_a_project_for_another_unit(county, reporter, investor):
    with pytest.raises(PermissionDenied):
        new_project(reporter, county.other_township, investor)


def test_a_project_cannot_be_created_beyond_negotiating(county, reporter, investor):
    with pytest.raises(ValidationError):
        actions.do_create_project(
            {"name": "x", "category": Category.INDUSTRY, "introducing_unit": county.township},
            None,
            reporter,
            stage=Stage.SIGNED,
        )


def test_same_uscc_and_similar_name_from_another_unit_is_held_for_the_bureau(original, county, other_reporter):
    claim = new_project(other_reporter, county.other_township, original.investor, name="新能电池生产基地项目")
    assert claim.duplicate_status == DuplicateStatus.SUSPECTED
    assert claim.duplicate_of == original
    assert list(Project.objects.awaiting_duplicate_review()) == [claim]
    assert claim not in Project.objects.counted()
    assert original in Project.objects.counted()
    assert "疑似" in claim.history.first().history_change_reason


def test_same_normalised_investor_name_and_same_landing_place_is_held(original, county, other_reporter):
    Project.objects.filter(pk=original.pk).update(landing_unit=county.township)
    typed_again = InvestorFactory(name="深圳新能科技 有限公司", uscc="")
    claim = new_project(other_reporter, county.other_township, typed_again, name="储能项目", landing_unit=county.township)
    assert claim.duplicate_of == original


def test_a_different_investor_is_not_a_duplicate(original, county, other_reporter):
    claim = new_project(other_reporter, county.other_township, InvestorFactory(), name="新能电池生产基地")
    assert claim.duplicate_status == DuplicateStatus.NONE


def test_same_investor_but_unrelated_name_and_place_is_not_a_duplicate(original, county, other_reporter):
    claim = new_project(other_reporter, county.other_township, original.investor, name="农产品冷链物流")
    assert claim.duplicate_status == DuplicateStatus.NONE


def test_the_same_unit_editing_its_own_project_is_not_flagged(original, county, reporter):
    second = new_project(reporter, county.township, original.investor, name="新能电池二期")
    assert second.duplicate_status == DuplicateStatus.NONE
    edited = actions.do_update_project(original, {"name": "新能电池生产基地（一期）"}, original.version, reporter)
    assert edited.duplicate_status == DuplicateStatus.NONE


def test_editing_into_a_match_with_another_units_project_flags_it(original, county, other_reporter):
    claim = new_project(other_reporter, county.other_township, original.investor, name="冷链物流")
    assert claim.duplicate_status == DuplicateStatus.NONE
    edited = actions.do_update_project(claim, {"name": "新能电池基地"}, claim.version, other_reporter)
    assert (edited.duplicate_status, edited.duplicate_of) == (DuplicateStatus.SUSPECTED, original)


def test_bureau_marks_a_suspected_duplicate_distinct_and_it_stays_distinct(original, county, other_reporter, bureau_user):
    claim = new_project(other_reporter, county.other_township, original.investor, name="新能电池生产基地")
    distinct = actions.do_mark_distinct(claim, bureau_user)
    assert (distinct.duplicate_status, distinct.duplicate_of) == (DuplicateStatus.DISTINCT, None)
    assert distinct in Project.objects.counted()
    again = actions.do_update_project(distinct, {"progress_text": "厂房主体施工"}, distinct.version, other_reporter)
    assert again.duplicate_status == DuplicateStatus.DISTINCT


def test_only_the_bureau_settles_duplicates(original, county, other_reporter, unit_head):
    claim = new_project(other_reporter, county.other_township, original.investor)
    with pytest.raises(PermissionDenied):
        actions.do_mark_distinct(claim, other_reporter)
    with pytest.raises(PermissionDenied):
        actions.do_merge_projects(original, claim, unit_head)


def test_merging_moves_funds_events_and_obstacles_and_counts_nothing_twice(county, reporter, other_reporter, bureau_user, investor, days_ago):
    original = project_with_history(
        reporter,
        {Stage.LEAD: days_ago(60), Stage.SIGNED: days_ago(40)},
        introducing_unit=county.township,
        investor=investor,
        name="新能电池生产基地",
    )
    claim = project_with_history(
        other_reporter,
        {Stage.LEAD: days_ago(50), Stage.SIGNED: days_ago(35), Stage.STARTED: days_ago(10)},
        introducing_unit=county.other_township,
        investor=investor,
        name="新能电池生产基地",
    )
    assert claim.duplicate_status == DuplicateStatus.SUSPECTED
    FundEntryFactory(project=original, amount=30_000_000, status=FundStatus.VERIFIED)
    FundEntryFactory(project=claim, amount=20_000_000, status=FundStatus.VERIFIED)
    ObstacleFactory(project=claim)
    before = FundEntry.objects.aggregate(total=Sum("amount"))["total"]

    survivor = actions.do_merge_projects(original, claim, bureau_user, credits=[(county.township, 5000), (county.other_township, 5000)])

    claim.refresh_from_db()
    assert (claim.duplicate_status, claim.duplicate_of) == (DuplicateStatus.MERGED, survivor)
    assert not claim.fund_entries.exists() and not claim.events.exists() and not claim.obstacles.exists()
    after = FundEntry.objects.filter(project__in=Project.objects.active()).aggregate(total=Sum("amount"))["total"]
    assert after == before == 50_000_000
    assert survivor.obstacles.count() == 1
    # The survivor reached 开工 through the merged record; its own signing stands.
    assert survivor.stage == Stage.STARTED
    assert survivor.signed_on == days_ago(40)
    assert Project.objects.signed_between(days_ago(60), days_ago(0)).count() == 1
    assert sorted(survivor.credits.values_list("share_bp", flat=True)) == [5000, 5000]
    # Both histories are kept.
    assert claim.history.count() > 1 and survivor.history.count() > 1
    assert "已合并" in claim.history.first().history_change_reason


def test_a_merged_project_cannot_be_edited_or_merged_again(original, county, other_reporter, bureau_user):
    claim = new_project(other_reporter, county.other_township, original.investor)
    actions.do_merge_projects(original, claim, bureau_user)
    claim.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.do_update_project(claim, {"name": "改名"}, claim.version, bureau_user)
    with pytest.raises(ValidationError):
        actions.do_merge_projects(original, claim, bureau_user)
    assert claim not in Project.objects.active()
