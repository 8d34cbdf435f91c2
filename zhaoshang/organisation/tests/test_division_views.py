from django.urls import reverse

from zhaoshang.organisation.factories import DivisionFactory
from zhaoshang.organisation.models import Division


def test_create_division_takes_the_quota_in_wan_and_stores_yuan(county, client_for, bureau_user):
    response = client_for(bureau_user).post(
        reverse("organisation:division_create"),
        {"name": "二赛区", "default_quota_wan": "5000.5", "competes": "on", "sort_order": 2, "members": [county.department.pk]},
    )

    division = Division.objects.get(name="二赛区")
    assert response.url == reverse("organisation:division_detail", args=[division.pk])
    assert division.default_quota == 50_005_000
    assert list(division.units.all()) == [county.department]


def test_edit_form_shows_the_quota_in_wan(county, client_for, bureau_user):
    division = county.township.division

    response = client_for(bureau_user).get(reverse("organisation:division_edit", args=[division.pk]))

    assert 'value="6000"' in str(response.context["form"]["default_quota_wan"])


def test_member_picker_offers_only_the_jurisdictions_units(county, client_for, admin_user):
    from zhaoshang.organisation.factories import UnitFactory
    from zhaoshang.organisation.models import UnitKind

    outsider = UnitFactory(name="邻县", kind=UnitKind.COUNTY)
    response = client_for(admin_user).get(reverse("organisation:division_edit", args=[county.township.division_id]))

    offered = set(response.context["form"].fields["members"].queryset)
    assert county.township in offered and outsider not in offered and county.root not in offered


def test_duplicate_name_is_shown_on_the_form(county, client_for, bureau_user):
    response = client_for(bureau_user).post(reverse("organisation:division_create"), {"name": "一赛区", "default_quota_wan": "1", "sort_order": 0})

    assert response.status_code == 200
    assert "已有名为「一赛区」的赛区" in response.content.decode()


def test_list_filters_sorts_and_pins_queries(county, client_for, bureau_user, django_assert_max_num_queries):
    for n in range(5):
        DivisionFactory(name=f"专项赛区{n}", jurisdiction=county.root, default_quota=n * 10_000, competes=False)
    client = client_for(bureau_user)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("organisation:division_list"), {"competes": "0", "sort": "-default_quota"})

    assert [d.name for d in response.context["page"]] == [f"专项赛区{n}" for n in (4, 3, 2, 1, 0)]
