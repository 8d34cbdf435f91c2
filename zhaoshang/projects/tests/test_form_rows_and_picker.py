"""The project form's growing formsets (添加一行 / 删除, static/zhaoshang/formset.js) as
the server sees them, and the 客商 search-as-you-type picker's endpoint and markup.
The browser side is in test_browser_project_form.py."""

import re

import pytest
from django.urls import reverse

from zhaoshang.accounts.factories import UserFactory
from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.projects.factories import InvestorFactory, make_uscc
from zhaoshang.projects.models import Project

from .test_project_forms import CREATE, form_data

SEARCH = reverse("projects:investor_search")


def test_the_create_form_offers_one_blank_row_and_an_empty_form_to_clone(client_for, reporter):
    body = client_for(reporter).get(CREATE).content.decode()
    assert 'name="credits-TOTAL_FORMS" value="1"' in body and 'name="team-TOTAL_FORMS" value="1"' in body
    template = re.search(r"<template data-formset-template>(.*?)</template>", body, re.S).group(1)
    assert 'name="credits-__prefix__-unit"' in template and 'name="credits-__prefix__-DELETE"' in template
    assert body.count("data-formset-add") == 2 and "添加一行" in body
    # The behaviour is a static file: the content security policy forbids inline code.
    assert "zhaoshang/formset.js" in body and "onclick" not in body


def test_rows_added_in_the_browser_are_saved_and_removed_rows_are_left_out(county, client_for, reporter, investor):
    cadre, other = PersonFactory(name="李四", unit=county.township), PersonFactory(name="王五", unit=county.township)
    rows = {
        "credits-TOTAL_FORMS": "3",
        # Removed: half filled, which would otherwise be refused.
        "credits-0-unit": county.department.pk,
        "credits-0-DELETE": "on",
        "credits-1-unit": county.township.pk,
        "credits-1-share": "60",
        "credits-2-unit": county.other_township.pk,
        "credits-2-share": "40",
        "team-TOTAL_FORMS": "2",
        "team-0-person": other.pk,
        "team-0-role": "member",
        "team-0-DELETE": "on",
        "team-1-person": cadre.pk,
        "team-1-role": "tracker",
    }
    response = client_for(reporter).post(CREATE, form_data(county.township, investor=investor.pk, **rows))
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get()
    assert dict(project.credits.values_list("unit__name", "share_bp")) == {"城关镇": 6000, "河口镇": 4000}
    assert list(project.team.values_list("person__name", "role")) == [("李四", "tracker")]


def test_a_half_filled_row_that_is_kept_is_still_refused(county, client_for, reporter, investor):
    rows = {"credits-TOTAL_FORMS": "1", "credits-0-unit": county.other_township.pk}
    response = client_for(reporter).post(CREATE, form_data(county.township, investor=investor.pk, **rows))
    assert "分成单位和分成比例须同时填写" in response.content.decode()
    assert not Project.objects.exists()


def test_the_team_page_removes_a_member_whose_row_is_deleted(county, client_for, reporter, project):
    from zhaoshang.projects import actions

    cadre, other = PersonFactory(name="李四", unit=county.township), PersonFactory(name="王五", unit=county.township)
    actions.do_set_team(project, [(cadre, "lead"), (other, "member")], reporter)
    url = reverse("projects:project_team", args=[project.pk])
    page = client_for(reporter).get(url).content.decode()
    assert 'name="team-TOTAL_FORMS" value="3"' in page and "data-formset-template" in page
    data = {
        "team-TOTAL_FORMS": "3",
        "team-INITIAL_FORMS": "2",
        "team-0-person": cadre.pk,
        "team-0-role": "lead",
        "team-1-person": other.pk,
        "team-1-role": "member",
        "team-1-DELETE": "on",
        "team-2-person": "",
        "team-2-role": "member",
    }
    assert client_for(reporter).post(url, data).status_code == 302
    assert list(project.team.values_list("person__name", flat=True)) == ["李四"]


# ---------------------------------------------------------------- the investor picker


def search(client, q: str) -> str:
    response = client.get(SEARCH, {"q": q}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_the_picker_finds_investors_by_name_fragment_or_uscc(client_for, reporter):
    uscc = make_uscc(4242)
    InvestorFactory(name="深圳新能科技有限公司", uscc=uscc)
    InvestorFactory(name="厦门冷链有限公司")
    client = client_for(reporter)
    by_name = search(client, "新能")
    assert "深圳新能科技有限公司" in by_name and "厦门冷链" not in by_name
    found = re.findall(r'data-investor-id="(\d+)" data-investor-name="([^"]+)"', search(client, uscc[-8:].lower()))
    assert [name for _, name in found] == ["深圳新能科技有限公司"]


def test_the_picker_offers_at_most_ten_and_says_there_are_more(client_for, reporter):
    for n in range(12):
        InvestorFactory(name=f"温州精工{n:02d}机械有限公司")
    body = search(client_for(reporter), "精工")
    assert body.count("data-investor-id=") == 10
    assert "只显示前 10 个" in body


def test_the_picker_says_when_nothing_matches_and_returns_nothing_for_blank(client_for, reporter):
    InvestorFactory(name="深圳新能科技有限公司")
    client = client_for(reporter)
    assert "客商库中没有与「华为」匹配的客商" in search(client, "华为")
    assert search(client, "   ").strip() == ""


def test_a_login_without_a_role_finds_no_investor(client_for):
    InvestorFactory(name="深圳新能科技有限公司")
    assert "data-investor-id" not in search(client_for(UserFactory(username="norole")), "新能")


def test_the_form_keeps_the_plain_select_and_adds_the_debounced_search(client_for, reporter, investor):
    body = client_for(reporter).get(CREATE).content.decode()
    assert re.search(r'<select name="investor"[^>]*id="id_investor"', body)
    assert f'hx-get="{SEARCH}"' in body and 'hx-trigger="keyup changed delay:300ms' in body
    assert "projects/investor_picker.js" in body


@pytest.mark.parametrize("persona", ["reporter", "bureau_user"])
def test_a_chosen_investor_is_submitted_as_the_investor_id(county, client_for, request, persona, investor):
    # What the picker's hidden input posts is what the select posts: the id.
    user = request.getfixturevalue(persona)
    response = client_for(user).post(CREATE, form_data(county.township, investor=investor.pk))
    assert response.status_code == 302
    assert Project.objects.get().investor == investor
