"""Reaching around scoping through references (issue 10, part 6): a reporter of
河口镇 (other_reporter) points its own records at 城关镇's, and gains nothing —
a 403/404 or a Chinese validation error, and no row and no history row written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.organisation.models import LeaderBody
from zhaoshang.projects import actions
from zhaoshang.projects.factories import InvestorFactory, ProjectFactory
from zhaoshang.projects.models import (
    Category,
    Investor,
    InvestorContact,
    Project,
    ProjectCredit,
    TeamMember,
)

PHONE = "13812345678"


def history_rows() -> int:
    """Every history row the project screens write."""
    return sum(model.history.count() for model in (Project, ProjectCredit, Investor, InvestorContact, TeamMember))


def json(client, method: str, url: str, body):
    return getattr(client, method)(url, body, content_type="application/json")


def field_errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["detail"]}


# ---------------------------------------------------------------- investors


@pytest.fixture
def contact(investor, project):
    """城关镇 brought the investor in with its project and keeps its contact."""
    return InvestorContact.objects.create(investor=investor, name="张伟", phone=PHONE, email="zhang@xn.com")


@pytest.fixture
def linked(county, other_reporter, investor, contact):
    """河口镇 links a project of its own to 城关镇's investor, which is allowed:
    客商库 is shared, and the duplicate check depends on one company, one record."""
    return actions.do_create_project(
        {"name": "河口仓储中心", "category": Category.LOGISTICS, "introducing_unit": county.other_township, "investor": investor},
        None,
        other_reporter,
    )


def test_linking_a_project_to_another_units_investor_leaves_its_contacts_masked_on_screen(client_for, other_reporter, investor, linked):
    client = client_for(other_reporter)
    response = client.get(reverse("projects:investor_detail", args=[investor.pk]))
    body = response.content.decode()
    assert "138****5678" in body and PHONE not in body
    assert not response.context["can_edit"]
    export = client.get(reverse("projects:investor_export"), {"q": investor.name})
    assert PHONE.encode() not in export.content


def test_linking_a_project_to_another_units_investor_leaves_its_contacts_masked_in_the_api(client_for, other_reporter, investor, linked):
    client = client_for(other_reporter)
    contacts = client.get(reverse("api:investor_contacts", args=[investor.pk])).json()
    assert [c["phone"] for c in contacts] == ["138****5678"]
    detail = client.get(reverse("api:investor_detail", args=[investor.pk])).json()
    assert detail["contacts"][0]["email"] == "z***@xn.com"


def test_the_unit_that_brought_the_investor_in_still_sees_its_contacts(client_for, reporter, investor, linked):
    contacts = client_for(reporter).get(reverse("api:investor_contacts", args=[investor.pk])).json()
    assert [c["phone"] for c in contacts] == [PHONE]


def test_linking_a_project_to_another_units_investor_gives_no_right_to_edit_it_on_screen(client_for, other_reporter, investor, linked):
    before = history_rows()
    client = client_for(other_reporter)
    edit = client.post(reverse("projects:investor_edit", args=[investor.pk]), {"name": "改名公司", "uscc": investor.uscc, "kind": "private"})
    add = client.post(reverse("projects:investor_contact_add", args=[investor.pk]), {"name": "李四", "phone": "13900000000"})
    assert (edit.status_code, add.status_code) == (403, 403)
    investor.refresh_from_db()
    assert investor.name == "深圳新能科技有限公司" and InvestorContact.objects.count() == 1
    assert history_rows() == before


def test_linking_a_project_to_another_units_investor_gives_no_right_to_edit_it_in_the_api(client_for, other_reporter, investor, linked):
    before = history_rows()
    client = client_for(other_reporter)
    edit = json(client, "patch", reverse("api:investor_update", args=[investor.pk]), {"name": "改名公司", "version": investor.version})
    add = json(client, "post", reverse("api:investor_contact_create", args=[investor.pk]), {"name": "李四", "phone": "13900000000"})
    assert (edit.status_code, add.status_code) == (403, 403)
    assert Investor.objects.get().name == "深圳新能科技有限公司" and InvestorContact.objects.count() == 1
    assert history_rows() == before


def test_relinking_an_older_project_of_ones_own_does_not_take_the_investor_over(client_for, county, reporter, other_reporter, investor):
    older = ProjectFactory(name="河口老项目", introducing_unit=county.other_township, investor=InvestorFactory())
    ProjectFactory(name="新能电池生产基地", introducing_unit=county.township, investor=investor)
    InvestorContact.objects.create(investor=investor, name="张伟", phone=PHONE)
    client = client_for(other_reporter)
    response = json(client, "patch", reverse("api:project_update", args=[older.pk]), {"version": older.version, "investor_id": investor.pk})
    assert response.status_code == 200
    assert [c["phone"] for c in client.get(reverse("api:investor_contacts", args=[investor.pk])).json()] == ["138****5678"]
    assert [c["phone"] for c in client_for(reporter).get(reverse("api:investor_contacts", args=[investor.pk])).json()] == [PHONE]


# ---------------------------------------------------------------- credits


def create_form(unit, **extra) -> dict:
    data = {
        "name": "河口冷链物流园",
        "category": "logistics",
        "currency": "CNY",
        "total_investment_wan": "5000",
        "introducing_unit": unit.pk,
        "new_investor_name": "厦门冷链有限公司",
        "new_investor_kind": "private",
        "key_level": "",
        "land_status": "not_started",
        "env_screening": "pending",
        "initial_stage": "lead",
        "credits-TOTAL_FORMS": "1",
        "credits-INITIAL_FORMS": "0",
        "team-TOTAL_FORMS": "1",
        "team-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_a_reporter_cannot_credit_a_new_project_wholly_to_another_unit_on_screen(client_for, county, other_reporter):
    before = history_rows()
    response = client_for(other_reporter).post(
        reverse("projects:project_create"),
        create_form(county.other_township, **{"credits-0-unit": county.township.pk, "credits-0-share": "100"}),
    )
    assert response.status_code == 200
    assert list(response.context["credits"].non_form_errors()) == ["分成单位须至少包含一个您可填报的单位"]
    assert not Project.objects.exists() and not Investor.objects.exists()
    assert history_rows() == before


def test_a_reporter_cannot_credit_a_new_project_wholly_to_another_unit_in_the_api(client_for, county, other_reporter):
    before = history_rows()
    body = {
        "name": "河口冷链物流园",
        "category": "logistics",
        "introducing_unit_id": county.other_township.pk,
        "credits": [{"unit_id": county.township.pk, "share_bp": 10000}],
    }
    response = json(client_for(other_reporter), "post", reverse("api:project_create"), body)
    assert field_errors(response) == {"credits": "分成单位须至少包含一个您可填报的单位"}
    assert not Project.objects.exists() and history_rows() == before


# The import's refusal of the same split: test_import_project_columns.py (「河口镇:100」).


def test_a_reporter_may_still_name_another_unit_as_a_partner(client_for, county, other_reporter):
    data = create_form(
        county.other_township,
        **{
            "credits-TOTAL_FORMS": "2",
            "credits-0-unit": county.other_township.pk,
            "credits-0-share": "40",
            "credits-1-unit": county.township.pk,
            "credits-1-share": "60",
        },
    )
    assert client_for(other_reporter).post(reverse("projects:project_create"), data).status_code == 302
    assert dict(Project.objects.get().credits.values_list("unit__name", "share_bp")) == {"河口镇": 4000, "城关镇": 6000}


def test_a_unit_of_another_county_cannot_be_credited(county, reporter):
    from zhaoshang.organisation.factories import UnitFactory

    elsewhere = UnitFactory(name="邻县某镇")
    with pytest.raises(ValidationError) as refusal:
        actions.do_create_project(
            {"name": "跨县项目", "category": Category.LOGISTICS, "introducing_unit": county.township},
            [(county.township, 5000), (elsewhere, 5000)],
            reporter,
        )
    assert refusal.value.message_dict == {"credits": ["不能把分成记给本县以外的单位「邻县某镇」"]}
    assert not Project.objects.exists()


# ---------------------------------------------------------------- 包联领导 and team


@pytest.fixture
def retired(county):
    """A county leader who has since left office."""
    return PersonFactory(name="李副县长", post="副县长", unit=county.root, leader_body=LeaderBody.GOVERNMENT, is_active=False)


def untouched(form) -> dict:
    """What a browser sends back for an edit form nobody changed."""
    data = {}
    for field in form:
        value = field.value()
        if value is True:
            data[field.html_name] = "on"
        elif value not in (None, False, ""):
            data[field.html_name] = value
    return data


def test_an_untouched_save_keeps_a_leader_who_has_since_left(client_for, reporter, project, retired):
    project.responsible_leader = retired
    project.save()
    client = client_for(reporter)
    url = reverse("projects:project_edit", args=[project.pk])
    page = client.get(url)
    assert f'<option value="{retired.pk}" selected>' in page.content.decode()
    response = client.post(url, untouched(page.context["form"]))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.responsible_leader == retired


def test_a_leader_who_has_left_is_not_offered_for_a_new_assignment(client_for, reporter, project, retired):
    form = client_for(reporter).get(reverse("projects:project_edit", args=[project.pk])).context["form"]
    assert retired not in form.fields["responsible_leader"].queryset


def test_a_leader_who_has_left_cannot_be_newly_assigned_on_screen(client_for, reporter, project, retired):
    client = client_for(reporter)
    url = reverse("projects:project_edit", args=[project.pk])
    before = history_rows()
    data = {**untouched(client.get(url).context["form"]), "responsible_leader": retired.pk}
    response = client.post(url, data)
    assert "responsible_leader" in response.context["form"].errors
    project.refresh_from_db()
    assert project.responsible_leader is None and history_rows() == before


def test_a_leader_who_has_left_cannot_be_newly_assigned_in_the_api(client_for, reporter, project, retired):
    before = history_rows()
    response = json(
        client_for(reporter),
        "patch",
        reverse("api:project_update", args=[project.pk]),
        {"version": project.version, "responsible_leader_id": retired.pk},
    )
    assert field_errors(response) == {"responsible_leader_id": "「李副县长」已不在职，不能新任包联领导"}
    project.refresh_from_db()
    assert project.responsible_leader is None and project.version == 1 and history_rows() == before


def test_an_api_edit_of_other_fields_keeps_a_leader_who_has_since_left(client_for, reporter, project, retired):
    project.responsible_leader = retired
    project.save()
    response = json(
        client_for(reporter),
        "patch",
        reverse("api:project_update", args=[project.pk]),
        {"version": project.version, "name": "新能电池二期", "responsible_leader_id": retired.pk},
    )
    assert response.status_code == 200 and response.json()["responsible_leader_id"] == retired.pk


def test_a_person_who_is_not_a_county_leader_cannot_be_made_the_responsible_leader(client_for, county, other_reporter, other_project):
    cadre = PersonFactory(name="城关干部", unit=county.township)
    before = history_rows()
    response = json(
        client_for(other_reporter),
        "patch",
        reverse("api:project_update", args=[other_project.pk]),
        {"version": other_project.version, "responsible_leader_id": cadre.pk},
    )
    assert field_errors(response) == {"responsible_leader_id": "「城关干部」不是本县的四大家领导，不能担任包联领导"}
    assert history_rows() == before


def test_saving_the_team_keeps_a_member_who_has_since_left(client_for, county, reporter, project):
    member = PersonFactory(name="王干部", unit=county.township)
    actions.do_set_team(project, [(member, "member")], reporter)
    member.is_active = False
    member.save()
    client = client_for(reporter)
    url = reverse("projects:project_team", args=[project.pk])
    page = client.get(url)
    formset = page.context["formset"]
    data = {"team-TOTAL_FORMS": "1", "team-INITIAL_FORMS": "1", "team-0-person": member.pk, "team-0-role": "member"}
    assert member in formset.forms[0].fields["person"].queryset
    assert client.post(url, data).status_code == 302
    assert list(project.team.values_list("person__name", flat=True)) == ["王干部"]


def test_a_person_who_has_left_cannot_join_a_team(client_for, county, reporter, project):
    gone = PersonFactory(name="赵干部", unit=county.township, is_active=False)
    before = history_rows()
    response = json(client_for(reporter), "put", reverse("api:project_set_team", args=[project.pk]), [{"person_id": gone.pk}])
    assert response.status_code == 422
    with pytest.raises(ValidationError) as refusal:
        actions.do_set_team(project, [(gone, "member")], reporter)
    assert refusal.value.message_dict == {"team": ["「赵干部」已不在职，不能加入项目班子"]}
    assert not TeamMember.objects.exists() and history_rows() == before


def test_another_units_person_cannot_join_a_team(client_for, county, other_reporter, other_project):
    stranger = PersonFactory(name="城关干部", unit=county.township)
    before = history_rows()
    response = json(client_for(other_reporter), "put", reverse("api:project_set_team", args=[other_project.pk]), [{"person_id": stranger.pk}])
    assert field_errors(response) == {"[0].person_id": "第1项的人员不存在或不能加入本项目班子"}
    assert not TeamMember.objects.exists() and history_rows() == before


# ---------------------------------------------------------------- obstacles


def test_an_obstacle_is_escalated_only_to_a_serving_county_leader(client_for, county, other_reporter, other_project, retired):
    from zhaoshang.projects.factories import ObstacleFactory
    from zhaoshang.projects.models import Obstacle

    obstacle = ObstacleFactory(project=other_project)
    cadre = PersonFactory(name="城关干部", unit=county.township)
    client = client_for(other_reporter)
    url = reverse("api:obstacle_status", args=[obstacle.pk])
    before = Obstacle.history.count()
    for person, message in [
        (cadre, "「城关干部」不是本县在职的四大家领导，不能作为上报领导"),
        (retired, "「李副县长」不是本县在职的四大家领导，不能作为上报领导"),
    ]:
        response = json(client, "post", url, {"status": "escalated", "note": "请协调", "escalated_to_id": person.pk})
        assert field_errors(response) == {"escalated_to_id": message}
    obstacle.refresh_from_db()
    assert obstacle.escalated_to is None and Obstacle.history.count() == before


def test_an_untouched_save_keeps_a_landing_place_closed_since(client_for, county, reporter, project):
    project.landing_unit = county.other_township
    project.save()
    county.other_township.is_active = False
    county.other_township.save()
    client = client_for(reporter)
    url = reverse("projects:project_edit", args=[project.pk])
    page = client.get(url)
    assert f'<option value="{county.other_township.pk}" selected>' in page.content.decode()
    assert client.post(url, untouched(page.context["form"])).status_code == 302
    project.refresh_from_db()
    assert project.landing_unit == county.other_township
