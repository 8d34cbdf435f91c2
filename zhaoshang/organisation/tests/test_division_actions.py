import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.core import history
from zhaoshang.organisation import actions
from zhaoshang.organisation.factories import DivisionFactory, UnitFactory
from zhaoshang.organisation.models import Division, UnitKind


def _new(county, **data):
    return {"name": "二赛区", "default_quota": 50_000_000, "competes": True, "sort_order": 2, **data}


def test_save_division_creates_it_with_members(county, bureau_user):
    division = actions.do_save_division(Division(jurisdiction=county.root), _new(county), bureau_user, [county.department])

    county.department.refresh_from_db()
    assert county.department.division == division
    assert history.entries(county.department)[0].reason == "加入赛区「二赛区」"
    assert division.history.get().history_user == bureau_user


def test_a_unit_taken_from_another_division_leaves_it(county, bureau_user):
    first = county.township.division
    second = actions.do_save_division(Division(jurisdiction=county.root), _new(county), bureau_user, [county.township])

    county.township.refresh_from_db()
    assert county.township.division == second
    assert list(first.units.all()) == [county.other_township]
    assert history.entries(county.township)[0].reason == "从赛区「一赛区」调入赛区「二赛区」"


def test_members_missing_from_the_list_are_removed(county, bureau_user):
    division = county.township.division

    actions.do_save_division(division, {}, bureau_user, [county.township], expected_version=division.version)

    county.other_township.refresh_from_db()
    assert county.other_township.division is None
    assert history.entries(county.other_township)[0].reason == "移出赛区「一赛区」"


def test_members_outside_the_jurisdiction_are_refused(county, admin_user):
    outsider = UnitFactory(name="邻县", kind=UnitKind.COUNTY)

    with pytest.raises(ValidationError, match="不在「示范县」辖区内"):
        actions.do_save_division(Division(jurisdiction=county.root), _new(county), admin_user, [outsider])
    assert not Division.objects.filter(name="二赛区").exists()


def test_duplicate_division_names_in_one_jurisdiction_are_refused(county, bureau_user):
    with pytest.raises(ValidationError, match="已有名为「一赛区」的赛区"):
        actions.do_save_division(Division(jurisdiction=county.root), _new(county, name="一赛区"), bureau_user)


def test_reporters_cannot_save_divisions(county, reporter):
    division = DivisionFactory(jurisdiction=county.root)

    with pytest.raises(PermissionDenied):
        actions.do_save_division(division, {"default_quota": 1}, reporter, expected_version=division.version)
