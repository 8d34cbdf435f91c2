"""Create and edit screens: money in 万元, investor from 客商库 or typed in, joint
credits, team, the duplicate hold, and the concurrent-edit refusal."""

import pytest
from django.urls import reverse

from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.projects import actions
from zhaoshang.projects.factories import make_uscc
from zhaoshang.projects.models import DuplicateStatus, Investor, Project

CREATE = reverse("projects:project_create")


def form_data(unit, **extra) -> dict:
    data = {
        "name": "新能电池生产基地",
        "category": "industry",
        "currency": "CNY",
        "total_investment_wan": "12,345.67".replace(",", ""),
        "introducing_unit": unit.pk,
        "key_level": "",
        "land_status": "not_started",
        "env_screening": "pending",
        "initial_stage": "negotiating",
        "credits-TOTAL_FORMS": "2",
        "credits-INITIAL_FORMS": "0",
        "team-TOTAL_FORMS": "1",
        "team-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_a_reporter_creates_a_project_with_money_typed_in_wan(county, client_for, reporter, investor):
    response = client_for(reporter).post(CREATE, form_data(county.township, investor=investor.pk))
    project = Project.objects.get()
    assert response.status_code == 302 and response.url == reverse("projects:project_detail", args=[project.pk])
    assert project.total_investment == 123_456_700
    assert project.stage == "negotiating"
    assert list(project.credits.values_list("unit", "share_bp")) == [(county.township.pk, 10_000)]


def test_an_investor_typed_in_is_created_in_the_investor_library(county, client_for, reporter):
    uscc = make_uscc(77)
    data = form_data(county.township, new_investor_name="温州精工机械有限公司", new_investor_uscc=uscc.lower(), new_investor_kind="private")
    client_for(reporter).post(CREATE, data)
    assert Project.objects.get().investor == Investor.objects.get(uscc=uscc)


def test_an_investor_typed_in_again_reuses_the_existing_record(county, client_for, reporter, investor):
    data = form_data(county.township, new_investor_name="深圳新能科技", new_investor_kind="private")
    client_for(reporter).post(CREATE, data)
    assert Project.objects.get().investor == investor
    assert Investor.objects.count() == 1


def test_no_investor_at_all_is_refused_in_chinese(county, client_for, reporter):
    response = client_for(reporter).post(CREATE, form_data(county.township))
    assert response.status_code == 200
    assert "请从客商库选择客商，或填写新客商名称" in response.content.decode()


def test_a_bad_uscc_for_a_new_investor_is_refused_in_chinese(county, client_for, reporter):
    data = form_data(county.township, new_investor_name="某公司", new_investor_uscc="91350100ABCDEFGHIJ", new_investor_kind="private")
    response = client_for(reporter).post(CREATE, data)
    assert "统一社会信用代码无效" in response.content.decode()
    assert not Project.objects.exists()


def test_joint_credits_must_sum_to_100_percent(county, client_for, reporter, investor):
    shares = {
        "credits-0-unit": county.township.pk,
        "credits-0-share": "60",
        "credits-1-unit": county.other_township.pk,
        "credits-1-share": "30",
    }
    response = client_for(reporter).post(CREATE, form_data(county.township, investor=investor.pk, **shares))
    assert "各单位分成比例之和须为100%（当前为90%）" in response.content.decode()
    assert not Project.objects.exists()


def test_joint_credits_and_team_are_saved_with_the_project(county, client_for, reporter, investor):
    cadre = PersonFactory(name="李四", unit=county.township)
    extra = {
        "credits-0-unit": county.township.pk,
        "credits-0-share": "60",
        "credits-1-unit": county.other_township.pk,
        "credits-1-share": "40",
        "team-0-person": cadre.pk,
        "team-0-role": "lead",
    }
    client_for(reporter).post(CREATE, form_data(county.township, investor=investor.pk, **extra))
    project = Project.objects.get()
    assert sorted(project.credits.values_list("share_bp", flat=True)) == [4000, 6000]
    assert list(project.team.values_list("person__name", "role")) == [("李四", "lead")]


def test_a_suspected_duplicate_is_saved_but_held_and_the_page_says_so(county, client_for, other_reporter, project):
    data = form_data(county.other_township, investor=project.investor_id, name="新能电池生产基地项目")
    response = client_for(other_reporter).post(CREATE, data, follow=True)
    claim = Project.objects.get(introducing_unit=county.other_township)
    assert claim.duplicate_status == DuplicateStatus.SUSPECTED
    assert "疑似重复，待招商局研判" in response.content.decode()


def edit_data(project, **extra) -> dict:
    data = form_data(project.introducing_unit, investor=project.investor_id, name=project.name, version=project.version)
    data.update(extra)
    return data


def test_an_edit_is_saved_through_the_version_check(client_for, reporter, project):
    url = reverse("projects:project_edit", args=[project.pk])
    response = client_for(reporter).post(url, edit_data(project, progress_text="主体厂房封顶"))
    project.refresh_from_db()
    assert response.status_code == 302
    assert project.progress_text == "主体厂房封顶" and project.version == 2


def test_the_edit_form_shows_the_amount_in_wan(client_for, reporter, project):
    response = client_for(reporter).get(reverse("projects:project_edit", args=[project.pk]))
    assert 'value="5000"' in str(response.context["form"]["total_investment_wan"])


def test_a_concurrent_edit_is_refused_with_what_changed_and_keeps_the_input(client_for, reporter, unit_head, project):
    seen = project.version
    actions.do_update_project(project, {"industry": "新能源"}, seen, unit_head)
    url = reverse("projects:project_edit", args=[project.pk])
    response = client_for(reporter).post(url, edit_data(project, version=seen, progress_text="我的进度"))
    body = response.content.decode()
    assert response.status_code == 409
    assert "保存失败" in body and "行业" in body and "请核对后重新保存" in body
    assert "我的进度" in body
    project.refresh_from_db()
    assert project.progress_text == "" and project.industry == "新能源"
    # The kept form now carries the version the user has seen, so saving again is deliberate.
    assert str(response.context["form"]["version"].value()) == str(project.version)


@pytest.mark.parametrize("field", ["total_investment_wan"])
def test_a_negative_amount_is_refused(field, county, client_for, reporter, investor):
    response = client_for(reporter).post(CREATE, form_data(county.township, investor=investor.pk, **{field: "-1"}))
    assert "确保该值大于或等于0" in response.content.decode()
    assert not Project.objects.exists()


def test_the_investor_select_offers_only_the_chosen_investor(county, client_for, reporter, investor):
    import re

    from zhaoshang.projects.factories import InvestorFactory, ProjectFactory

    def options(url: str) -> list[str]:
        page = client_for(reporter).get(url).content.decode()
        select = re.search(r'<select name="investor".*?</select>', page, re.S)[0]
        return re.findall(r'<option value="(\d*)"', select)

    InvestorFactory.create_batch(3)
    project = ProjectFactory(introducing_unit=county.township, investor=investor)
    # The chosen investor only; the rest of 客商库 is found by searching.
    assert options(f"/projects/{project.pk}/edit/") == ["", str(investor.pk)]
    assert options(CREATE) == [""]


def test_planned_dates_must_follow_the_life_cycle(county, client_for, reporter, investor):
    data = form_data(county.township, investor=investor.pk, planned_signed_on="2026-06-30", planned_registered_on="2026-06-01")
    body = client_for(reporter).post(CREATE, data).content.decode()
    assert "计划落地日期不能早于计划签约日期（2026-06-30）" in body
    assert not Project.objects.exists()
