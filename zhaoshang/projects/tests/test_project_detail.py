"""The project page: grouped fields, credits and team, the planned-vs-actual
timeline with voided corrections, intents apart, the duplicate hold, and
scoping: a reporter reaches another unit's project through no view."""

import pytest
from django.urls import reverse

from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.projects import actions
from zhaoshang.projects.factories import ProjectFactory, project_with_history
from zhaoshang.projects.models import DuplicateStatus, Stage


def page(client, project):
    return client.get(reverse("projects:project_detail", args=[project.pk]))


@pytest.fixture
def signed(county, reporter, investor, days_ago):
    return project_with_history(
        reporter,
        {Stage.LEAD: days_ago(40), Stage.SIGNED: days_ago(20)},
        investor=investor,
        introducing_unit=county.township,
        name="新能电池生产基地",
        planned_signed_on=days_ago(30),
        planned_started_on=days_ago(5),
    )


def test_the_page_groups_the_fields_and_shows_credits_and_team(county, client_for, reporter, bureau_user, signed):
    actions.do_set_credits(signed, [(county.township, 7000), (county.other_township, 3000)], bureau_user)
    actions.do_set_team(signed, [(PersonFactory(name="李四", unit=county.township), "tracker")], reporter)
    body = page(client_for(reporter), signed).content.decode()
    for heading in ("基本信息", "客商", "引进与落地", "责任领导与专班", "重点项目年度投资计划", "用地与环评", "形象进度", "变更记录"):
        assert heading in body
    assert "城关镇 70%" in body and "河口镇 30%" in body
    assert "跟踪服务：李四" in body


def test_the_timeline_shows_planned_and_actual_dates_per_stage(client_for, reporter, signed, days_ago):
    response = page(client_for(reporter), signed)
    steps = {step.stage: step for step in response.context["timeline"].steps}
    assert steps[Stage.SIGNED].planned == days_ago(30)
    assert steps[Stage.SIGNED].actual.date == days_ago(20)
    assert steps[Stage.SIGNED].late
    assert steps[Stage.STARTED].actual is None and steps[Stage.STARTED].late
    assert days_ago(20).isoformat() in response.content.decode()


def test_a_voided_stage_is_struck_through_with_the_bureaus_reason(client_for, reporter, bureau_user, signed):
    actions.do_correct_stage(signed, Stage.NEGOTIATING, "合同未生效", bureau_user)
    body = page(client_for(reporter), signed).content.decode()
    assert "<del>" in body and "已作废：合同未生效" in body


def test_an_intent_agreement_is_shown_apart_and_not_as_signing(county, client_for, reporter, project, today):
    actions.do_record_intent(project, today, reporter, note="签订投资意向书")
    response = page(client_for(reporter), project)
    assert [e.note for e in response.context["timeline"].intents] == ["签订投资意向书"]
    steps = {step.stage: step for step in response.context["timeline"].steps}
    assert steps[Stage.SIGNED].actual is None


def test_a_held_project_says_it_awaits_the_bureau(county, client_for, reporter, project, other_project):
    ProjectFactory._meta.model.objects.filter(pk=project.pk).update(duplicate_status=DuplicateStatus.SUSPECTED, duplicate_of=other_project)
    assert "疑似重复，待招商局研判" in page(client_for(reporter), project).content.decode()


def test_a_merged_projects_link_leads_to_the_survivor(client_for, bureau_user, project, other_project):
    actions.do_merge_projects(other_project, project, bureau_user)
    response = page(client_for(bureau_user), project)
    assert response.status_code == 302 and response.url == reverse("projects:project_detail", args=[other_project.pk])


def test_buttons_follow_what_the_user_may_do(client_for, reporter, leader, bureau_user, signed):
    reporter_body = page(client_for(reporter), signed).content.decode()
    assert "登记阶段" in reporter_body and "更正阶段" not in reporter_body
    assert "登记阶段" not in page(client_for(leader), signed).content.decode()
    assert "更正阶段" in page(client_for(bureau_user), signed).content.decode()


PROJECT_VIEWS = [
    "project_detail",
    "project_edit",
    "project_stage",
    "project_intent",
    "project_correct",
    "project_credits",
    "project_team",
]


@pytest.mark.parametrize("name", PROJECT_VIEWS)
def test_a_reporter_cannot_reach_another_units_project_through_any_view(name, client_for, reporter, other_project):
    client = client_for(reporter)
    url = reverse(f"projects:{name}", args=[other_project.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("name", ["duplicate_merge", "duplicate_distinct"])
def test_a_reporter_cannot_settle_another_units_duplicate(name, client_for, reporter, other_project, project):
    ProjectFactory._meta.model.objects.filter(pk=other_project.pk).update(duplicate_status=DuplicateStatus.SUSPECTED, duplicate_of=project)
    response = client_for(reporter).post(reverse(f"projects:{name}", args=[other_project.pk]), {"survivor": "this"})
    assert response.status_code == 404


def test_another_units_project_is_neither_listed_nor_on_the_investors_page(client_for, reporter, other_project):
    client = client_for(reporter)
    assert other_project.name not in client.get(reverse("projects:project_list")).content.decode()
    investor_page = client.get(reverse("projects:investor_detail", args=[other_project.investor_id]))
    assert other_project.name not in investor_page.content.decode()
