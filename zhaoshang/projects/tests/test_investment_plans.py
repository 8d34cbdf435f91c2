"""重点项目年度投资计划 and 月度完成投资 on the project page: the section's figures
(hand-computed), entry in 万元 stored as 元 through htmx, Chinese refusals that name
the field and write nothing, history, scoping, and the Excel export with a column per
month."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhaoshang.projects import actions
from zhaoshang.projects.factories import ProjectFactory
from zhaoshang.projects.models import InvestmentPlan, KeyLevel, MonthlyInvestment, Project

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def key_project(county) -> Project:
    """城关镇's 县重点 project."""
    return ProjectFactory(name="新能电池生产基地", introducing_unit=county.township, key_level=KeyLevel.COUNTY)


@pytest.fixture
def last_year(today) -> int:
    # Every month of last year is past, so any month may be recorded.
    return today.year - 1


def page(client, project) -> str:
    return client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()


def cell(body: str, testid: str) -> str:
    marker = f'data-testid="{testid}">'
    start = body.index(marker) + len(marker)
    return body[start : body.index("</td>", start)].strip()


def post_plan(client, project, year, amount, **extra):
    url = reverse("projects:investment_plan_set", args=[project.pk])
    return client.post(url, {"plan-year": year, "plan-planned_amount": amount}, **extra)


def post_month(client, project, year, month, amount, **extra):
    url = reverse("projects:investment_month_set", args=[project.pk])
    return client.post(url, {"month-year": year, "month-month": month, "month-completed_amount": amount}, **extra)


# ---------------------------------------------------------------- the section's figures


def test_the_section_shows_months_cumulative_and_rate_computed_by_hand(client_for, reporter, key_project, last_year):
    plan = actions.do_set_investment_plan(key_project, last_year, 20_000_000, reporter)  # 2,000 万元
    for month, yuan in ((1, 1_500_000), (2, 2_305_000), (3, 0), (12, 194_567)):
        actions.do_record_monthly_investment(plan.project, plan.year, month, yuan, reporter)
    body = page(client_for(reporter), key_project)
    # 1,500,000 + 2,305,000 + 0 + 194,567 = 3,999,567 元 = 399.9567 万元 → 399.96
    assert cell(body, f"plan-{last_year}-planned") == "2,000.00"
    assert cell(body, f"plan-{last_year}-month-2") == "230.50"
    assert cell(body, f"plan-{last_year}-month-3") == "0.00"
    assert "—" in cell(body, f"plan-{last_year}-month-4")  # nothing reported is not 0
    assert cell(body, f"plan-{last_year}-month-12") == "19.46"
    assert cell(body, f"plan-{last_year}-completed") == "399.96"
    # 3,999,567 / 20,000,000 = 19.997835% → 20.0%
    assert cell(body, f"plan-{last_year}-rate") == "20.0%"


def test_a_zero_plan_has_no_completion_rate(client_for, reporter, key_project, last_year):
    plan = actions.do_set_investment_plan(key_project, last_year, 0, reporter)
    actions.do_record_monthly_investment(plan.project, plan.year, 5, 1_000_000, reporter)
    body = page(client_for(reporter), key_project)
    assert cell(body, f"plan-{last_year}-completed") == "100.00"
    assert cell(body, f"plan-{last_year}-rate") == "—"


def test_each_year_is_its_own_row_latest_first(client_for, reporter, key_project, today, last_year):
    actions.do_set_investment_plan(key_project, last_year, 10_000_000, reporter)
    actions.do_set_investment_plan(key_project, today.year, 30_000_000, reporter)
    body = page(client_for(reporter), key_project)
    assert body.index(f'data-testid="plan-{today.year}"') < body.index(f'data-testid="plan-{last_year}"')
    assert cell(body, f"plan-{today.year}-planned") == "3,000.00"
    assert cell(body, f"plan-{today.year}-rate") == "0.0%"


def test_only_editors_of_a_key_project_get_the_forms(client_for, reporter, leader, key_project, project):
    assert "保存年度计划" in page(client_for(reporter), key_project)
    # The leader reads the project but does not lead it.
    leader_view = page(client_for(leader), key_project)
    assert "尚未填报年度投资计划" in leader_view and "保存年度计划" not in leader_view
    not_key = page(client_for(reporter), project)
    assert "非重点项目，无需填报年度投资计划" in not_key and "保存年度计划" not in not_key


# ---------------------------------------------------------------- entering the figures


