"""The rankings page and its Excel export: the same table, completion against
序时进度, behind flag and units done, worked out by hand from the fixed county.

2026年度 (division 一赛区 default 6000万元), as of 10-31 (time progress 304/365 = 83.3%):
城关镇 5010万 = 83.5% (rank 1), 河口镇 800万 (40% of F3) = 13.3% (rank 2, behind)."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhaoshang.targets.models import Period, Target


@pytest.fixture
def period(world):
    return Period.objects.create(jurisdiction=world.root, name="2026年度", start=date(2026, 1, 1), end=date(2026, 12, 31))


def test_the_division_ranking_shows_rates_against_time_progress(world, period, bureau_user, client_for):
    response = client_for(bureau_user).get(
        reverse("metrics:rankings"), {"period": period.pk, "division": world.township.division_id, "as_of": "2026-10-31"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "2026年度一赛区排名" in html
    assert "序时进度 <strong>83.3%</strong>" in html
    assert '<strong id="units-done">0</strong>/2' in html
    rows = [row.unit.name for row in response.context["ranking"].rows]
    assert rows == ["城关镇", "河口镇"]
    # Once in the status column and once under the unit for a phone: one unit behind.
    assert html.count("落后序时</span>") == 2


def test_the_export_has_the_table_rows(world, period, reporter, client_for):
    response = client_for(reporter).get(reverse("metrics:ranking_export"), {"period": period.pk, "as_of": "2026-10-31"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("名次", "单位", "赛区")
    assert rows[1][:7] == (1, "城关镇", "一赛区", 6000, "是", 5010, 83.5)
    assert rows[2][1] == "河口镇" and rows[2][8] == "是"


def test_without_any_period_the_page_says_so(world, bureau_user, client_for):
    response = client_for(bureau_user).get(reverse("metrics:rankings"))
    assert response.status_code == 404


def test_a_foreign_capital_ranking_shows_and_exports_wan_dollars(world, bureau_user, reporter, client_for):
    # Primary kind 实际利用外资: 城关镇's target $200万 (in US cents); its actual is F4
    # of the foreign-funded P5, $100万 verified 08-10 → 100.00 万美元, 50.0%.
    period = Period.objects.create(
        jurisdiction=world.root, name="2026年度外资", start=date(2026, 1, 1), end=date(2026, 12, 31), primary_kind="foreign_actual"
    )
    Target.objects.create(period=period, unit=world.township, kind="foreign_actual", amount=200_000_000)
    query = {"period": period.pk, "as_of": "2026-10-31"}
    html = client_for(bureau_user).get(reverse("metrics:rankings"), query).content.decode()
    assert "任务（万美元）" in html
    assert '<td class="num d-none d-sm-table-cell">200.00</td><td class="num">100.00</td>' in html
    assert "50.0%" in html
    sheet = load_workbook(BytesIO(client_for(reporter).get(reverse("metrics:ranking_export"), query).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "任务（万美元）" and rows[0][5] == "完成（万美元）"
    assert rows[1][:7] == (1, "城关镇", "一赛区", 200, "否", 100, 50.0)
