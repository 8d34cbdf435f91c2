"""Every figure links to the records behind it: following a link from the
dashboard lists exactly the projects (or fund entries) the figure counts.
Also covers the project list filters added for it (reached_from/reached_to, counted)."""

import html as htmllib
import re

from django.urls import reverse

from zhaoshang.projects.models import DuplicateStatus, Project

from .conftest import params


def links(html: str, attribute: str) -> dict[str, str]:
    return {key: htmllib.unescape(url) for url, key in re.findall(rf'href="([^"]+)" {attribute}="([^"]+)"', html)}


def listed(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    return {project.name for project in response.context["page"]}


def board(client, scope: str) -> str:
    return client.get(reverse("dashboard"), params(scope)).content.decode()


def test_the_contract_figure_lists_the_four_projects_signed_this_year(dash, bureau_user, client_for):
    client = client_for(bureau_user)
    url = links(board(client, f"jurisdiction:{dash.root.pk}"), "data-figure")["contract_amount"]
    assert "signed_from=2026-01-01" in url and "signed_to=2026-10-31" in url
    assert listed(client, url) == {"城关项目", "河口项目", "联合项目", "外资项目"}


def test_the_size_band_lists_the_projects_of_five_yi_and_more(dash, bureau_user, client_for):
    client = client_for(bureau_user)
    url = links(board(client, f"jurisdiction:{dash.root.pk}"), "data-line")["signed_count-2"]
    assert "band=5yi" in url
    assert listed(client, url) == {"河口项目", "联合项目"}


def test_the_start_rate_lists_the_started_projects_of_the_cohort(dash, bureau_user, client_for):
    client = client_for(bureau_user)
    url = links(board(client, f"jurisdiction:{dash.root.pk}"), "data-figure")["start_rate"]
    assert listed(client, url) == {"城关项目", "联合项目"}


def test_a_funnel_stage_lists_the_projects_that_entered_it_in_the_period(dash, bureau_user, client_for):
    client = client_for(bureau_user)
    stages = links(board(client, f"jurisdiction:{dash.root.pk}"), "data-stage")
    assert "reached=started" in stages["started"] and "as_of=2026-10-31" in stages["started"]
    assert listed(client, stages["started"]) == {"城关项目", "联合项目"}
    # 洽谈 in 2026: P1, P2, P3, P4, P5 (P7 negotiated in 2025).
    assert listed(client, stages["negotiating"]) == {"城关项目", "河口项目", "联合项目", "招商组项目", "外资项目"}


def test_a_units_funnel_keeps_the_unit_filter(dash, reporter, client_for):
    client = client_for(reporter)
    stages = links(board(client, f"unit:{dash.township.pk}"), "data-stage")
    assert f"unit={dash.township.pk}" in stages["signed"]
    assert listed(client, stages["signed"]) == {"城关项目", "联合项目", "外资项目"}


def test_a_ranking_row_lists_the_units_projects_signed_in_the_period(dash, bureau_user, client_for):
    client = client_for(bureau_user)
    rows = links(board(client, f"jurisdiction:{dash.root.pk}"), "data-ranking-unit")
    assert listed(client, rows[str(dash.other_township.pk)]) == {"河口项目", "联合项目"}


def test_the_funds_figure_lists_the_verified_entries_of_the_period(dash, bureau_user, client_for):
    client = client_for(bureau_user)
    url = links(board(client, f"unit:{dash.township.pk}"), "data-figure")["funds_arrived"]
    assert "status=verified" in url and "date_from=2026-01-01" in url
    response = client.get(url)
    assert response.status_code == 200
    # F1, F3 (joint), F4, F7 (招商组) — F2 is verified after the as-of date but today it is.
    assert {e.project.name for e in response.context["page"]} >= {"城关项目", "联合项目", "外资项目", "招商组项目"}


def test_the_counted_filter_leaves_out_suspected_duplicates(dash, bureau_user, client_for):
    dash.p2.duplicate_status, dash.p2.duplicate_of = DuplicateStatus.SUSPECTED, dash.p1
    dash.p2.save()
    client = client_for(bureau_user)
    base = {"signed_from": "2026-01-01", "signed_to": "2026-10-31"}
    assert "河口项目" in listed(client, reverse("projects:project_list") + "?" + "&".join(f"{k}={v}" for k, v in base.items()))
    counted = reverse("projects:project_list") + "?counted=1&" + "&".join(f"{k}={v}" for k, v in base.items())
    assert listed(client, counted) == {"城关项目", "联合项目", "外资项目"}


def test_entered_dates_without_a_stage_are_ignored(dash, bureau_user, client_for):
    # reached_from only narrows a chosen stage.
    client = client_for(bureau_user)
    names = listed(client, reverse("projects:project_list") + "?reached_from=2026-06-01&reached_to=2026-06-30")
    assert {"城关项目", "去年项目"} <= names


def test_an_industry_bar_links_to_the_industry_filter(dash, bureau_user, client_for):
    Project.objects.filter(pk__in=[dash.p1.pk, dash.p2.pk]).update(industry="新材料")
    client = client_for(bureau_user)
    response = client.get(reverse("dashboard"), params(f"jurisdiction:{dash.root.pk}"))
    items = response.context["board"].charts["breakdowns"]["industry"]["items"]
    new_materials = next(item for item in items if item["name"] == "新材料")
    assert (new_materials["count"], new_materials["contract"]) == (2.0, 25_000.0)
    assert listed(client, new_materials["url"]) == {"城关项目", "河口项目"}


def test_a_divisions_funds_and_trips_link_to_its_member_units_records(dash, bureau_user, client_for):
    # 一赛区 = 城关镇 + 河口镇; a 县经信局 project's verified arrival is outside it.
    from datetime import date

    from zhaoshang.activities.factories import TripFactory
    from zhaoshang.metrics.tests.conftest import fund
    from zhaoshang.projects.factories import ProjectFactory

    outside = ProjectFactory(name="经信局项目", introducing_unit=dash.department)
    fund(outside, date(2026, 5, 1), 1_000_000, verified=date(2026, 5, 2))
    TripFactory(unit=dash.township, start_date=date(2026, 3, 1), end_date=date(2026, 3, 3), destination_city="深圳")
    TripFactory(unit=dash.department, start_date=date(2026, 3, 1), end_date=date(2026, 3, 3), destination_city="苏州")
    client = client_for(bureau_user)
    figures = links(board(client, f"division:{dash.township.division_id}"), "data-figure")
    assert f"division={dash.township.division_id}" in figures["funds_arrived"]
    names = {e.project.name for e in client.get(figures["funds_arrived"]).context["page"]}
    assert "经信局项目" not in names and {"城关项目", "联合项目"} <= names
    trips = {t.destination_city for t in client.get(figures["trip_count"]).context["page"]}
    assert trips == {"深圳"}


def test_the_county_funds_figure_equals_the_converted_total_of_its_fund_list(dash, bureau_user, client_for):
    client = client_for(bureau_user)
    html = board(client, f"jurisdiction:{dash.root.pk}")
    assert re.search(r'data-figure="funds_arrived">5,810.00万元<', html)
    url = links(html, "data-figure")["funds_arrived"]
    assert "as_of=2026-10-31" in url and "counted=1" in url
    response = client.get(url)
    # F1 3000万 + F3 2000万 + F7 100万 in 元, F4 $100万 at 7.1 = 710万: 合计 5810万. F2 was
    # verified only on 11-10, so as of 10-31 it is not in the list.
    assert {e.amount for e in response.context["page"]} == {30_000_000, 20_000_000, 1_000_000, 100_000_000}
    verified = response.context["totals"]["verified"]
    assert (verified.cny, verified.usd, verified.converted.yuan) == (51_000_000, 100_000_000, 58_100_000)
    assert re.search(r"合计（按各年汇率折人民币）<span data-converted>5,810.00万元</span>", response.content.decode())


def test_the_pending_line_lists_what_awaited_verification_on_the_as_of_date(dash, bureau_user, client_for):
    client = client_for(bureau_user)
    url = links(board(client, f"jurisdiction:{dash.root.pk}"), "data-line")["funds_arrived-1"]
    response = client.get(url)
    # F2 1000万 (verified after 10-31) and F5 500万 (reported only) = the card's 1500万.
    assert response.context["totals"]["pending"].converted.yuan == 15_000_000
    assert {e.amount for e in response.context["page"]} == {10_000_000, 5_000_000}
