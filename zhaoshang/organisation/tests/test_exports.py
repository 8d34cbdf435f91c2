from django.urls import reverse

from zhaoshang.organisation.factories import DivisionFactory, PersonFactory

from .conftest import xlsx_rows


def test_person_export_holds_exactly_the_filtered_rows_with_masked_phones(county, client_for, reporting_leader):
    PersonFactory(unit=county.township, name="本镇干部", post="镇长", phone="13811112222")
    PersonFactory(unit=county.other_township, name="外镇干部", post="镇长", phone="13933334444")
    PersonFactory(unit=county.other_township, name="外镇科员", post="科员", phone="13955556666")
    client = client_for(reporting_leader)
    query = {"q": "镇长", "sort": "unit"}

    shown = [p.name for p in client.get(reverse("organisation:person_list"), query).context["page"]]
    rows = xlsx_rows(client.get(reverse("organisation:person_export"), query))

    assert rows[0][:6] == ["姓名", "职务", "所在单位", "四大家领导", "主要负责人", "联系电话"]
    assert [r[0] for r in rows[1:]] == shown == ["本镇干部", "外镇干部"]
    assert [r[5] for r in rows[1:]] == ["13811112222", "139****4444"]


def test_unit_export_follows_the_tree_filters(county, client_for, bureau_user):
    rows = xlsx_rows(client_for(bureau_user).get(reverse("organisation:unit_export"), {"q": "镇"}))

    assert rows[1:] == [
        ["城关镇", None, "乡镇/街道", "示范县", "一赛区", None, 0, "是"],
        ["河口镇", None, "乡镇/街道", "示范县", "一赛区", None, 0, "是"],
    ]


def test_division_export_shows_quota_in_wan(county, client_for, bureau_user):
    DivisionFactory(name="三赛区", jurisdiction=county.root, default_quota=10_000_000, competes=False)

    rows = xlsx_rows(client_for(bureau_user).get(reverse("organisation:division_export"), {"competes": "0"}))

    assert rows == [["赛区名称", "所属辖区", "默认任务（万元）", "参加排名", "成员单位数"], ["三赛区", "示范县", 1000, "否", 0]]
