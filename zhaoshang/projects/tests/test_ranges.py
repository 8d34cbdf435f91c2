"""Plausible dates, amounts and names (core/ranges.py) in the project actions:
the screens, the API and the Excel import go through them, so all refuse a
fund that arrived in 1900, a project of 10^15 元 or a blank name alike."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from zhaoshang.projects import actions
from zhaoshang.projects.factories import FundEntryFactory, InvestorFactory, ProjectFactory
from zhaoshang.projects.models import FundEntry, FundKind, KeyLevel, Obstacle, ObstacleCategory, Project, Stage

ANCIENT = date(1900, 1, 1)
QUADRILLION = 10**15


def test_funds_that_arrived_in_1900_or_of_a_quadrillion_are_refused(project, reporter, days_ago):
    with pytest.raises(ValidationError) as ancient:
        actions.do_report_funds(project, {"date": ANCIENT, "amount": 1, "kind": FundKind.INVESTMENT}, reporter)
    with pytest.raises(ValidationError) as huge:
        actions.do_report_funds(project, {"date": days_ago(1), "amount": QUADRILLION, "kind": FundKind.INVESTMENT}, reporter)

    assert list(ancient.value.message_dict) == ["date"]
    assert list(huge.value.message_dict) == ["amount"]
    assert not FundEntry.objects.exists()


def test_an_edited_fund_entry_is_held_to_the_same_ranges(project, reporter):
    entry = FundEntryFactory(project=project, reported_by=reporter)
    with pytest.raises(ValidationError) as refused:
        actions.do_update_fund_entry(entry, {"amount": QUADRILLION}, entry.version, reporter)

    assert list(refused.value.message_dict) == ["amount"]


def test_a_project_refuses_a_blank_name_a_quadrillion_and_a_planned_date_in_1900(county, reporter):
    data = {"name": " ", "category": "industry", "introducing_unit": county.township, "total_investment": QUADRILLION, "planned_signed_on": ANCIENT}
    with pytest.raises(ValidationError) as refused:
        actions.do_create_project(data, None, reporter)

    assert set(refused.value.message_dict) == {"name", "total_investment", "planned_signed_on"}
    assert not Project.objects.exists()


def test_a_planned_date_more_than_ten_years_ahead_is_refused(project, reporter, today):
    with pytest.raises(ValidationError) as refused:
        actions.do_update_project(project, {"planned_producing_on": today.replace(year=today.year + 11)}, project.version, reporter)

    assert list(refused.value.message_dict) == ["planned_producing_on"]


def test_a_stage_reached_in_1900_is_refused(project, reporter):
    with pytest.raises(ValidationError) as refused:
        actions.do_record_stage(project, Stage.NEGOTIATING, ANCIENT, reporter)

    assert refused.value.message_dict == {"date": ["实际日期不能早于1990-01-01"]}


def test_a_contract_of_a_quadrillion_is_refused(project, reporter, today):
    with pytest.raises(ValidationError) as refused:
        actions.do_record_stage(project, Stage.SIGNED, today, reporter, contract_amount=QUADRILLION, skipped_dates={Stage.NEGOTIATING: today})

    assert "contract_amount" in refused.value.message_dict
    assert "金额超出合理范围" in refused.value.message_dict["contract_amount"][0]


def test_an_intent_and_a_follow_up_dated_1900_are_refused(project, reporter):
    with pytest.raises(ValidationError):
        actions.do_record_intent(project, ANCIENT, reporter)
    with pytest.raises(ValidationError) as refused:
        actions.do_record_follow_up(project, ANCIENT, "电话沟通", reporter)

    assert refused.value.message_dict == {"date": ["跟踪日期不能早于1990-01-01"]}


def test_an_obstacle_due_in_1900_is_refused(project, reporter, county):
    data = {"category": ObstacleCategory.FUNDS, "description": "资金未到位", "responsible_unit": county.township, "deadline": ANCIENT}
    with pytest.raises(ValidationError) as refused:
        actions.do_add_obstacle(project, data, reporter)

    assert list(refused.value.message_dict) == ["deadline"]
    assert not Obstacle.objects.exists()


def test_a_plan_or_a_month_of_a_quadrillion_is_refused(county, reporter, today):
    key_project = ProjectFactory(introducing_unit=county.township, key_level=KeyLevel.COUNTY)
    with pytest.raises(ValidationError) as plan:
        actions.do_set_investment_plan(key_project, today.year, QUADRILLION, reporter)
    actions.do_set_investment_plan(key_project, today.year, 1, reporter)
    with pytest.raises(ValidationError) as month:
        actions.do_record_monthly_investment(key_project, today.year, 1, QUADRILLION, reporter)

    assert list(plan.value.message_dict) == ["planned_amount"]
    assert list(month.value.message_dict) == ["completed_amount"]


def test_an_investor_or_a_contact_with_a_blank_name_is_refused(bureau_user):
    with pytest.raises(ValidationError) as investor:
        actions.do_create_investor({"name": "  ", "kind": "private"}, bureau_user)
    with pytest.raises(ValidationError) as contact:
        actions.do_add_investor_contact(InvestorFactory(), {"name": "\t"}, bureau_user)

    assert "name" in investor.value.message_dict
    assert "name" in contact.value.message_dict


# ---------------------------------------------------------------- through the API


def test_the_api_refuses_funds_from_1900_and_a_quadrillion(project, client_for, reporter, today):
    client = client_for(reporter)
    url = f"/api/v1/projects/{project.pk}/funds"
    ancient = client.post(url, {"date": "1900-01-01", "amount": 1, "kind": "investment"}, content_type="application/json")
    huge = client.post(url, {"date": today.isoformat(), "amount": QUADRILLION, "kind": "investment"}, content_type="application/json")

    assert ancient.status_code == 422 and ancient.json()["detail"][0]["field"] == "date"
    assert huge.status_code == 422 and huge.json()["detail"][0]["field"] == "amount"
    assert not FundEntry.objects.exists()


def test_the_api_refuses_an_investor_with_a_blank_name(client_for, bureau_user):
    response = client_for(bureau_user).post("/api/v1/investors", {"name": "   ", "kind": "private"}, content_type="application/json")

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["name"]
