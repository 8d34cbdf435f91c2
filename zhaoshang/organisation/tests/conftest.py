import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from zhaoshang.accounts.factories import user_with_role
from zhaoshang.accounts.models import Role, RoleAssignment


@pytest.fixture
def reporting_leader(county):
    """Reads the whole county as a leader, writes only 城关镇 as its reporter: sees
    persons they may not edit, whose phones must be masked."""
    user = user_with_role(Role.LEADER, county.root, username="reporting_leader")
    RoleAssignment.objects.create(user=user, role=Role.REPORTER, unit=county.township)
    return user


def xlsx_upload(headers: list[str], rows: list[list], name: str = "data.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def xlsx_rows(response) -> list[list]:
    """The data rows (header first) of an exported workbook."""
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]
