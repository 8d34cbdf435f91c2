"""A key project's annual investment plan and its monthly completed investment
through the API: integer 元 ≥ 0, months 1–12 and not in the future, only writers of
the project, history with the user, Chinese refusals with nothing written."""

import pytest
from django.urls import reverse

from zhaoshang.projects import actions
from zhaoshang.projects.models import InvestmentPlan, KeyLevel, MonthlyInvestment, Project


@pytest.fixture
def key_project(project):
    Project.objects.filter(pk=project.pk).update(key_level=KeyLevel.CITY)
    return Project.objects.get(pk=project.pk)


def put_plan(client, project, year, body):
    return client.put(reverse("api:project_set_investment_plan", args=[project.pk, year]), body, content_type="application/json")


def put_month(client, project, year, month, body):
    return client.put(reverse("api:project_record_monthly_investment", args=[project.pk, year, month]), body, content_type="application/json")


def test_reporter_plans_the_year_and_reports_months(key_project, client_for, reporter, today):
    client = client_for(reporter)
    year = today.year - 1  # every month of last year is in the past

    planned = put_plan(client, key_project, year, {"planned_amount": 120_000_000})
    put_month(client, key_project, year, 1, {"completed_amount": 9_000_000})
    march = put_month(client, key_project, year, 3, {"completed_amount": 11_000_000})
    corrected = put_month(client, key_project, year, 1, {"completed_amount": 10_000_000})

    assert planned.status_code == 200, planned.json()
    assert planned.json() == {"year": year, "planned_amount": 120_000_000, "completed_amount": 0, "months": []}
    assert march.status_code == corrected.status_code == 200
    assert corrected.json()["months"] == [
        {"month": 1, "completed_amount": 10_000_000},
        {"month": 3, "completed_amount": 11_000_000},
    ]
    assert corrected.json()["completed_amount"] == 21_000_000
    plans = client.get(reverse("api:project_investment_plans", args=[key_project.pk])).json()
    assert [(p["year"], p["planned_amount"], p["completed_amount"]) for p in plans] == [(year, 120_000_000, 21_000_000)]
    january = MonthlyInvestment.objects.get(month=1)
    assert [h.completed_amount for h in january.history.order_by("history_date")] == [9_000_000, 10_000_000]
    assert {h.history_user for h in january.history.all()} == {reporter}
    assert InvestmentPlan.objects.get().history.first().history_user == reporter


def test_changing_the_plan_keeps_the_old_amount_in_history(key_project, client_for, unit_head, today):
    client = client_for(unit_head)
    put_plan(client, key_project, today.year, {"planned_amount": 100_000_000})

    put_plan(client, key_project, today.year, {"planned_amount": 150_000_000})

    plan = InvestmentPlan.objects.get()
    assert [h.planned_amount for h in plan.history.order_by("history_date")] == [100_000_000, 150_000_000]


def test_a_project_that_is_not_a_key_project_has_no_plan(project, client_for, reporter, today):
    response = put_plan(client_for(reporter), project, today.year, {"planned_amount": 1})

    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "key_level", "message": "只有重点项目需要填报年度投资计划"}]}
    assert not InvestmentPlan.objects.exists()


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"planned_amount": -1}, {"field": "planned_amount", "message": "年度计划投资不能为负数"}),
        ({"planned_amount": 1.5}, {"field": "planned_amount", "message": "「planned_amount」须为整数"}),
        ({"planned_amount": "一亿"}, {"field": "planned_amount", "message": "「planned_amount」须为整数"}),
        ({}, {"field": "planned_amount", "message": "「planned_amount」为必填项"}),
    ],
)
def test_bad_planned_amounts_are_refused(body, error, key_project, client_for, reporter, today):
    response = put_plan(client_for(reporter), key_project, today.year, body)

    assert response.status_code == 422
    assert response.json() == {"detail": [error]}
    assert not InvestmentPlan.objects.exists()


def test_a_year_out_of_range_is_refused(key_project, client_for, reporter):
    response = put_plan(client_for(reporter), key_project, 1899, {"planned_amount": 1})

    # The action's rule, the same as on the screen: ten years back to next year.
    years = actions.plan_years()
    assert response.json() == {"detail": [{"field": "year", "message": f"年度须在{years[0]}年到{years[-1]}年之间"}]}
    assert not InvestmentPlan.objects.exists()


@pytest.fixture
def last_years_plan(key_project, today):
    return InvestmentPlan.objects.create(project=key_project, year=today.year - 1, planned_amount=100_000_000)


@pytest.mark.parametrize(
    ("month", "body", "error"),
    [
        (13, {"completed_amount": 1}, {"field": "month", "message": "月份须在1到12之间"}),
        (0, {"completed_amount": 1}, {"field": "month", "message": "月份须在1到12之间"}),
        (5, {"completed_amount": -1}, {"field": "completed_amount", "message": "完成投资不能为负数"}),
        (5, {"completed_amount": 2.5}, {"field": "completed_amount", "message": "「completed_amount」须为整数"}),
    ],
)
def test_bad_months_and_amounts_are_refused(month, body, error, last_years_plan, key_project, client_for, reporter):
    response = put_month(client_for(reporter), key_project, last_years_plan.year, month, body)

    assert response.status_code == 422
    assert response.json() == {"detail": [error]}
    assert not MonthlyInvestment.objects.exists()


def test_a_future_month_is_refused(key_project, client_for, reporter, today):
    InvestmentPlan.objects.create(project=key_project, year=today.year + 1, planned_amount=1)

    response = put_month(client_for(reporter), key_project, today.year + 1, 1, {"completed_amount": 1})

    assert response.json() == {"detail": [{"field": "month", "message": "不能填报未来月份的完成投资"}]}
    assert not MonthlyInvestment.objects.exists()


def test_a_month_needs_the_years_plan_first(key_project, client_for, reporter, today):
    response = put_month(client_for(reporter), key_project, today.year - 1, 1, {"completed_amount": 1})

    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "year", "message": f"{today.year - 1}年尚未填报年度计划投资，请先填报年度计划"}]}


def test_a_leader_who_reads_the_project_may_not_write_its_plan(key_project, last_years_plan, client_for, leader):
    client = client_for(leader)

    plan = put_plan(client, key_project, last_years_plan.year, {"planned_amount": 1})
    month = put_month(client, key_project, last_years_plan.year, 1, {"completed_amount": 1})

    assert (plan.status_code, month.status_code) == (403, 403)
    assert InvestmentPlan.objects.get().planned_amount == 100_000_000
    assert not MonthlyInvestment.objects.exists()
    assert client.get(reverse("api:project_investment_plans", args=[key_project.pk])).status_code == 200
