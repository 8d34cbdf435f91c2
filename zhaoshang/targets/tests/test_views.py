"""Target list (filter, sort, paginate, export of the filtered rows), forms typed in
万元/万美元, and the decomposition page."""

from zhaoshang.organisation.tests.conftest import xlsx_rows
from zhaoshang.targets.factories import TargetFactory
from zhaoshang.targets.models import Target


def test_the_list_filters_by_kind_and_pins_its_queries(county, period, target, client_for, bureau_user, django_assert_max_num_queries):
    TargetFactory(period=period, kind="contract_amount", unit=county.other_township, amount=300_000_000)
    client = client_for(bureau_user)
    with django_assert_max_num_queries(12):
        response = client.get("/targets/", {"kind": "contract_amount"})
    assert [t.unit.name for t in response.context["page"]] == ["河口镇"]
    assert "30,000.00" in response.text


def test_a_reporter_sees_only_their_units_targets(county, period, target, client_for, other_reporter):
    response = client_for(other_reporter).get("/targets/")
    assert list(response.context["page"]) == []


def test_the_export_holds_exactly_the_filtered_rows(county, period, target, client_for, bureau_user):
    TargetFactory(period=period, kind="foreign_actual", unit=county.other_township, amount=100_000_000)
    rows = xlsx_rows(client_for(bureau_user).get("/targets/export/", {"kind": "foreign_actual"}))
    # $100万 = 100,000,000 cents → 100.00 万美元
    assert rows == [
        ["考核期间", "任务类型", "单位/个人", "任务数", "计量单位", "项目条件", "备注"],
        ["2026年度", "实际利用外资", "河口镇", "100.00", "万美元", None, None],
    ]


def test_the_list_filters_by_division_and_unit_subtree(county, period, target, client_for, bureau_user):
    TargetFactory(period=period, kind="contract_amount", unit=county.department, amount=1)
    client = client_for(bureau_user)
    in_division = client.get("/targets/", {"division": county.township.division_id}).context["page"]
    under_township = client.get("/targets/", {"unit": county.township.pk}).context["page"]
    assert [t.unit.name for t in in_division] == ["城关镇"]
    assert [t.unit.name for t in under_township] == ["城关镇"]


def test_the_bureau_creates_a_usd_target_typed_in_wan_dollars(county, period, client_for, bureau_user):
    response = client_for(bureau_user).post(
        "/targets/new/", {"period": period.pk, "kind": "foreign_actual", "unit": county.township.pk, "amount_input": "150.5"}
    )
    assert response.status_code == 302
    # 150.5 万美元 = 1,505,000 美元 = 150,500,000 美分
    assert Target.objects.get(kind="foreign_actual").amount == 150_500_000


def test_editing_a_target_keeps_it_in_wan_yuan(county, period, target, client_for, bureau_user):
    client = client_for(bureau_user)
    assert 'value="4000"' in str(client.get(f"/targets/{target.pk}/edit/").context["form"]["amount_input"])
    client.post(
        f"/targets/{target.pk}/edit/",
        {"period": period.pk, "kind": "funds_arrived", "unit": county.township.pk, "amount_input": "4500", "version": target.version},
    )
    target.refresh_from_db()
    assert target.amount == 45_000_000


def test_a_form_without_a_holder_shows_a_chinese_error(county, period, client_for, bureau_user):
    response = client_for(bureau_user).post("/targets/new/", {"period": period.pk, "kind": "funds_arrived", "amount_input": "1"})
    assert response.status_code == 200
    assert "请选择单位或个人（二者选一）" in response.text


def test_the_decomposition_page_shows_the_difference(county, period, target, client_for, reporter):
    response = client_for(reporter).get(f"/targets/decomposition/{county.root.pk}/", {"period": period.pk, "kind": "funds_arrived"})
    assert response.status_code == 404  # a reporter of 城关镇 cannot open the county
    response = client_for(reporter).get(f"/targets/decomposition/{county.township.pk}/", {"period": period.pk, "kind": "funds_arrived"})
    assert response.context["result"].difference == 40_000_000
    assert "4,000.00" in response.text
