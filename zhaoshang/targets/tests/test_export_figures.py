"""外贸出口 monthly figures: recording them, the figures as of a date that the
engine reads for export_total targets, the screen, and the Excel import.
Expected values worked out by hand. Amounts are US cents: 1万美元 = 1,000,000."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhaoshang.metrics import engine, rankings
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.organisation.models import UnitKind
from zhaoshang.organisation.tests.conftest import xlsx_upload
from zhaoshang.targets import actions, trade
from zhaoshang.targets.models import ExportFigure, Period, Target

WAN_USD = 1_000_000  # cents in 1万美元
AS_OF = date(2026, 10, 31)
YTD = Span.ytd(2026, 10)


def recorded(figure_or_unit, month: date, day: date) -> None:
    """Pretend the latest history row of the figure was written on `day`."""
    row = ExportFigure.history.filter(unit=figure_or_unit, month=month).order_by("-history_date", "-history_id").first()
    ExportFigure.history.filter(history_id=row.history_id).update(history_date=timezone.make_aware(datetime.combine(day, time(12))))


def put(unit, month: date, wan: int, user, day: date) -> None:
    actions.do_set_export_figure(unit, month, wan * WAN_USD, user)
    recorded(unit, month, day)


@pytest.fixture
def trade_world(county, bureau_user):
    """城关镇 Jan 100万 (recorded 02-10), Mar 50万 (04-10); its section Apr 10万 (05-10);
    河口镇 Feb 30万 (03-10); 城关镇 Oct 20万 recorded only on 11-10 (after 10-31)."""
    section = UnitFactory(parent=county.township, name="城关镇外贸组", kind=UnitKind.SECTION)
    put(county.township, date(2026, 1, 1), 100, bureau_user, date(2026, 2, 10))
    put(county.township, date(2026, 3, 1), 50, bureau_user, date(2026, 4, 10))
    put(section, date(2026, 4, 1), 10, bureau_user, date(2026, 5, 10))
    put(county.other_township, date(2026, 2, 1), 30, bureau_user, date(2026, 3, 10))
    put(county.township, date(2026, 10, 1), 20, bureau_user, date(2026, 11, 10))
    county.section = section
    return county


def test_the_figures_of_a_unit_with_its_subtree_as_of_a_date(trade_world):
    # 城关镇 100 + 50 + its section 10 = 160万美元; October's 20万 came in after 10-31.
    assert engine.export_total(Scope.for_unit(trade_world.township), YTD, AS_OF) == 160 * WAN_USD
    # The county: 160 + 河口镇 30 = 190万美元.
    assert engine.export_total(Scope.for_jurisdiction(trade_world.root), YTD, AS_OF) == 190 * WAN_USD
    # As of 11-30 October counts too: 180万美元 for 城关镇.
    assert engine.export_total(Scope.for_unit(trade_world.township), Span.ytd(2026, 11), date(2026, 11, 30)) == 180 * WAN_USD
    # Only the months beginning in the span: 1-2月 = 100万 for 城关镇.
    assert engine.export_total(Scope.for_unit(trade_world.township), Span.ytd(2026, 2), AS_OF) == 100 * WAN_USD


def test_a_correction_after_the_date_leaves_the_old_figure_in_place(trade_world, bureau_user):
    put(trade_world.township, date(2026, 3, 1), 80, bureau_user, date(2026, 11, 15))
    scope = Scope.for_unit(trade_world.township)
    # As of 10-31 March still reads 50万: 160万; as of 11-30 it reads 80万 (and October's 20万): 210万.
    assert engine.export_total(scope, YTD, AS_OF) == 160 * WAN_USD
    assert engine.export_total(scope, Span.ytd(2026, 11), date(2026, 11, 30)) == 210 * WAN_USD
    assert ExportFigure.history.filter(unit=trade_world.township, month=date(2026, 3, 1)).count() == 2


def test_completion_and_ranking_of_an_export_target(trade_world):
    period = Period.objects.create(
        jurisdiction=trade_world.root, name="2026年度", start=date(2026, 1, 1), end=date(2026, 12, 31), primary_kind="export_total"
    )
    Target.objects.create(period=period, kind="export_total", unit=trade_world.township, amount=200 * WAN_USD)
    Target.objects.create(period=period, kind="export_total", unit=trade_world.other_township, amount=20 * WAN_USD)
    completion = engine.completion_rate(trade_world.township, period, "export_total", AS_OF)
    # 160万 of 200万 = 0.8
    assert (completion.actual, completion.rate) == (160 * WAN_USD, Decimal("0.8"))
    rows = {row.unit.name: (row.rank, row.rate) for row in rankings.ranking(period, AS_OF).rows if row.target}
    # 河口镇 30/20 = 1.5 first, 城关镇 0.8 second.
    assert rows == {"河口镇": (1, Decimal("1.5")), "城关镇": (2, Decimal("0.8"))}


def test_only_the_bureau_records_and_bad_input_is_refused(county, bureau_user, reporter):
    with pytest.raises(PermissionDenied):
        actions.do_set_export_figure(county.township, date(2026, 3, 1), WAN_USD, reporter)
    with pytest.raises(ValidationError) as negative:
        actions.do_set_export_figure(county.township, date(2026, 3, 1), -1, bureau_user)
    assert negative.value.message_dict == {"amount": ["出口额不能为负数"]}
    future = timezone.localdate().replace(day=1).replace(year=timezone.localdate().year + 1)
    with pytest.raises(ValidationError) as ahead:
        actions.do_set_export_figure(county.township, future, WAN_USD, bureau_user)
    assert ahead.value.message_dict == {"month": ["不能填报未来月份的出口额"]}
    assert not ExportFigure.objects.exists()


def test_saving_the_same_amount_writes_no_history(county, bureau_user):
    actions.do_set_export_figure(county.township, date(2026, 3, 15), 5 * WAN_USD, bureau_user)
    actions.do_set_export_figure(county.township, date(2026, 3, 1), 5 * WAN_USD, bureau_user)
    figure = ExportFigure.objects.get()
    assert figure.month == date(2026, 3, 1)
    assert figure.history.count() == 1


def test_the_grid_shows_units_by_month_with_totals(trade_world, client_for, bureau_user):
    grid = trade.grid(bureau_user, 2026)
    by_unit = {row.unit.name: row for row in grid.rows}
    assert by_unit["城关镇"].cells[0] == 100 * WAN_USD and by_unit["城关镇"].total == 170 * WAN_USD
    assert by_unit["城关镇外贸组"].total == 10 * WAN_USD  # a deeper unit shows once it has figures
    assert grid.month_totals[1] == 30 * WAN_USD and grid.total == 210 * WAN_USD
    body = client_for(bureau_user).get("/targets/exports/?year=2026").content.decode()
    assert "外贸出口月度数据" in body and "100.00" in body and "210.00" in body


def test_a_unit_user_sees_only_their_own_units(trade_world, client_for, other_reporter):
    names = [row.unit.name for row in trade.grid(other_reporter, 2026).rows]
    assert names == ["河口镇"]
    body = client_for(other_reporter).get("/targets/exports/?year=2026").content.decode()
    assert "城关镇" not in body and "保存" not in body


def test_the_screen_records_a_figure_in_wan_dollars(county, client_for, bureau_user):
    response = client_for(bureau_user).post("/targets/exports/set/", {"unit": county.township.pk, "month": "2026-03", "amount": "12.34"})
    assert response.status_code == 302
    assert ExportFigure.objects.get().amount == 12_340_000  # 12.34万美元 = $123,400


def test_the_screen_names_the_field_of_bad_input(county, client_for, bureau_user):
    body = client_for(bureau_user).post("/targets/exports/set/", {"unit": county.township.pk, "month": "三月", "amount": "-1"}).content.decode()
    assert "月份格式应为 2026-03" in body and "出口额不能为负数" in body
    assert not ExportFigure.objects.exists()


def _import(client, rows):
    return client.post("/targets/exports/import/", {"file": xlsx_upload(trade.HEADERS, rows)})


def test_an_import_with_one_bad_row_writes_nothing(county, client_for, bureau_user):
    response = _import(
        client_for(bureau_user),
        [["城关镇", "2026-01", 100], ["河口镇", "2026年2月", 30], ["不存在乡", "2026-03", 5], ["河口镇", "2026-02", 1], ["城关镇", "2026-04", "abc"]],
    )
    body = response.content.decode()
    assert "第4行「单位名称」：找不到您可填报的单位「不存在乡」" in body
    assert "第5行「月份」：与第3行重复" in body
    assert "第6行「出口额（万美元）」：应为数字（万美元）" in body
    assert not ExportFigure.objects.exists()


def test_a_good_import_records_every_row(county, client_for, bureau_user):
    response = _import(client_for(bureau_user), [["城关镇", "2026-01", 100], ["河口镇", date(2026, 2, 15), 30.5]])
    assert response.status_code == 302
    assert sorted(ExportFigure.objects.values_list("unit__name", "month", "amount")) == [
        ("城关镇", date(2026, 1, 1), 100 * WAN_USD),
        ("河口镇", date(2026, 2, 1), 30_500_000),
    ]


def test_the_export_lists_the_figures_of_the_year(trade_world, client_for, bureau_user):
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(client_for(bureau_user).get("/targets/exports/export/?year=2026").content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert ["城关镇", "2026-01", "100.00"] in rows and len(rows) == 5


def test_the_api_reads_and_records_like_the_screen(trade_world, client_for, bureau_user, other_reporter):
    client = client_for(other_reporter)
    assert client.get("/api/v1/export-figures", {"year": 2026}).json() == [
        {"unit": trade_world.other_township.pk, "unit_name": "河口镇", "month": "2026-02", "amount": 30 * WAN_USD}
    ]
    assert client.get("/api/v1/export-figures", {"year": 2026, "unit": trade_world.township.pk}).status_code == 404
    bureau = client_for(bureau_user)
    response = bureau.put(
        "/api/v1/export-figures", {"unit": trade_world.other_township.pk, "month": "2026-03", "amount": 7}, content_type="application/json"
    )
    assert response.json() == {"unit": trade_world.other_township.pk, "unit_name": "河口镇", "month": "2026-03", "amount": 7}
    bad = bureau.put("/api/v1/export-figures", {"unit": trade_world.township.pk, "month": "13月", "amount": 7}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "month"


@pytest.mark.parametrize("year", [0, 1900, 2**63])
def test_the_api_refuses_a_year_out_of_range(year, county, client_for, bureau_user):
    response = client_for(bureau_user).get("/api/v1/export-figures", {"year": year})

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "year"


def test_an_implausible_month_or_amount_is_refused(county, bureau_user):
    with pytest.raises(ValidationError) as ancient:
        actions.do_set_export_figure(county.township, date(1900, 1, 1), WAN_USD, bureau_user)
    with pytest.raises(ValidationError) as huge:
        actions.do_set_export_figure(county.township, date(2026, 3, 1), 10**15, bureau_user)

    assert list(ancient.value.message_dict) == ["month"]
    assert list(huge.value.message_dict) == ["amount"]
    assert not ExportFigure.objects.exists()
