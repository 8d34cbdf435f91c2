"""Importing 办件 from the government service platform: all or nothing, row errors
in Chinese naming the row and the column, the calendar applied, projects linked."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from zhaoshang.projects.factories import ProjectFactory, make_uscc
from zhaoshang.service.importing import HEADERS, import_service_items
from zhaoshang.service.models import ServiceItem

HEAD = list(HEADERS.values())


def xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append(HEAD)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("办件.xlsx", buffer.getvalue())


def csv_file(rows, encoding="utf-8-sig") -> SimpleUploadedFile:
    lines = [",".join(HEAD)] + [",".join("" if v is None else str(v) for v in row) for row in rows]
    return SimpleUploadedFile("办件.csv", "\n".join(lines).encode(encoding))


def row(number="SP1", department="城关镇", project="", uscc="", accepted="2024-09-27", committed=5, statutory=20, finished="2024-10-09"):
    return [number, department, "建设用地规划许可", "示例公司", uscc, project, accepted, committed, statutory, finished]


def test_an_import_computes_the_committed_day_over_the_holiday(county, bureau_user):
    result = import_service_items(xlsx([row()]), bureau_user)
    assert (result.errors, result.created) == ([], 1)
    item = ServiceItem.objects.get(number="SP1")
    assert (item.unit, item.due_on, item.used_days) == (county.township, date(2024, 10, 10), 4)
    assert item.history.first().history_user == bureau_user


def test_one_bad_row_imports_nothing_and_names_row_and_column(county, bureau_user):
    upload = xlsx([row("SP1"), row("SP2", department="不存在局"), row("SP3", accepted="2024/13/40"), row("SP1")])
    result = import_service_items(upload, bureau_user)
    assert result.created == 0
    assert [str(e) for e in result.errors] == [
        "第3行「办理部门」：找不到您管理的单位「不存在局」",
        "第4行「受理日期」：日期格式应为 2026-03-02",
        "第5行「办件编号」：与第2行重复",
    ]
    assert not ServiceItem.objects.exists()


def test_an_already_imported_number_refuses_the_whole_file(county, bureau_user):
    import_service_items(xlsx([row("SP1")]), bureau_user)
    result = import_service_items(xlsx([row("SP9"), row("SP1")]), bureau_user)
    assert [str(e) for e in result.errors] == ["第3行「办件编号」：办件编号「SP1」已导入"]
    assert list(ServiceItem.objects.values_list("number", flat=True)) == ["SP1"]


def test_committed_longer_than_statutory_is_a_row_error(county, bureau_user):
    result = import_service_items(xlsx([row(committed=30, statutory=20)]), bureau_user)
    assert [str(e) for e in result.errors] == ["第2行「承诺时限（工作日）」：承诺时限不能长于法定时限"]


def test_projects_are_linked_by_number_or_by_a_unique_uscc(county, bureau_user):
    by_number = ProjectFactory(introducing_unit=county.township)
    uscc = make_uscc(777)
    by_uscc = ProjectFactory(introducing_unit=county.township, company_uscc=uscc)
    result = import_service_items(csv_file([row("SP1", project=by_number.pk), row("SP2", uscc=uscc), row("SP3", uscc=make_uscc(778))]), bureau_user)
    assert result.errors == []
    links = dict(ServiceItem.objects.values_list("number", "project"))
    assert links == {"SP1": by_number.pk, "SP2": by_uscc.pk, "SP3": None}


def test_a_gbk_csv_with_an_unknown_project_number(county, bureau_user):
    result = import_service_items(csv_file([row(project=999999, finished="")], encoding="gbk"), bureau_user)
    assert [str(e) for e in result.errors] == ["第2行「项目编号」：找不到编号为999999的项目"]


def test_the_bureau_imports_on_the_screen(county, bureau_user, client_for):
    client = client_for(bureau_user)
    response = client.post(reverse("service:item_import"), {"file": xlsx([row(), row("SP2", finished=None)])})
    assert response.status_code == 302
    assert ServiceItem.objects.count() == 2
    refused = client.post(reverse("service:item_import"), {"file": xlsx([row("SP3", department="外县")])})
    assert "第2行「办理部门」：找不到您管理的单位「外县」" in refused.content.decode()
    assert ServiceItem.objects.count() == 2


def test_a_reporter_cannot_import(county, reporter):
    with pytest.raises(Exception) as refused:
        import_service_items(xlsx([row()]), reporter)
    assert type(refused.value).__name__ == "PermissionDenied"


def test_an_item_past_its_commitment_shows_red_on_its_projects_timeline(county, bureau_user, reporter, client_for):
    project = ProjectFactory(introducing_unit=county.township)
    import_service_items(
        xlsx(
            [row("SP1", project=project.pk), row("SP2", project=project.pk, committed=3, statutory=10, accepted="2024-10-08", finished="2024-10-14")]
        ),
        bureau_user,
    )
    page = client_for(reporter).get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert page.count("政务服务办件超承诺时限") == 1
    assert "承诺 2024-10-11 办结，2024-10-14 办结" in page
