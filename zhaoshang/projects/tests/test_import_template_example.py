"""The import template's example row imports as it is: whoever downloads the
template can upload it unchanged and see one project (or fund entry) made, with
the example naming the user's own unit and the county's own leaders."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.organisation.models import LeaderBody
from zhaoshang.projects.models import FundEntry, ImportLog, ImportStatus, Project

from .test_imports import confirm, upload


def download_and_import_unchanged(client, kind: str) -> ImportLog:
    template = client.get(reverse("projects:import_template", args=[kind]))
    assert template.status_code == 200
    log = upload(client, kind, SimpleUploadedFile("模板.xlsx", BytesIO(template.content).getvalue()))
    assert log.errors == [] and log.status == ImportStatus.PREVIEWED
    confirm(client, log)
    log.refresh_from_db()
    return log


@pytest.mark.parametrize("with_leader", [True, False])
def test_the_project_template_imports_unchanged(county, reporter, client_for, with_leader):
    if with_leader:
        PersonFactory(name="赵明", post="副县长", unit=county.root, leader_body=LeaderBody.GOVERNMENT)
    log = download_and_import_unchanged(client_for(reporter), "projects")
    assert (log.status, log.created_count) == (ImportStatus.IMPORTED, 1)
    project = Project.objects.get()
    assert project.introducing_unit == county.township
    assert (project.responsible_leader.name if project.responsible_leader else None) == ("赵明" if with_leader else None)


def test_the_fund_template_imports_unchanged_for_a_project_of_ones_own(county, reporter, client_for, project):
    log = download_and_import_unchanged(client_for(reporter), "funds")
    assert (log.status, log.created_count) == (ImportStatus.IMPORTED, 1)
    assert FundEntry.objects.get().project == project
