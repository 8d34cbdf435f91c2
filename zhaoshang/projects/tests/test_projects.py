"""Project records: fields, derived flags, team, investment plans; investors and
their contacts (personal data masked for those who may not see it)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from zhaoshang.projects import actions
from zhaoshang.organisation.models import mask_phone
from zhaoshang.projects.access import can_see_investor_contacts
from zhaoshang.projects.factories import ExchangeRateFactory
from zhaoshang.projects.models import (
    Category,
    InvestorKind,
    KeyLevel,
    Project,
    TeamRole,
    mask_email,
    mask_name,
)


def project_data(county, **extra):
    return {"name": "高端装备产业园", "category": Category.INDUSTRY, "introducing_unit": county.township, **extra}


def test_a_project_of_one_yi_or_more_is_flagged_yi_plus(county, reporter):
    big = actions.do_create_project(project_data(county, total_investment=100_000_000), None, reporter)
    small = actions.do_create_project(project_data(county, name="小项目", total_investment=99_999_999), None, reporter)
    assert (big.is_yi_plus, small.is_yi_plus) == (True, False)
    assert list(Project.objects.yi_plus()) == [big]


def test_a_usd_project_is_flagged_yi_plus_at_the_years_rate(county, reporter, today):
    ExchangeRateFactory(year=today.year, currency="USD", rate="7.000000")
    project = actions.do_create_project(project_data(county, currency="USD", total_investment=15_000_000_00, is_foreign_funded=True), None, reporter)
    assert project.is_yi_plus  # 1500万美元 × 7 = 1.05亿元


def test_editing_the_amount_updates_the_yi_plus_flag(county, reporter):
    project = actions.do_create_project(project_data(county, total_investment=1), None, reporter)
    project = actions.do_update_project(project, {"total_investment": 200_000_000}, project.version, reporter)
    assert project.is_yi_plus


def test_an_invalid_company_uscc_is_refused_naming_the_field(county, reporter):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_project(project_data(county, company_uscc="123"), None, reporter)
    assert "company_uscc" in excinfo.value.message_dict


def test_a_missing_name_is_refused_in_chinese(county, reporter):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_project(project_data(county, name=""), None, reporter)
    assert excinfo.value.message_dict["name"] == ["此字段不能为空。"]


def test_stage_and_signing_fields_cannot_be_set_through_data(county, reporter):
    with pytest.raises(TypeError):
        actions.do_create_project(project_data(county, stage="signed"), None, reporter)


def test_team_members_are_set_with_their_roles(project, reporter, leader, county):
    from zhaoshang.organisation.factories import PersonFactory

    tracker = PersonFactory(unit=county.township, name="张干事")
    actions.do_set_team(project, [(leader.person, TeamRole.LEADER), (tracker, TeamRole.TRACKER)], reporter)
    assert dict(project.team.values_list("person__name", "role")) == {"王县长": "leader", "张干事": "tracker"}
    actions.do_set_team(project, [(tracker, TeamRole.LEAD)], reporter)
    assert dict(project.team.values_list("person__name", "role")) == {"张干事": "lead"}


def test_only_key_projects_keep_an_annual_investment_plan(project, reporter, today):
    with pytest.raises(ValidationError):
        actions.do_set_investment_plan(project, today.year, 50_000_000, reporter)
    Project.objects.filter(pk=project.pk).update(key_level=KeyLevel.COUNTY)
    project.refresh_from_db()
    plan = actions.do_set_investment_plan(project, today.year, 50_000_000, reporter)
    actions.do_record_monthly_investment(plan.project, plan.year, today.month, 8_000_000, reporter)
    assert plan.months.get().completed_amount == 8_000_000
    with pytest.raises(ValidationError):
        next_month = today.replace(day=1) + timedelta(days=32)
        plan_next = actions.do_set_investment_plan(project, next_month.year, 1, reporter)
        actions.do_record_monthly_investment(project, plan_next.year, next_month.month, 1, reporter)


def test_investor_with_a_bad_uscc_or_a_taken_one_is_refused(reporter):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_investor({"name": "甲公司", "uscc": "914403001922038217", "kind": InvestorKind.PRIVATE}, reporter)
    assert "uscc" in excinfo.value.message_dict
    actions.do_create_investor({"name": "华为技术", "uscc": "914403001922038216", "kind": InvestorKind.PRIVATE}, reporter)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_investor({"name": "华为", "uscc": "914403001922038216", "kind": InvestorKind.PRIVATE}, reporter)
    assert excinfo.value.messages == ["该统一社会信用代码已登记在客商库中"]


def test_a_foreign_investor_may_register_without_uscc(reporter):
    investor = actions.do_create_investor(
        {"name": "Acme GmbH", "foreign_registration": "HRB 12345", "kind": InvestorKind.FOREIGN, "region": "境外"},
        reporter,
        contacts=[{"name": "Hans", "phone": "+49301234567"}],
    )
    assert investor.uscc == "" and investor.contacts.count() == 1


def test_personal_data_masks():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_email("li.ming@example.com") == "l***@example.com"
    assert mask_name("李明华") == "李**"


def test_contacts_are_visible_to_the_bureau_and_the_projects_own_people_only(county, project, reporter, other_reporter, bureau_user, leader):
    investor = project.investor
    assert can_see_investor_contacts(bureau_user, investor)
    assert can_see_investor_contacts(reporter, investor)
    assert not can_see_investor_contacts(other_reporter, investor)
    assert not can_see_investor_contacts(leader, investor)


def test_exported_contacts_are_masked_for_users_who_may_not_see_them(project, reporter, other_reporter):
    from zhaoshang.projects.access import contact_fields_for

    contact = actions.do_add_investor_contact(
        project.investor, {"name": "李明华", "title": "总经理", "phone": "13812345678", "email": "li@example.com"}, reporter
    )
    assert contact_fields_for(reporter, contact)["phone"] == "13812345678"
    assert contact_fields_for(other_reporter, contact) == {
        "name": "李**",
        "title": "总经理",
        "phone": "138****5678",
        "email": "l***@example.com",
    }
