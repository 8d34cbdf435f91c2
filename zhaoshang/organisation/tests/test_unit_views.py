from django.urls import reverse

from zhaoshang.organisation import actions
from zhaoshang.organisation.factories import DivisionFactory, UnitFactory
from zhaoshang.organisation.models import Unit, UnitKind


def test_tree_nests_children_under_their_parent(county, client_for, bureau_user):
    UnitFactory(parent=county.township, name="城关镇招商组", kind=UnitKind.SECTION)

    response = client_for(bureau_user).get(reverse("organisation:unit_tree"))

    top = response.context["forest"]
    assert [n.unit.name for n in top] == ["示范县"]
    township = next(n for n in top[0].children if n.unit.name == "城关镇")
    assert [n.unit.name for n in township.children] == ["城关镇招商组"]
    assert "<details open>" in response.content.decode()


def test_tree_hides_deactivated_units_unless_asked(county, client_for, bureau_user):
    actions.do_set_unit_active(county.department, False, bureau_user)
    client = client_for(bureau_user)

    assert "县经信局" not in client.get(reverse("organisation:unit_tree")).content.decode()
    assert "县经信局" in client.get(reverse("organisation:unit_tree"), {"inactive": "on"}).content.decode()


def test_tree_search_shows_matches_with_their_ancestors(county, client_for, bureau_user):
    response = client_for(bureau_user).get(reverse("organisation:unit_tree"), {"q": "河口"})

    (root,) = response.context["forest"]
    assert not root.matched
    assert [(n.unit.name, n.matched) for n in root.children] == [("河口镇", True)]
    assert response.context["count"] == 1


def test_tree_shows_a_reporter_only_their_subtree(county, client_for, reporter):
    response = client_for(reporter).get(reverse("organisation:unit_tree"))

    assert [n.unit.name for n in response.context["forest"]] == ["城关镇"]


def test_tree_runs_a_fixed_number_of_queries(county, client_for, bureau_user, django_assert_max_num_queries):
    for n in range(10):
        UnitFactory(parent=county.township, name=f"村{n}", kind=UnitKind.SECTION)
    client = client_for(bureau_user)

    with django_assert_max_num_queries(6):
        client.get(reverse("organisation:unit_tree"))


def test_edit_buttons_are_shown_only_to_unit_administrators(county, client_for, reporter, bureau_user):
    url = reverse("organisation:unit_detail", args=[county.township.pk])
    edit = reverse("organisation:unit_edit", args=[county.township.pk])

    assert edit not in client_for(reporter).get(url).content.decode()
    assert edit in client_for(bureau_user).get(url).content.decode()


def test_history_shows_old_and_new_name_and_division_with_who(county, client_for, bureau_user):
    second = DivisionFactory(name="二赛区", jurisdiction=county.root)
    client = client_for(bureau_user)

    response = client.post(
        reverse("organisation:unit_edit", args=[county.township.pk]),
        {"name": "城关街道", "kind": UnitKind.TOWNSHIP, "division": second.pk, "sort_order": 0, "version": 1},
    )
    assert response.status_code == 302

    page = client.get(reverse("organisation:unit_detail", args=[county.township.pk])).content.decode()
    assert "单位名称：城关镇 → 城关街道" in page
    assert "所属赛区：一赛区 → 二赛区" in page
    assert f"修改</strong> · {bureau_user.get_full_name()} · " in page


def test_create_child_unit_from_the_form(county, client_for, bureau_user):
    response = client_for(bureau_user).post(
        reverse("organisation:unit_create", args=[county.township.pk]),
        {"name": "城关镇招商组", "kind": UnitKind.SECTION, "sort_order": 0},
    )

    unit = Unit.objects.get(name="城关镇招商组")
    assert response.url == reverse("organisation:unit_detail", args=[unit.pk])
    assert Unit.objects.get_parent(unit) == county.township


def test_move_keeps_the_reporter_of_the_moved_township_in_scope(county, client_for, bureau_user, reporter):
    district = UnitFactory(parent=county.root, name="城东片区", kind=UnitKind.ZONE)

    response = client_for(bureau_user).post(reverse("organisation:unit_move", args=[county.township.pk]), {"parent": district.pk})
    assert response.status_code == 302

    reporter_client = client_for(reporter)
    assert reporter_client.get(reverse("organisation:unit_detail", args=[county.township.pk])).status_code == 200
    # The reporter's scope moved with the township; it did not grow to the new parent.
    assert reporter_client.get(reverse("organisation:unit_detail", args=[district.pk])).status_code == 404
    # The county bureau still administers the township at its new place.
    assert client_for(bureau_user).get(reverse("organisation:unit_edit", args=[county.township.pk])).status_code == 200
    page = client_for(bureau_user).get(reverse("organisation:unit_detail", args=[county.township.pk])).content.decode()
    assert "从「示范县」移至「城东片区」" in page


def test_move_picker_offers_no_unit_inside_the_moved_subtree(county, client_for, bureau_user):
    child = UnitFactory(parent=county.township, name="城关镇招商组", kind=UnitKind.SECTION)

    response = client_for(bureau_user).get(reverse("organisation:unit_move", args=[county.township.pk]))

    offered = set(response.context["form"].fields["parent"].queryset)
    assert child not in offered and county.township not in offered
    assert county.other_township in offered


def test_deactivation_refusal_is_shown_as_a_message(county, client_for, bureau_user):
    UnitFactory(parent=county.township, name="城关镇招商组", kind=UnitKind.SECTION)

    response = client_for(bureau_user).post(reverse("organisation:unit_set_active", args=[county.township.pk]), {"active": "0"}, follow=True)

    assert "还有启用的下级单位" in response.content.decode()
    county.township.refresh_from_db()
    assert county.township.is_active
