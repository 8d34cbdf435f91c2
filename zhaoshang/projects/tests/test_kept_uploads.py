"""Attachments survive a failed submit: the file chosen with a form that failed on
another field is kept and offered again, and a second submit without choosing it
again files it (core/uploads.py)."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zhaoshang.core.models import KeptUpload
from zhaoshang.projects import actions
from zhaoshang.projects.factories import PDF_BYTES
from zhaoshang.projects.models import Evidence, FundEntry, Stage


@pytest.fixture
def negotiating(project, reporter, days_ago):
    actions.do_record_stage(project, Stage.NEGOTIATING, days_ago(30), reporter)
    return project


def kept_token(html: str, name: str) -> str:
    return re.search(rf'name="{name}__kept" value="([0-9a-f-]+)"', html).group(1)


def test_a_signing_refused_for_its_amount_keeps_the_contract_and_files_it_next_time(client_for, reporter, negotiating, today):
    client = client_for(reporter)
    url = reverse("projects:project_stage", args=[negotiating.pk])
    data = {"stage": "signed", "date": today.isoformat(), "note": ""}
    response = client.post(url, {**data, "contract_file": SimpleUploadedFile("正式合同.pdf", PDF_BYTES)})
    html = response.content.decode()
    assert response.status_code == 200 and "签约须填写合同金额" in html
    assert "已保留上次选择的「正式合同.pdf」，无需重新选择" in html
    token = kept_token(html, "contract_file")

    response = client.post(url, {**data, "contract_amount_wan": "5000", "contract_file__kept": token})
    assert response.status_code == 302
    evidence = Evidence.objects.get(project=negotiating)
    assert evidence.original_name == "正式合同.pdf" and evidence.file.read() == PDF_BYTES


def test_a_fund_report_keeps_several_files_across_a_failed_submit(client_for, reporter, project, today):
    client = client_for(reporter)
    url = reverse("projects:fund_report", args=[project.pk])
    data = {"date": today.isoformat(), "currency": "CNY", "kind": "investment", "evidence_kind": "bank_slip"}
    files = [SimpleUploadedFile("进账单一.pdf", PDF_BYTES), SimpleUploadedFile("进账单二.pdf", PDF_BYTES)]
    html = client.post(url, {**data, "evidence": files}).content.decode()
    assert "「进账单一.pdf」、「进账单二.pdf」" in html
    tokens = re.search(r'name="evidence__kept" value="([0-9a-f,-]+)"', html).group(1)

    assert client.post(url, {**data, "amount_wan": "100", "evidence__kept": tokens}).status_code == 302
    entry = FundEntry.objects.get()
    assert sorted(entry.evidence.values_list("original_name", flat=True)) == ["进账单一.pdf", "进账单二.pdf"]


def test_a_refused_file_is_not_kept(client_for, reporter, negotiating, today):
    url = reverse("projects:project_stage", args=[negotiating.pk])
    html = (
        client_for(reporter)
        .post(url, {"stage": "signed", "date": today.isoformat(), "contract_file": SimpleUploadedFile("合同.exe", b"MZ")})
        .content.decode()
    )
    assert "contract_file__kept" not in html and not KeptUpload.objects.exists()


def test_an_unknown_or_stale_token_gives_nothing(client_for, reporter, negotiating, today):
    stale = KeptUpload.objects.create(original_name="旧合同.pdf", file=SimpleUploadedFile("旧合同.pdf", PDF_BYTES))
    KeptUpload.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=2))
    url = reverse("projects:project_stage", args=[negotiating.pk])
    data = {"stage": "signed", "date": today.isoformat(), "contract_amount_wan": "10"}
    for token in (str(stale.token), "00000000-0000-0000-0000-000000000000", "不是令牌"):
        html = client_for(reporter).post(url, {**data, "contract_file__kept": token}).content.decode()
        assert "签约须上传正式合同" in html
    assert not Evidence.objects.exists()
