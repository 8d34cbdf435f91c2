"""Evidence files are streamed only to users who may see the project."""

from pathlib import Path

from django.conf import settings
from django.urls import reverse

from zhaoshang.projects.factories import PDF_BYTES, EvidenceFactory, FundEntryFactory


def test_own_unit_downloads_the_file_under_its_original_name(project, reporter, client_for):
    evidence = EvidenceFactory(project=project, fund_entry=FundEntryFactory(project=project), original_name="工行进账单.pdf")
    response = client_for(reporter).get(reverse("projects:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "%E5%B7%A5%E8%A1%8C%E8%BF%9B%E8%B4%A6%E5%8D%95.pdf" in disposition  # 工行进账单.pdf, RFC 5987


def test_other_township_gets_404(project, other_reporter, client_for):
    evidence = EvidenceFactory(project=project)
    assert client_for(other_reporter).get(reverse("projects:evidence_download", args=[evidence.pk])).status_code == 404


def test_anonymous_is_sent_to_login(project, client_for):
    evidence = EvidenceFactory(project=project)
    response = client_for(None).get(reverse("projects:evidence_download", args=[evidence.pk]))
    assert response.status_code == 302
    assert "/login/" in response.url


def test_files_live_under_media_root_with_random_names_not_under_static(project):
    evidence = EvidenceFactory(project=project, original_name="进账单.pdf")
    path = Path(evidence.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.STATIC_ROOT))
    assert "进账单" not in path.name


def test_a_missing_file_gives_404_not_an_error(project, reporter, client_for):
    evidence = EvidenceFactory(project=project)
    Path(evidence.file.path).unlink()
    assert client_for(reporter).get(reverse("projects:evidence_download", args=[evidence.pk])).status_code == 404