def test_the_plan_is_typed_in_wan_stored_in_yuan_and_kept_in_history(client_for, reporter, key_project, today):
    client = client_for(reporter)
    response = post_plan(client, key_project, today.year, "2,000", **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body  # htmx gets the section only
    assert 'id="investment"' in body and f"已保存{today.year}年度计划投资" in body
    plan = InvestmentPlan.objects.get(project=key_project, year=today.year)
    assert plan.planned_amount == 20_000_000

    post_plan(client, key_project, today.year, "2500.1234", **HTMX)
    plan.refresh_from_db()
    assert plan.planned_amount == 25_001_234
    history = list(plan.history.order_by("history_date").values_list("planned_amount", "history_user"))
    assert history == [(20_000_000, reporter.pk), (25_001_234, reporter.pk)]


def test_a_month_is_typed_in_wan_and_a_second_save_replaces_it_with_history(client_for, reporter, key_project, last_year):
    plan = actions.do_set_investment_plan(key_project, last_year, 20_000_000, reporter)
    client = client_for(reporter)
    body = post_month(client, key_project, last_year, 2, "230.5", **HTMX).content.decode()
    assert f"已保存{last_year}年2月完成投资" in body
    assert cell(body, f"plan-{last_year}-month-2") == "230.50"
    post_month(client, key_project, last_year, 2, "231", **HTMX)
    row = MonthlyInvestment.objects.get(plan=plan, month=2)
    assert row.completed_amount == 2_310_000
    assert list(row.history.order_by("history_date").values_list("completed_amount", flat=True)) == [2_305_000, 2_310_000]
    assert row.history.latest("history_date").history_user == reporter


def test_without_javascript_the_browser_returns_to_the_section(client_for, reporter, key_project, today):
    response = post_plan(client_for(reporter), key_project, today.year, "100")
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:project_detail", args=[key_project.pk]) + "#investment"
    assert InvestmentPlan.objects.get(project=key_project).planned_amount == 1_000_000


@pytest.mark.parametrize(
    ("year", "amount", "message"),
    [
        ("this", "-1", "年度计划投资不能为负数"),
        ("this", "一百", "年度计划投资须为数字（单位：万元）"),
        ("this", "1.00001", "年度计划投资最多精确到元"),
        ("this", "", "请填写年度计划投资"),
        ("this", "20000000", "年度计划投资超过1000亿元"),
        ("1999", "100", "年度须在"),
        ("2999", "100", "年度须在"),
        ("二〇二五", "100", "年度须为四位数的年份"),
    ],
)
def test_bad_plan_input_is_refused_naming_the_field(client_for, reporter, key_project, today, year, amount, message):
    year = today.year if year == "this" else year
    body = post_plan(client_for(reporter), key_project, year, amount, **HTMX).content.decode()
    assert message in body
    assert not InvestmentPlan.objects.exists()


def test_the_year_range_is_the_actions_too(reporter, key_project, today):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        actions.do_set_investment_plan(key_project, today.year + 5, 100, reporter)
    assert "year" in refused.value.message_dict
    assert not InvestmentPlan.objects.exists()


@pytest.mark.parametrize(
    ("month", "amount", "message"),
    [
        ("13", "10", "月份须在1到12之间"),
        ("0", "10", "月份须在1到12之间"),
        ("3", "-5", "当月完成投资不能为负数"),
        ("3", "abc", "当月完成投资须为数字（单位：万元）"),
    ],
)
def test_bad_month_input_is_refused_naming_the_field(client_for, reporter, key_project, last_year, month, amount, message):
    actions.do_set_investment_plan(key_project, last_year, 20_000_000, reporter)
    body = post_month(client_for(reporter), key_project, last_year, month, amount, **HTMX).content.decode()
    assert message in body
    assert not MonthlyInvestment.objects.exists()


def test_a_month_needs_the_years_plan_first(client_for, reporter, key_project, last_year):
    body = post_month(client_for(reporter), key_project, last_year, 3, "10", **HTMX).content.decode()
    assert f"{last_year}年尚未填报年度计划投资" in body
    assert not InvestmentPlan.objects.exists() and not MonthlyInvestment.objects.exists()


def test_a_future_month_is_refused(client_for, reporter, key_project, today):
    actions.do_set_investment_plan(key_project, today.year + 1, 1_000_000, reporter)
    body = post_month(client_for(reporter), key_project, today.year + 1, 1, "10", **HTMX).content.decode()
    assert "不能填报未来月份的完成投资" in body
    assert not MonthlyInvestment.objects.exists()


def test_a_project_that_is_not_key_gets_no_plan(client_for, reporter, project, today):
    body = post_plan(client_for(reporter), project, today.year, "100", **HTMX).content.decode()
    assert "只有重点项目需要填报年度投资计划" in body
    assert not InvestmentPlan.objects.exists()


# ---------------------------------------------------------------- scoping


def test_another_units_reporter_gets_404_and_writes_nothing(client_for, other_reporter, reporter, key_project, last_year):
    client = client_for(other_reporter)
    assert post_plan(client, key_project, last_year, "100", **HTMX).status_code == 404
    assert not InvestmentPlan.objects.exists()
    actions.do_set_investment_plan(key_project, last_year, 1_000_000, reporter)
    assert post_month(client, key_project, last_year, 1, "10", **HTMX).status_code == 404
    assert post_plan(client, key_project, last_year, "999", **HTMX).status_code == 404
    assert not MonthlyInvestment.objects.exists()
    assert InvestmentPlan.objects.get().planned_amount == 1_000_000


def test_a_leader_who_does_not_lead_the_project_may_not_write(client_for, leader, key_project, today):
    assert post_plan(client_for(leader), key_project, today.year, "100", **HTMX).status_code == 403
    assert not InvestmentPlan.objects.exists()


# ---------------------------------------------------------------- the export


def export(client, **query) -> list[tuple]:
    response = client.get(reverse("projects:investment_export"), query)
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_the_export_lists_the_visible_key_projects_with_a_column_per_month(client_for, county, reporter, key_project, project, last_year):
    plan = actions.do_set_investment_plan(key_project, last_year, 20_000_000, reporter)
    actions.do_record_monthly_investment(plan.project, plan.year, 1, 1_500_000, reporter)
    actions.do_record_monthly_investment(plan.project, plan.year, 2, 2_305_000, reporter)
    unplanned = ProjectFactory(name="城关冷链物流中心", introducing_unit=county.township, key_level=KeyLevel.CITY)
    ProjectFactory(name="河口物流园", introducing_unit=county.other_township, key_level=KeyLevel.CITY)

    rows = export(client_for(reporter), year=str(last_year))
    header, *data = rows
    assert header[:7] == ("项目名称", "引进单位", "重点项目级别", "当前阶段", "包联领导", "年度", "年度计划投资（万元）")
    assert header[7] == "1月完成（万元）" and header[18] == "12月完成（万元）"
    assert header[19:] == ("累计完成（万元）", "完成率（%）")
    by_name = {row[0]: row for row in data}
    # Not key (project) and not visible (河口物流园) are left out.
    assert set(by_name) == {"新能电池生产基地", "城关冷链物流中心"}
    row = by_name["新能电池生产基地"]
    assert (row[5], row[6], row[7], row[8], row[9]) == (last_year, 2000, 150, 230.5, None)
    # 150 + 230.5 = 380.5 万元 of 2,000 → 19.025% → 19.0%
    assert (row[19], row[20]) == (380.5, 19.0)
    assert by_name[unplanned.name][6:] == (None,) * 15


def test_the_export_follows_the_list_filters_and_refuses_a_far_off_year(client_for, reporter, key_project, county):
    ProjectFactory(name="城关冷链物流中心", introducing_unit=county.township, key_level=KeyLevel.CITY)
    client = client_for(reporter)
    names = [row[0] for row in export(client, q="冷链")[1:]]
    assert names == ["城关冷链物流中心"]
    response = client.get(reverse("projects:investment_export"), {"year": "1900"})
    assert response.status_code == 400 and "年度须在" in response.content.decode()


def test_the_project_list_links_to_the_export(client_for, reporter):
    body = client_for(reporter).get(reverse("projects:project_list")).content.decode()
    assert reverse("projects:investment_export") in body and "导出重点项目投资计划" in body


def test_the_export_reads_plans_and_months_without_a_query_per_project(client_for, county, reporter, last_year, django_assert_max_num_queries):
    client = client_for(reporter)
    client.get(reverse("projects:project_list"))  # the session and roles are loaded once either way

    def add_projects(n: int) -> None:
        for i in range(n):
            project = ProjectFactory(introducing_unit=county.township, key_level=KeyLevel.COUNTY)
            plan = actions.do_set_investment_plan(project, last_year, 10_000_000, reporter)
            for month in (1, 2, 3):
                actions.do_record_monthly_investment(plan.project, plan.year, month, 100_000 * (i + month), reporter)

    add_projects(2)
    with django_assert_max_num_queries(8) as few:
        assert len(export(client, year=str(last_year))) == 3
    add_projects(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(export(client, year=str(last_year))) == 11
