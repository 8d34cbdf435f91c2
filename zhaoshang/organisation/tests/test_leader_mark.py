"""Only the bureau marks a person as one of the 四大家 leaders (issue 10, part 6):
the mark offers him to every unit as a county leader and counts his trips as led by
a principal leader, so a township reporter may not give it to its own cadres."""

from django.urls import reverse

from zhaoshang.organisation import actions
from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.organisation.models import LeaderBody, Person


def test_a_reporter_cannot_mark_a_new_person_as_a_county_leader_in_the_api(county, client_for, other_reporter):
    body = {"name": "河口干部", "unit_id": county.other_township.pk, "leader_body": "government"}
    response = client_for(other_reporter).post(reverse("api:person_create"), body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == [{"field": "leader_body", "message": "四大家领导由招商局登记，单位不能自行标注"}]
    assert not Person.objects.exists() and not Person.history.exists()


def test_a_reporter_cannot_mark_a_person_of_its_own_as_a_county_leader_in_the_api(county, client_for, other_reporter):
    cadre = PersonFactory(name="河口干部", unit=county.other_township)
    before = Person.history.count()
    response = client_for(other_reporter).patch(
        reverse("api:person_update", args=[cadre.pk]), {"leader_body": "cppcc"}, content_type="application/json"
    )
    assert response.status_code == 422
    cadre.refresh_from_db()
    assert cadre.leader_body == "" and Person.history.count() == before


def test_the_person_form_does_not_let_a_reporter_set_the_leader_mark(county, client_for, other_reporter):
    client = client_for(other_reporter)
    assert client.get(reverse("organisation:person_create")).context["form"].fields["leader_body"].disabled
    data = {"name": "河口干部", "unit": county.other_township.pk, "leader_body": "government", "sort_order": 0}
    assert client.post(reverse("organisation:person_create"), data).status_code == 302
    assert Person.objects.get().leader_body == ""


def test_a_reporter_edits_a_county_leaders_other_details_and_the_mark_stays(county, client_for, reporter):
    leader = PersonFactory(name="王县长", post="县长", unit=county.township, leader_body=LeaderBody.GOVERNMENT)
    response = client_for(reporter).post(
        reverse("organisation:person_edit", args=[leader.pk]),
        {"name": "王县长", "post": "县长（兼）", "unit": county.township.pk, "sort_order": 0, "version": leader.version},
    )
    assert response.status_code == 302
    leader.refresh_from_db()
    assert (leader.post, leader.leader_body) == ("县长（兼）", LeaderBody.GOVERNMENT)


def test_the_bureau_marks_a_county_leader(county, bureau_user):
    person = actions.do_create_person({"name": "赵主席", "unit": county.root, "leader_body": LeaderBody.CPPCC}, bureau_user)
    assert person.leader_body == LeaderBody.CPPCC
