import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.accounts.factories import user_with_role
from zhaoshang.accounts.models import Role
from zhaoshang.core import history
from zhaoshang.organisation import actions
from zhaoshang.organisation.factories import DivisionFactory, UnitFactory
from zhaoshang.organisation.models import Unit, UnitKind


def test_create_unit_adds_a_child_recorded_with_the_acting_user(county, bureau_user):
    unit = actions.do_create_unit(county.township, {"name": "城关镇招商组", "kind": UnitKind.SECTION}, bureau_user)

    assert Unit.objects.get_parent(unit) == county.township
    record = unit.history.get()
    assert record.history_user == bureau_user
    assert record.history_type == "+"


def test_reporter_cannot_create_units(county, reporter):
    with pytest.raises(PermissionDenied):
        actions.do_create_unit(county.township, {"name": "新组", "kind": UnitKind.SECTION}, reporter)


def test_division_of_another_jurisdiction_is_refused(county, admin_user):
    other_county = UnitFactory(name="邻县", kind=UnitKind.COUNTY)
    foreign = DivisionFactory(name="邻县赛区", jurisdiction=other_county)

    with pytest.raises(ValidationError, match="不属于该单位所在的辖区"):
        actions.do_update_unit(county.township, {"division": foreign}, county.township.version, admin_user)


def test_update_unit_records_old_and_new_values(county, bureau_user):
    actions.do_update_unit(county.township, {"name": "城关街道"}, county.township.version, bureau_user)

    latest = history.entries(county.township)[0]
    assert latest.who == bureau_user.get_full_name()
    assert [(c.field, c.old, c.new) for c in latest.changes] == [("单位名称", "城关镇", "城关街道")]


def test_move_takes_the_subtree_along_and_records_the_reason(county, bureau_user):
    team = UnitFactory(parent=county.township, name="招商组", kind=UnitKind.SECTION)
    member = UnitFactory(parent=team, name="组员甲", kind=UnitKind.SECTION)

    actions.do_move_unit(team, county.other_township, bureau_user)

    team.refresh_from_db()
    member.refresh_from_db()
    assert Unit.objects.get_parent(team) == county.other_township
    assert member.path.startswith(team.path) and county.other_township.contains(member)
    assert history.entries(team)[0].reason == "从「城关镇」移至「河口镇」"


def test_move_into_its_own_subtree_is_refused(county, bureau_user):
    child = UnitFactory(parent=county.township, name="下级", kind=UnitKind.SECTION)

    with pytest.raises(ValidationError, match="自己或它的下级"):
        actions.do_move_unit(county.township, child, bureau_user)


def test_move_into_a_jurisdiction_the_user_does_not_administer_is_refused(county, bureau_user):
    other_county = UnitFactory(name="邻县", kind=UnitKind.COUNTY)

    with pytest.raises(ValidationError, match="您管理的辖区"):
        actions.do_move_unit(county.department, other_county, bureau_user)
    county.department.refresh_from_db()
    assert county.root.contains(county.department)


def test_move_that_would_strand_a_division_member_is_refused(county, admin_user):
    other_county = UnitFactory(name="邻县", kind=UnitKind.COUNTY)

    with pytest.raises(ValidationError, match="请先调整赛区"):
        actions.do_move_unit(county.township, other_county, admin_user)


def test_deactivating_a_unit_with_active_children_is_refused(county, bureau_user):
    UnitFactory(parent=county.township, name="城关镇招商组", kind=UnitKind.SECTION)

    with pytest.raises(ValidationError, match="还有启用的下级单位（城关镇招商组）"):
        actions.do_set_unit_active(county.township, False, bureau_user)


def test_deactivated_unit_keeps_its_history_and_can_be_reactivated(county, bureau_user):
    actions.do_set_unit_active(county.township, False, bureau_user)
    actions.do_set_unit_active(county.township, True, bureau_user)

    county.township.refresh_from_db()
    assert county.township.is_active
    assert [e.reason for e in history.entries(county.township)[:2]] == ["启用", "停用"]


def test_reactivating_under_a_deactivated_parent_is_refused(county, bureau_user):
    leaf = UnitFactory(parent=county.township, name="组", kind=UnitKind.SECTION)
    actions.do_set_unit_active(leaf, False, bureau_user)
    actions.do_set_unit_active(county.township, False, bureau_user)

    with pytest.raises(ValidationError, match="请先启用上级单位"):
        actions.do_set_unit_active(leaf, True, bureau_user)


def test_repeating_a_deactivation_changes_nothing(county, bureau_user):
    actions.do_set_unit_active(county.department, False, bureau_user)
    actions.do_set_unit_active(county.department, False, bureau_user)

    assert county.department.history.count() == 2


def test_bureau_of_a_township_cannot_manage_the_county(county):
    township_bureau = user_with_role(Role.BUREAU, county.township)

    with pytest.raises(PermissionDenied):
        actions.do_update_unit(county.root, {"name": "改名县"}, county.root.version, township_bureau)
