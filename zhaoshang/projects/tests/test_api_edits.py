"""PATCH /funds/{id}, PATCH /investors/{id} and the investor's contacts through the
API: version checks (409), locked verified entries, masking, history with the user."""

import pytest
from django.urls import reverse

from zhaoshang.projects import actions
from zhaoshang.projects.factories import FundEntryFactory, InvestorFactory, make_uscc
from zhaoshang.projects.models import FundEntry, FundStatus, Investor, InvestorContact


def patch(client, name, pk, body):
    return client.patch(reverse(name, args=[pk]), body, content_type="application/json")


# ---------------------------------------------------------------- fund entries


def test_reporter_corrects_a_reported_entry_and_the_version_moves_on(project, client_for, reporter):
    entry = FundEntryFactory(project=project, amount=1_000_000)

    response = patch(client_for(reporter), "api:fund_update", entry.pk, {"version": entry.version, "amount": 1_200_000, "note": "按进账单更正"})

    assert response.status_code == 200, response.json()
    assert (response.json()["amount"], response.json()["note"], response.json()["version"]) == (1_200_000, "按进账单更正", entry.version + 1)
    entry.refresh_from_db()
    assert entry.history.first().history_user == reporter


def test_a_returned_entry_goes_back_to_reported_when_edited(project, client_for, reporter, unit_head):
    entry = actions.do_return_funds(FundEntryFactory(project=project), "金额与进账单不符", unit_head)

    response = patch(client_for(reporter), "api:fund_update", entry.pk, {"version": entry.version, "amount": 900_000})

    assert response.json()["status"] == "reported"


def test_a_stale_version_is_refused_with_409_and_nothing_is_overwritten(project, client_for, reporter, unit_head):
    entry = FundEntryFactory(project=project, amount=1_000_000)
    actions.do_update_fund_entry(FundEntry.objects.get(pk=entry.pk), {"amount": 1_100_000}, entry.version, unit_head)

    response = patch(client_for(reporter), "api:fund_update", entry.pk, {"version": entry.version, "amount": 2_000_000})

    assert response.status_code == 409
    assert "金额" in response.json()["changed_fields"]
    assert response.json()["detail"].startswith(f"保存失败：该笔到位资金已被{unit_head.get_full_name() or unit_head.username}于")
    assert FundEntry.objects.get(pk=entry.pk).amount == 1_100_000


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (FundStatus.VERIFIED, "已核实的到位资金不能修改，如有差错请另行填报更正条目"),
        (FundStatus.UNIT_APPROVED, "单位已审核的到位资金不能修改，请先由审核人退回"),
    ],
)
def test_an_entry_under_review_or_verified_is_locked(status, message, project, client_for, bureau_user):
    entry = FundEntryFactory(project=project, amount=1_000_000, status=status)
    history = entry.history.count()

    response = patch(client_for(bureau_user), "api:fund_update", entry.pk, {"version": entry.version, "amount": 1})

    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "status", "message": message}]}
    assert (FundEntry.objects.get(pk=entry.pk).amount, entry.history.count()) == (1_000_000, history)


def test_a_negative_or_fractional_amount_is_a_field_error(project, client_for, reporter):
    entry = FundEntryFactory(project=project)
    client = client_for(reporter)

    negative = patch(client, "api:fund_update", entry.pk, {"version": entry.version, "amount": -5})
    fractional = patch(client, "api:fund_update", entry.pk, {"version": entry.version, "amount": 1.5})
    no_version = patch(client, "api:fund_update", entry.pk, {"amount": 5})

    assert negative.json() == {"detail": [{"field": "amount", "message": "到位金额须大于0"}]}
    assert fractional.json() == {"detail": [{"field": "amount", "message": "「amount」须为整数"}]}
    assert no_version.json() == {"detail": [{"field": "version", "message": "「version」为必填项"}]}
    assert FundEntry.objects.get(pk=entry.pk).version == entry.version


# ---------------------------------------------------------------- investors and contacts


def test_reporter_working_the_investors_project_edits_it(project, investor, client_for, reporter):
    response = patch(client_for(reporter), "api:investor_update", investor.pk, {"version": investor.version, "region": "深圳", "is_fortune500": True})

    assert response.status_code == 200, response.json()
    assert (response.json()["region"], response.json()["is_fortune500"], response.json()["name"]) == ("深圳", True, investor.name)
    investor.refresh_from_db()
    assert investor.history.first().history_user == reporter


def test_an_invalid_uscc_is_refused_naming_the_field(project, investor, client_for, reporter):
    before = investor.uscc

    response = patch(client_for(reporter), "api:investor_update", investor.pk, {"version": investor.version, "uscc": "91440300MA5F000000"})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["uscc"]
    assert Investor.objects.get(pk=investor.pk).uscc == before


def test_another_companys_uscc_is_refused(project, investor, client_for, reporter):
    other = InvestorFactory(uscc=make_uscc(900))

    response = patch(client_for(reporter), "api:investor_update", investor.pk, {"version": investor.version, "uscc": other.uscc})

    assert response.status_code == 422
    assert "该统一社会信用代码已登记在客商库中" in [e["message"] for e in response.json()["detail"]]


def test_another_unit_reads_the_investor_but_may_not_edit_it(project, investor, client_for, other_reporter):
    response = patch(client_for(other_reporter), "api:investor_update", investor.pk, {"version": investor.version, "region": "上海"})

    assert response.status_code == 403
    assert Investor.objects.get(pk=investor.pk).region == investor.region


def test_contacts_are_masked_for_those_who_do_not_work_the_investors_projects(
    project, investor, client_for, reporter, other_reporter, leader, bureau_user
):
    InvestorContact.objects.create(investor=investor, name="张伟", title="总经理", phone="13812345678", email="zhang@example.com")
    url = reverse("api:investor_contacts", args=[investor.pk])

    def contacts(user):
        return [(c["name"], c["phone"], c["email"]) for c in client_for(user).get(url).json()]

    clear = [("张伟", "13812345678", "zhang@example.com")]
    masked = [("张*", "138****5678", "z***@example.com")]
    assert contacts(reporter) == contacts(bureau_user) == clear
    assert contacts(other_reporter) == contacts(leader) == masked
    # The investor page's contacts are masked the same way.
    detail = client_for(other_reporter).get(reverse("api:investor_detail", args=[investor.pk])).json()
    assert [(c["name"], c["phone"]) for c in detail["contacts"]] == [("张*", "138****5678")]


def test_adding_a_contact_records_who_added_it(project, investor, client_for, reporter):
    response = client_for(reporter).post(
        reverse("api:investor_contact_create", args=[investor.pk]),
        {"name": "李娜", "title": "财务总监", "phone": "13900001111"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert (response.json()["name"], response.json()["phone"]) == ("李娜", "13900001111")
    contact = InvestorContact.objects.get(pk=response.json()["id"])
    assert contact.history.first().history_user == reporter


def test_a_bad_contact_is_refused_and_not_added(project, investor, client_for, reporter):
    response = client_for(reporter).post(
        reverse("api:investor_contact_create", args=[investor.pk]), {"name": "", "email": "not-an-email"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"name", "email"}
    assert not InvestorContact.objects.exists()
