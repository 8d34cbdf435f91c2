"""The case screens: the list filters, sorts, pages and exports what the user may
see in a fixed number of queries; the page acts, answers 409 on a stale version."""

import io

import openpyxl
from django.urls import reverse

from zhaoshang.cases import actions
from zhaoshang.cases.models import CaseStatus, CaseType


def test_the_list_shows_own_cases_filtered_and_exports_them(client_for, receive, reporter, other_reporter, county):
    receive(title="用电报装", case_type=CaseType.HELP)
    receive(title="政策咨询", case_type=CaseType.CONSULT)
    page = client_for(reporter).get(reverse("cases:case_list"), {"case_type": "help"}).content.decode()
    assert "用电报装" in page and "政策咨询" not in page
    assert "用电报装" not in client_for(other_reporter).get(reverse("cases:case_list")).content.decode()
    export = client_for(reporter).get(reverse("cases:case_export"), {"q": "咨询"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["政策咨询"]


def test_the_list_takes_the_same_queries_for_many_cases(client_for, receive, bureau_user, django_assert_max_num_queries):
    for n in range(12):
        receive(title=f"诉求{n}")
    client = client_for(bureau_user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("cases:case_list")).status_code == 200


def test_a_stale_accept_answers_409_and_says_who_changed_it(client_for, receive, reporter, unit_head):
    case = receive()
    stale = case.version
    # The unit head refused it back and forth since the reporter opened the page: here,
    # a second accept from the page already accepted is the stale one.
    actions.do_accept_case(case, unit_head)
    response = client_for(reporter).post(reverse("cases:case_accept", args=[case.pk]), {"version": stale})
    assert response.status_code == 409
    assert "已被" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.HANDLING and case.handler == unit_head


def test_a_note_added_with_htmx_comes_back_as_the_thread(client_for, receive, reporter):
    case = receive()
    response = client_for(reporter).post(reverse("cases:case_note", args=[case.pk]), {"text": "已电话联系企业"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "已电话联系企业" in response.content.decode()
    assert "<html" not in response.content.decode()
