from django.urls import reverse

from zhaoshang.organisation.factories import PersonFactory, UnitFactory
from zhaoshang.organisation.models import LeaderBody, Person, UnitKind


def _names(response):
    return [p.name for p in response.context["page"]]


def test_unit_filter_includes_the_subtree(county, client_for, bureau_user):
    team = UnitFactory(parent=county.township, name="城关镇招商组", kind=UnitKind.SECTION)
    PersonFactory(unit=team, name="组员甲")
    PersonFactory(unit=county.township, name="镇长乙")
    PersonFactory(unit=county.other_township, name="镇长丙")

    response = client_for(bureau_user).get(reverse("organisation:person_list"), {"unit": county.township.pk, "sort": "name"})

    assert sorted(_names(response)) == ["组员甲", "镇长乙"]


def test_filters_by_name_leader_body_principal_and_status(county, client_for, bureau_user):
    PersonFactory(unit=county.root, name="王县长", leader_body=LeaderBody.GOVERNMENT, is_principal=True)
    PersonFactory(unit=county.root, name="赵主席", leader_body=LeaderBody.CPPCC)
    PersonFactory(unit=county.township, name="王科员", is_active=False)
    client = client_for(bureau_user)
    url = reverse("organisation:person_list")

    assert _names(client.get(url, {"q": "王"})) == ["王县长"]
    assert _names(client.get(url, {"q": "王", "active": ""})) == ["王县长", "王科员"]
    assert sorted(_names(client.get(url, {"leader_body": "any"}))) == ["王县长", "赵主席"]
    assert _names(client.get(url, {"leader_body": "cppcc"})) == ["赵主席"]
    assert _names(client.get(url, {"principal": "1"})) == ["王县长"]


def test_htmx_request_gets_only_the_results_partial(county, client_for, bureau_user):
    PersonFactory(unit=county.township, name="李镇长")

    response = client_for(bureau_user).get(reverse("organisation:person_list"), headers={"HX-Request": "true"})

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results">')
    assert "李镇长" in body and '<nav class="navbar' not in body


def test_list_paginates(county, client_for, bureau_user, settings):
    settings.PAGE_SIZE = 2
    for n in range(5):
        PersonFactory(unit=county.township, name=f"干部{n}")

    response = client_for(bureau_user).get(reverse("organisation:person_list"), {"page": 3})

    assert response.context["page"].paginator.num_pages == 3
    assert len(response.context["page"]) == 1


def test_phones_are_masked_for_persons_the_user_may_not_edit(county, client_for, reporting_leader):
    PersonFactory(unit=county.township, name="本镇干部", phone="13811112222")
    PersonFactory(unit=county.other_township, name="外镇干部", phone="13933334444")

    body = client_for(reporting_leader).get(reverse("organisation:person_list")).content.decode()

    assert "13811112222" in body
    assert "139****4444" in body and "13933334444" not in body


def test_list_runs_a_fixed_number_of_queries(county, client_for, bureau_user, django_assert_max_num_queries):
    for n in range(20):
        PersonFactory(unit=county.township if n % 2 else county.other_township)
    client = client_for(bureau_user)

    with django_assert_max_num_queries(8):
        client.get(reverse("organisation:person_list"))


def test_unit_picker_offers_only_units_the_user_may_write(county, client_for, reporter):
    response = client_for(reporter).get(reverse("organisation:person_create"))

    assert list(response.context["form"].fields["unit"].queryset) == [county.township]


def test_reporter_cannot_post_a_person_into_another_unit(county, client_for, reporter):
    response = client_for(reporter).post(reverse("organisation:person_create"), {"name": "张三", "unit": county.other_township.pk, "sort_order": 0})

    assert response.status_code == 200
    assert not Person.objects.filter(name="张三").exists()


def test_edit_person_records_the_change(county, client_for, unit_head):
    person = PersonFactory(unit=county.township, name="李镇长", post="副镇长")

    client_for(unit_head).post(
        reverse("organisation:person_edit", args=[person.pk]),
        {"name": "李镇长", "post": "镇长", "unit": county.township.pk, "phone": "138 0000 1234", "sort_order": 0, "version": 1},
    )

    page = client_for(unit_head).get(reverse("organisation:person_detail", args=[person.pk])).content.decode()
    assert "职务：副镇长 → 镇长" in page


def test_invalid_phone_is_refused_in_chinese(county, client_for, reporter):
    response = client_for(reporter).post(
        reverse("organisation:person_create"), {"name": "张三", "unit": county.township.pk, "phone": "call me", "sort_order": 0}
    )

    assert "请输入有效的电话号码" in response.content.decode()
