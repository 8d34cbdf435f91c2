import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.organisation import actions
from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.organisation.models import mask_phone


def test_reporter_creates_a_person_in_their_own_unit(county, reporter):
    person = actions.do_create_person({"name": "张三", "unit": county.township, "phone": "13800001234"}, reporter)

    assert person.history.get().history_user == reporter


def test_reporter_cannot_create_a_person_in_another_unit(county, reporter):
    with pytest.raises(PermissionDenied):
        actions.do_create_person({"name": "张三", "unit": county.other_township}, reporter)


def test_reporter_cannot_transfer_a_person_out_of_their_scope(county, reporter):
    person = PersonFactory(unit=county.township)

    with pytest.raises(PermissionDenied):
        actions.do_update_person(person, {"unit": county.other_township}, person.version, reporter)


def test_persons_cannot_join_a_deactivated_unit(county, bureau_user):
    actions.do_set_unit_active(county.department, False, bureau_user)

    with pytest.raises(ValidationError, match="已停用"):
        actions.do_create_person({"name": "张三", "unit": county.department}, bureau_user)


def test_deactivating_a_person_keeps_the_record(county, unit_head):
    person = PersonFactory(unit=county.township)

    actions.do_set_person_active(person, False, unit_head)

    person.refresh_from_db()
    assert not person.is_active
    assert person.history.first().history_change_reason == "停用"


@pytest.mark.parametrize(("phone", "masked"), [("13812341234", "138****1234"), ("0591-88881234", "059****1234"), ("12345", "*****"), ("", "")])
def test_phone_numbers_are_masked_keeping_the_ends(phone, masked):
    assert mask_phone(phone) == masked
