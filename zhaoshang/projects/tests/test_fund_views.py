"""The fund workflow through the screens: report, approve, verify, return, the
project's fund section, the list and the bureau's bulk verification."""

from datetime import timedelta

from django.urls import reverse

from zhaoshang.projects.factories import EvidenceFactory, ExchangeRateFactory, FundEntryFactory, pdf_file, with_evidence
from zhaoshang.projects.models import FundEntry, FundStatus


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def report(client, project, **extra):
    data = {
        "date": "2024-05-01",
        "amount_wan": "1200",
        "currency": "CNY",
        "kind": "investment",
        "evidence_kind": "bank_slip",
        "evidence": [pdf_file("进账单.pdf")],
        **extra,
    }
    return client.post(reverse("projects:fund_report", args=[project.pk]), data)


def test_reporter_reports_unit_head_approves_and_bureau_verifies(project, reporter, unit_head, bureau_user, client_for):
    response = report(client_for(reporter), project)
    assert response.status_code == 302
    entry = FundEntry.objects.get(project=project)
    assert (entry.amount, entry.status, entry.evidence.count()) == (12_000_000, FundStatus.REPORTED, 1)

    client_for(unit_head).post(reverse("projects:fund_approve", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == FundStatus.UNIT_APPROVED

    client_for(bureau_user).post(reverse("projects:fund_verify", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == FundStatus.VERIFIED
    assert entry.verified_by == bureau_user


def test_reporter_cannot_verify(project, reporter, client_for):
    entry = FundEntryFactory(project=project, status=FundStatus.UNIT_APPROVED)
    EvidenceFactory(project=project, fund_entry=entry)
    response = client_for(reporter).post(reverse("projects:fund_verify", args=[entry.pk]))
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.status == FundStatus.UNIT_APPROVED


def test_another_townships_reporter_gets_404(project, other_reporter, client_for):
    entry = FundEntryFactory(project=project)
    assert client_for(other_reporter).post(reverse("projects:fund_approve", args=[entry.pk])).status_code == 404
    assert client_for(other_reporter).get(reverse("projects:fund_report", args=[project.pk])).status_code == 404


def test_repeated_verify_is_refused_with_a_message(project, bureau_user, client_for):
    entry = FundEntryFactory(project=project, status=FundStatus.VERIFIED)
    response = client_for(bureau_user).post(reverse("projects:fund_verify", args=[entry.pk]), follow=True)
    assert any("只有单位已审核的到位资金可以核实" in m for m in _messages(response))


def test_verify_without_evidence_is_refused(project, bureau_user, client_for):
    entry = FundEntryFactory(project=project, status=FundStatus.UNIT_APPROVED)
    response = client_for(bureau_user).post(reverse("projects:fund_verify", args=[entry.pk]), follow=True)
    assert any("证明材料" in m for m in _messages(response))
    entry.refresh_from_db()
    assert entry.status == FundStatus.UNIT_APPROVED


def test_a_future_date_and_a_wrong_file_are_refused_in_chinese(project, reporter, client_for, today):
    client = client_for(reporter)
    response = report(client, project, date=(today + timedelta(days=1)).isoformat())
    assert "到位日期不能晚于今天" in response.content.decode()
    response = report(client, project, evidence=[pdf_file("病毒.exe")])
    assert "格式不支持" in response.content.decode()
    assert not FundEntry.objects.exists()


def test_a_negative_amount_is_refused(project, reporter, client_for):
    response = report(client_for(reporter), project, amount_wan="-5")
    assert "到位金额须大于0" in response.content.decode()
    assert not FundEntry.objects.exists()


def test_usd_is_typed_in_wan_dollars_and_stored_in_cents(project, reporter, client_for):
    report(client_for(reporter), project, currency="USD", amount_wan="12.5")
    assert FundEntry.objects.get().amount == 12_500_000  # 12.5万美元 = 125,000 USD = 12,500,000 cents


def test_return_needs_a_reason_and_shows_it(project, bureau_user, client_for):
    entry = FundEntryFactory(project=project, status=FundStatus.UNIT_APPROVED)
    client = client_for(bureau_user)
    response = client.post(reverse("projects:fund_return", args=[entry.pk]), {"reason": ""}, follow=True)
    assert any("退回须填写原因" in m for m in _messages(response))
    client.post(reverse("projects:fund_return", args=[entry.pk]), {"reason": "进账单金额不符"})
    page = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert "退回原因：进账单金额不符" in page


def test_section_shows_verified_and_pending_apart_in_wan(project, reporter, client_for):
    FundEntryFactory(project=project, amount=30_000_000, status=FundStatus.VERIFIED)
    FundEntryFactory(project=project, amount=5_000_000, status=FundStatus.REPORTED)
    FundEntryFactory(project=project, amount=7_000_000, status=FundStatus.RETURNED)
    response = client_for(reporter).get(reverse("projects:project_detail", args=[project.pk]))
    html = response.content.decode()
    verified = html.split('data-testid="funds-verified"')[1].split("</div>\n      </div>")[0]
    pending = html.split('data-testid="funds-pending"')[1].split("</div>\n      </div>")[0]
    assert "3,000.00 万元" in verified
    assert "500.00 万元" in pending
    assert "700.00" not in verified + pending


def test_usd_entries_show_the_cny_equivalent_when_a_rate_exists(project, reporter, client_for, today):
    ExchangeRateFactory(year=today.year, currency="USD", rate="7.000000")
    FundEntryFactory(project=project, amount=10_000_000, currency="USD", status=FundStatus.VERIFIED)
    html = client_for(reporter).get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert "10.00 万美元" in html
    assert "折合 70.00 万元" in html


def test_verified_entries_have_no_edit_button_and_cannot_be_edited(project, reporter, client_for):
    verified = FundEntryFactory(project=project, status=FundStatus.VERIFIED)
    reported = FundEntryFactory(project=project)
    client = client_for(reporter)
    html = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert reverse("projects:fund_edit", args=[reported.pk]) in html
    assert reverse("projects:fund_edit", args=[verified.pk]) not in html
    assert f"corrects={verified.pk}" in html
    response = client.post(
        reverse("projects:fund_edit", args=[verified.pk]),
        {"date": "2024-01-01", "amount_wan": "1", "currency": "CNY", "kind": "other", "evidence_kind": "bank_slip", "version": 1},
        follow=True,
    )
    assert any("已核实的到位资金不能修改" in m for m in _messages(response))
    verified.refresh_from_db()
    assert verified.amount == 1_000_000


def test_a_correction_is_a_new_entry_that_may_be_negative(project, reporter, client_for):
    verified = FundEntryFactory(project=project, status=FundStatus.VERIFIED)
    url = reverse("projects:fund_report", args=[project.pk]) + f"?corrects={verified.pk}"
    client_for(reporter).post(url, {"date": "2024-05-01", "amount_wan": "-20", "currency": "CNY", "kind": "investment", "evidence_kind": "bank_slip"})
    correction = FundEntry.objects.get(corrects=verified)
    assert correction.amount == -200_000


def test_edit_of_a_returned_entry_puts_it_back_to_reported(project, reporter, client_for):
    entry = FundEntryFactory(project=project, status=FundStatus.RETURNED)
    client_for(reporter).post(
        reverse("projects:fund_edit", args=[entry.pk]),
        {"date": "2024-03-01", "amount_wan": "80", "currency": "CNY", "kind": "capital", "evidence_kind": "bank_slip", "version": entry.version},
    )
    entry.refresh_from_db()
    assert (entry.status, entry.amount) == (FundStatus.REPORTED, 800_000)


def test_stale_edit_is_refused(project, reporter, client_for):
    entry = FundEntryFactory(project=project)
    response = client_for(reporter).post(
        reverse("projects:fund_edit", args=[entry.pk]),
        {"date": "2024-03-01", "amount_wan": "80", "currency": "CNY", "kind": "capital", "evidence_kind": "bank_slip", "version": entry.version + 5},
    )
    assert "保存失败" in response.content.decode()


def test_buttons_follow_the_role(project, reporter, unit_head, bureau_user, client_for):
    reported = with_evidence(FundEntryFactory(project=project))
    approved = with_evidence(FundEntryFactory(project=project, status=FundStatus.UNIT_APPROVED))
    url = reverse("projects:project_detail", args=[project.pk])
    approve, verify = reverse("projects:fund_approve", args=[reported.pk]), reverse("projects:fund_verify", args=[approved.pk])
    reporter_page = client_for(reporter).get(url).content.decode()
    head_page = client_for(unit_head).get(url).content.decode()
    bureau_page = client_for(bureau_user).get(url).content.decode()
    assert approve not in reporter_page and verify not in reporter_page
    assert approve in head_page and verify not in head_page
    assert verify in bureau_page


def test_approve_and_verify_buttons_are_hidden_while_evidence_is_missing(project, unit_head, bureau_user, client_for):
    """The buttons ask the rule the actions enforce (access.can_approve_funds /
    can_verify_funds): without a proof neither step is offered."""
    reported = FundEntryFactory(project=project)
    approved = FundEntryFactory(project=project, status=FundStatus.UNIT_APPROVED)
    url = reverse("projects:project_detail", args=[project.pk])
    approve, verify = reverse("projects:fund_approve", args=[reported.pk]), reverse("projects:fund_verify", args=[approved.pk])
    assert approve not in client_for(unit_head).get(url).content.decode()
    assert verify not in client_for(bureau_user).get(url).content.decode()
    with_evidence(reported), with_evidence(approved)
    assert approve in client_for(unit_head).get(url).content.decode()
    assert verify in client_for(bureau_user).get(url).content.decode()


def test_evidence_can_be_added_to_an_unverified_entry(project, reporter, client_for):
    entry = FundEntryFactory(project=project)
    client_for(reporter).post(
        reverse("projects:fund_attach", args=[entry.pk]), {"evidence_kind": "capital_report", "evidence": [pdf_file("验资报告.pdf")]}
    )
    assert entry.evidence.get().original_name == "验资报告.pdf"


# ---------------------------------------------------------------- the list


def test_list_shows_only_visible_entries_and_filters(project, other_project, reporter, client_for, county):
    mine = FundEntryFactory(project=project, kind="capital")
    FundEntryFactory(project=project, kind="loan")
    FundEntryFactory(project=other_project)
    client = client_for(reporter)
    page = client.get(reverse("projects:fund_list")).context["page"]
    assert {e.project for e in page} == {project}
    page = client.get(reverse("projects:fund_list"), {"kind": "capital"}).context["page"]
    assert [e.pk for e in page] == [mine.pk]


def test_unit_filter_includes_the_subtree(project, other_project, bureau_user, client_for, county):
    FundEntryFactory(project=project)
    FundEntryFactory(project=other_project)
    page = client_for(bureau_user).get(reverse("projects:fund_list"), {"unit": county.township.pk}).context["page"]
    assert {e.project for e in page} == {project}
    page = client_for(bureau_user).get(reverse("projects:fund_list"), {"unit": county.root.pk}).context["page"]
    assert {e.project for e in page} == {project, other_project}


def test_export_has_exactly_the_filtered_rows(project, bureau_user, client_for):
    from io import BytesIO

    from openpyxl import load_workbook

    FundEntryFactory(project=project, status=FundStatus.VERIFIED)
    FundEntryFactory(project=project, status=FundStatus.REPORTED)
    FundEntryFactory(project=project, status=FundStatus.REPORTED)
    response = client_for(bureau_user).get(reverse("projects:fund_export"), {"status": "reported"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "项目名称"
    assert len(rows) == 3
    assert {r[6] for r in rows[1:]} == {"已填报"}


def test_list_query_count_does_not_grow_with_rows(project, bureau_user, client_for, django_assert_max_num_queries):
    for _ in range(8):
        FundEntryFactory(project=project)
    client = client_for(bureau_user)
    with django_assert_max_num_queries(12):
        client.get(reverse("projects:fund_list"))


def test_bulk_verify_verifies_all_selected(project, bureau_user, client_for):
    entries = [FundEntryFactory(project=project, status=FundStatus.UNIT_APPROVED) for _ in range(2)]
    for entry in entries:
        EvidenceFactory(project=project, fund_entry=entry)
    client_for(bureau_user).post(reverse("projects:fund_verify_bulk"), {"entries": [e.pk for e in entries]})
    assert set(FundEntry.objects.values_list("status", flat=True)) == {FundStatus.VERIFIED}


def test_bulk_verify_is_all_or_nothing(project, bureau_user, client_for):
    good = FundEntryFactory(project=project, status=FundStatus.UNIT_APPROVED)
    EvidenceFactory(project=project, fund_entry=good)
    without_evidence = FundEntryFactory(project=project, status=FundStatus.UNIT_APPROVED)
    response = client_for(bureau_user).post(reverse("projects:fund_verify_bulk"), {"entries": [good.pk, without_evidence.pk]}, follow=True)
    assert any("本次未核实任何条目" in m for m in _messages(response))
    assert set(FundEntry.objects.values_list("status", flat=True)) == {FundStatus.UNIT_APPROVED}


def test_pending_page_lists_only_unit_approved_entries(project, bureau_user, client_for):
    approved = FundEntryFactory(project=project, status=FundStatus.UNIT_APPROVED)
    FundEntryFactory(project=project, status=FundStatus.REPORTED)
    page = client_for(bureau_user).get(reverse("projects:fund_pending")).context["page"]
    assert [e.pk for e in page] == [approved.pk]


def test_every_workflow_step_returns_to_the_funds_section_of_the_project_page(project, unit_head, client_for):
    entry = FundEntryFactory(project=project)
    # A `next` from the form is no longer followed: the project page is the one place.
    response = client_for(unit_head).post(reverse("projects:fund_approve", args=[entry.pk]), {"next": "https://evil.example/"})
    assert response.url == reverse("projects:project_detail", args=[project.pk]) + "#funds"


def test_the_report_form_returns_to_the_funds_section(project, reporter, client_for):
    response = client_for(reporter).post(
        reverse("projects:fund_report", args=[project.pk]),
        {"date": "2024-05-01", "amount_wan": "100", "currency": "CNY", "kind": "investment", "evidence_kind": "bank_slip"},
    )
    assert response.url == reverse("projects:project_detail", args=[project.pk]) + "#funds"


def test_the_old_stand_alone_funds_page_is_gone(project, reporter, client_for):
    assert client_for(reporter).get(f"/projects/{project.pk}/funds/").status_code == 404
