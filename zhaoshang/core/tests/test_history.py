from zhaoshang.core import history
from zhaoshang.organisation.factories import DivisionFactory
from zhaoshang.organisation.models import UnitKind


def test_history_names_fields_in_chinese_with_old_and_new_values(county, bureau_user):
    unit = county.township
    second = DivisionFactory(name="二赛区", jurisdiction=county.root)
    unit.name = "城关街道"
    unit.kind = UnitKind.DEPARTMENT
    unit.division = second
    unit._history_user = bureau_user
    unit.save()

    latest = history.entries(unit)[0]

    assert latest.kind == "修改"
    assert latest.who == bureau_user.get_full_name()
    changes = {c.field: (c.old, c.new) for c in latest.changes}
    assert changes == {
        "单位名称": ("城关镇", "城关街道"),
        "单位类型": ("乡镇/街道", "县直部门"),
        "所属赛区": ("一赛区", "二赛区"),
    }


def test_history_starts_with_creation_by_the_system(county):
    entries = history.entries(county.township)
    assert [e.kind for e in entries] == ["新建"]
    assert entries[0].who == "系统"


def test_an_amount_labelled_in_yuan_reads_in_wan_under_its_label_without_the_unit(county, bureau_user):
    division = county.township.division
    division.default_quota = 80_000_000
    division._history_user = bureau_user
    division.save()

    changes = {c.field: (c.old, c.new) for c in history.entries(division)[0].changes}

    assert changes == {"默认任务": ("6,000.00 万元", "8,000.00 万元")}


def test_related_records_are_named_with_one_query_per_model(county, bureau_user, django_assert_max_num_queries):
    second = DivisionFactory(name="二赛区", jurisdiction=county.root)
    for division in (second, county.township.division) * 3:
        county.township.division = division
        county.township._history_user = bureau_user
        county.township.save()

    # The history rows with their users, then the divisions named at once.
    with django_assert_max_num_queries(2):
        latest = history.entries(county.township)

    assert [c.new for e in latest[:2] for c in e.changes] == ["一赛区", "二赛区"]
