"""Evidence uploads: PDF/JPG/PNG judged by their bytes, a size limit, stored under
MEDIA_ROOT, and downloadable only by users who may see the project."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import Http404

from zhaoshang.projects import actions
from zhaoshang.projects.access import get_evidence_for_user
from zhaoshang.projects.actions import Upload
from zhaoshang.projects.factories import JPG_BYTES, PDF_BYTES, PNG_BYTES
from zhaoshang.projects.models import Evidence, EvidenceKind


def upload(content: bytes, name: str) -> Upload:
    return Upload(EvidenceKind.OTHER, ContentFile(content, name=name))


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [(PDF_BYTES, "合同.pdf", "application/pdf"), (PNG_BYTES, "照片.PNG", "image/png"), (JPG_BYTES, "现场.jpeg", "image/jpeg")],
)
def test_pdf_png_and_jpg_are_accepted_and_stored_under_media_root(project, reporter, content, name, content_type):
    evidence = actions.do_attach_evidence(project, upload(content, name), reporter)
    assert evidence.content_type == content_type
    assert evidence.original_name == name
    assert evidence.uploaded_by == reporter
    path = evidence.file.path
    assert path.startswith(str(settings.MEDIA_ROOT))
    # A random stored name: the user's file name is never used as a path.
    assert name not in path
    with evidence.file.open("rb") as stored:
        assert stored.read() == content


def test_a_png_named_pdf_is_refused(project, reporter):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_attach_evidence(project, upload(PNG_BYTES, "合同.pdf"), reporter)
    assert excinfo.value.messages == ["证明材料「合同.pdf」的内容与扩展名不符（实际为PNG文件）"]
    assert not Evidence.objects.exists()


def test_an_exe_renamed_to_pdf_is_refused(project, reporter):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_attach_evidence(project, upload(b"MZ\x90\x00\x03" + b"\x00" * 40, "合同.pdf"), reporter)
    assert excinfo.value.messages == ["证明材料「合同.pdf」不是有效的PDF、JPG或PNG文件"]


def test_an_exe_is_refused_by_its_name(project, reporter):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_attach_evidence(project, upload(b"MZ" + b"\x00" * 40, "setup.exe"), reporter)
    assert "只能上传PDF、JPG或PNG文件" in excinfo.value.messages[0]


def test_a_file_over_the_size_limit_is_refused(project, reporter, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as excinfo:
        actions.do_attach_evidence(project, upload(PDF_BYTES + b"\x00" * 1024 * 1024, "大文件.pdf"), reporter)
    assert excinfo.value.messages == ["证明材料「大文件.pdf」超过大小限制（最大1MB）"]


def test_the_default_limit_is_ten_megabytes():
    from zhaoshang.projects.validators import evidence_max_bytes

    assert evidence_max_bytes() == 10 * 1024 * 1024


def test_evidence_is_fetched_only_by_users_who_may_see_the_project(project, reporter, other_reporter, bureau_user, leader, admin_user):
    evidence = actions.do_attach_evidence(project, upload(PDF_BYTES, "合同.pdf"), reporter)
    for user in (reporter, bureau_user, leader, admin_user):
        assert get_evidence_for_user(user, evidence.pk) == evidence
    with pytest.raises(Http404):
        get_evidence_for_user(other_reporter, evidence.pk)


def test_a_read_only_leader_cannot_change_evidence(project, reporter, leader):
    from django.core.exceptions import PermissionDenied

    evidence = actions.do_attach_evidence(project, upload(PDF_BYTES, "合同.pdf"), reporter)
    with pytest.raises(PermissionDenied):
        get_evidence_for_user(leader, evidence.pk, write=True)


def test_media_root_is_outside_the_static_root():
    from zhaoshang import settings as project_settings

    assert not str(project_settings.MEDIA_ROOT).startswith(str(project_settings.STATIC_ROOT))
    assert str(project_settings.MEDIA_ROOT).startswith(str(project_settings.VAR_DIR))
