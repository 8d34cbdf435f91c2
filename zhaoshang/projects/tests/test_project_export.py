"""The project list's Excel export: exactly the filtered rows, contacts masked for
users who may not see them."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from zhaoshang.projects.factories import ProjectFactory
from zhaoshang.projects.models import Category, InvestorContact

LIST, EXPORT = reverse("projects:project_list"), reverse("projects:project_export")


def rows(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def test_the_export_holds_exactly_the_rows_the_filtered_list_shows(county, client_for, bureau_user):
    for n in range(3):
        ProjectFactory(name=f"物流{n}", introducing_unit=county.township, category=Category.LOGISTICS)
    ProjectFactory(name="工业项目", introducing_unit=county.township)
    ProjectFactory(name="河口物流", introducing_unit=county.other_township, category=Category.LOGISTICS)
    client = client_for(bureau_user)
    query = {"category": "logistics", "unit": county.township.pk, "sort": "name"}
    listed = [p.name for p in client.get(LIST, query).context["page"]]
    exported = [row["项目名称"] for row in rows(client.get(EXPORT, query))]
    assert exported == listed == ["物流0", "物流1", "物流2"]


def test_amounts_are_exported_in_wan(county, client_for, bureau_user):
    ProjectFactory(introducing_unit=county.township, total_investment=123_456_789)
    (row,) = rows(client_for(bureau_user).get(EXPORT))
    assert row["总投资（万元/万美元）"] == 12345.6789


def test_contacts_are_masked_for_a_reader_who_does_not_work_the_project(county, client_for, leader, bureau_user, project):
    InvestorContact.objects.create(investor=project.investor, name="张伟", title="总经理", phone="13812345678")
    (masked,) = rows(client_for(leader).get(EXPORT))
    assert "138****5678" in masked["客商联系人"] and "张伟" not in masked["客商联系人"]
    (full,) = rows(client_for(bureau_user).get(EXPORT))
    assert "张伟 总经理 13812345678" == full["客商联系人"]


def test_a_reporter_exports_only_their_own_units_projects(county, client_for, reporter, project, other_project):
    assert [row["项目名称"] for row in rows(client_for(reporter).get(EXPORT))] == [project.name]
