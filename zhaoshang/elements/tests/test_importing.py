"""Import of step plans: the exported list comes back edited; a bad row anywhere
writes nothing and is named by row and column in Chinese."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from zhaoshang.elements.models import ElementStep


def _exported(client) -> tuple:
    response = client.get(reverse("elements:step_list"), {"export": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    return workbook, workbook.worksheets[0]


def _upload(workbook) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("要素环节.xlsx", buffer.getvalue())


def _column(sheet, header: str) -> int:
    return [cell.value for cell in sheet[1]].index(header) + 1


def test_an_edited_export_updates_the_plans(project, reporter, client_for, county):
    client = client_for(reporter)
    workbook, sheet = _exported(client)
    supply = project.element_steps.get(code="land_supply")
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == supply.pk)
    sheet.cell(row, _column(sheet, "计划完成日期")).value = date(2025, 6, 16)
    sheet.cell(row, _column(sheet, "责任部门")).value = "县经信局"

    response = client.post(reverse("elements:step_import"), {"file": _upload(workbook)})

    assert response.status_code == 302
    supply.refresh_from_db()
    assert supply.planned_date == date(2025, 6, 16) and supply.responsible_unit == county.department
    assert supply.history.latest().history_user == reporter


def test_one_bad_row_writes_nothing(project, reporter, client_for):
    client = client_for(reporter)
    workbook, sheet = _exported(client)
    sheet.cell(2, _column(sheet, "计划完成日期")).value = date(2025, 6, 16)
    sheet.cell(3, _column(sheet, "责任部门")).value = "县不存在局"
    before = list(ElementStep.objects.values_list("planned_date", flat=True))

    response = client.post(reverse("elements:step_import"), {"file": _upload(workbook)})

    assert response.status_code == 422
    assert "第3行「责任部门」：本县没有名为「县不存在局」的单位" in response.content.decode()
    assert list(ElementStep.objects.values_list("planned_date", flat=True)) == before


def test_another_townships_steps_cannot_be_imported(project, reporter, other_reporter, client_for):
    workbook, sheet = _exported(client_for(reporter))
    response = client_for(other_reporter).post(reverse("elements:step_import"), {"file": _upload(workbook)})
    assert response.status_code == 422 and "第2行「环节编号」：环节不存在或无权查看" in response.content.decode()
