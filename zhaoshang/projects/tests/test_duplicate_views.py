"""The bureau's duplicate queue: pairs side by side, merge choosing the survivor,
or mark distinct; both through the actions."""

import pytest
from django.urls import reverse

from zhaoshang.projects import actions
from zhaoshang.projects.factories import FundEntryFactory, StageEventFactory
from zhaoshang.projects.models import Category, DuplicateStatus, Project

QUEUE = reverse("projects:duplicate_list")


@pytest.fixture
def claim(county, other_reporter, project):
    """河口镇 reports 城关镇's project again: held as a suspected duplicate."""
    data = {"name": "新能电池生产基地项目", "investor": project.investor, "category": Category.INDUSTRY, "introducing_unit": county.other_township}
    held = actions.do_create_project(data, None, other_reporter)
    assert held.duplicate_status == DuplicateStatus.SUSPECTED
    return held


def test_the_queue_shows_each_suspect_next_to_the_project_it_resembles(client_for, bureau_user, claim, project):
    response = client_for(bureau_user).get(QUEUE)
    body = response.content.decode()
    assert list(response.context["page"]) == [claim]
    assert "新能电池生产基地项目" in body and "河口镇" in body and "城关镇" in body


def test_merging_into_the_existing_project_keeps_one_counted_record(client_for, bureau_user, claim, project):
    response = client_for(bureau_user).post(reverse("projects:duplicate_merge", args=[claim.pk]), {"survivor": "other"})
    claim.refresh_from_db()
    assert response.status_code == 302
    assert claim.duplicate_status == DuplicateStatus.MERGED and claim.duplicate_of == project
    assert list(Project.objects.counted()) == [project]
    assert not client_for(bureau_user).get(QUEUE).context["page"].object_list


def test_the_bureau_may_keep_the_later_report_as_the_survivor(client_for, bureau_user, claim, project):
    client_for(bureau_user).post(reverse("projects:duplicate_merge", args=[claim.pk]), {"survivor": "this"})
    project.refresh_from_db()
    claim.refresh_from_db()
    assert project.duplicate_status == DuplicateStatus.MERGED and project.duplicate_of == claim
    assert claim.duplicate_status == DuplicateStatus.NONE


def test_marking_distinct_lifts_the_hold(client_for, bureau_user, claim):
    client_for(bureau_user).post(reverse("projects:duplicate_distinct", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.duplicate_status == DuplicateStatus.DISTINCT
    assert claim in Project.objects.counted()


def test_settling_twice_is_refused_with_a_message(client_for, bureau_user, claim):
    client = client_for(bureau_user)
    client.post(reverse("projects:duplicate_distinct", args=[claim.pk]))
    response = client.post(reverse("projects:duplicate_distinct", args=[claim.pk]), follow=True)
    assert "该项目不是待研判的疑似重复项目" in response.content.decode()


def test_merge_first_shows_what_will_happen_and_changes_nothing(client_for, bureau_user, claim, project):
    StageEventFactory(project=claim, stage="negotiating")
    FundEntryFactory(project=claim)
    response = client_for(bureau_user).get(reverse("projects:duplicate_merge", args=[claim.pk]), {"survivor": "other"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f"保留：{project.name}" in body and f"合并后停用：{claim.name}" in body
    assert "到位资金：1条移入保留项目" in body and "确认合并" in body
    claim.refresh_from_db()
    assert claim.duplicate_status == DuplicateStatus.SUSPECTED  # nothing merged yet


def test_the_confirmation_names_the_stages_voided_for_the_kept_projects_own(client_for, bureau_user, claim, project):
    StageEventFactory(project=project, stage="negotiating")
    StageEventFactory(project=claim, stage="negotiating")
    body = client_for(bureau_user).get(reverse("projects:duplicate_merge", args=[claim.pk])).content.decode()
    assert "1条（洽谈）因保留项目已有该阶段记录而作废" in body


def test_distinct_refuses_get(client_for, bureau_user, claim):
    assert client_for(bureau_user).get(reverse("projects:duplicate_distinct", args=[claim.pk])).status_code == 405


def test_the_bureau_sets_joint_credits_on_its_screen(county, client_for, bureau_user, project):
    data = {
        "credits-TOTAL_FORMS": "3",
        "credits-INITIAL_FORMS": "0",
        "credits-0-unit": county.township.pk,
        "credits-0-share": "66.67",
        "credits-1-unit": county.other_township.pk,
        "credits-1-share": "33.33",
    }
    client_for(bureau_user).post(reverse("projects:project_credits", args=[project.pk]), data)
    assert sorted(project.credits.values_list("share_bp", flat=True)) == [3333, 6667]


def test_credits_not_summing_to_100_are_refused_on_the_credits_screen(county, client_for, bureau_user, project):
    data = {"credits-TOTAL_FORMS": "1", "credits-INITIAL_FORMS": "0", "credits-0-unit": county.township.pk, "credits-0-share": "50"}
    response = client_for(bureau_user).post(reverse("projects:project_credits", args=[project.pk]), data)
    assert "各单位分成比例之和须为100%（当前为50%）" in response.content.decode()
    assert list(project.credits.values_list("share_bp", flat=True)) == [10_000]


def test_the_team_screen_replaces_the_team(county, client_for, reporter, project):
    from zhaoshang.organisation.factories import PersonFactory

    first, second = PersonFactory(unit=county.township), PersonFactory(unit=county.township)
    actions.do_set_team(project, [(first, "member")], reporter)
    data = {
        "team-TOTAL_FORMS": "2",
        "team-INITIAL_FORMS": "1",
        "team-0-person": "",
        "team-0-role": "member",
        "team-1-person": second.pk,
        "team-1-role": "lead",
    }
    client_for(reporter).post(reverse("projects:project_team", args=[project.pk]), data)
    assert list(project.team.values_list("person", "role")) == [(second.pk, "lead")]
