"""客商库 screens: list filters and export with masked contacts, the page with the
projects the user may see, create and edit with USCC errors in Chinese."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from zhaoshang.projects.factories import InvestorFactory, make_uscc
from zhaoshang.projects.models import Investor, InvestorContact, InvestorKind

LIST, EXPORT, CREATE = (reverse(f"projects:investor_{n}") for n in ("list", "export", "create"))


def names(response) -> set[str]:
    return {i.name for i in response.context["page"]}


def test_the_list_filters_by_name_kind_and_region(client_for, reporter, investor):
    InvestorFactory(name="香港联华贸易", kind=InvestorKind.HMT, region="香港")
    client = client_for(reporter)
    assert names(client.get(LIST, {"q": "新能"})) == {"深圳新能科技有限公司"}
    assert names(client.get(LIST, {"kind": "hmt"})) == {"香港联华贸易"}
    assert names(client.get(LIST, {"region": "香港"})) == {"香港联华贸易"}
    assert names(client.get(LIST, {"q": investor.uscc})) == {investor.name}


def export_rows(response) -> list[dict]:
    values = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def test_the_export_masks_contacts_unless_the_user_works_one_of_its_projects(client_for, reporter, other_reporter, investor, project):
    InvestorContact.objects.create(investor=investor, name="张伟", phone="13812345678", email="zhang@xn.com")
    (own,) = export_rows(client_for(reporter).get(EXPORT, {"q": "新能"}))
    assert own["联系人"] == "张伟 13812345678 zhang@xn.com"
    (masked,) = export_rows(client_for(other_reporter).get(EXPORT, {"q": "新能"}))
    assert masked["联系人"] == "张* 138****5678 z***@xn.com"


def test_the_export_holds_exactly_the_filtered_rows(client_for, bureau_user, investor):
    InvestorFactory(name="香港联华贸易", kind=InvestorKind.HMT)
    assert [r["客商名称"] for r in export_rows(client_for(bureau_user).get(EXPORT, {"kind": "hmt"}))] == ["香港联华贸易"]


def test_the_page_masks_contacts_and_lists_only_visible_projects(client_for, other_reporter, investor, project):
    InvestorContact.objects.create(investor=investor, name="张伟", phone="13812345678")
    response = client_for(other_reporter).get(reverse("projects:investor_detail", args=[investor.pk]))
    body = response.content.decode()
    assert "138****5678" in body and "13812345678" not in body
    assert project.name not in body
    assert not response.context["can_edit"]


def test_the_page_shows_contacts_and_projects_to_the_unit_that_works_them(client_for, reporter, investor, project):
    InvestorContact.objects.create(investor=investor, name="张伟", phone="13812345678")
    body = client_for(reporter).get(reverse("projects:investor_detail", args=[investor.pk])).content.decode()
    assert "13812345678" in body and project.name in body


def test_an_invalid_uscc_is_refused_in_chinese(client_for, reporter):
    response = client_for(reporter).post(CREATE, {"name": "某公司", "uscc": "913501000000000001", "kind": "private"})
    assert "统一社会信用代码无效：应为18位，且校验位须符合GB 32100-2015" in response.content.decode()
    assert not Investor.objects.exists()


def test_a_uscc_already_in_the_library_is_refused_in_chinese(client_for, reporter, investor):
    response = client_for(reporter).post(CREATE, {"name": "另一家", "uscc": investor.uscc.lower(), "kind": "private"})
    assert "该统一社会信用代码已登记在客商库中" in response.content.decode()
    assert Investor.objects.count() == 1


def test_a_foreign_investor_is_created_without_a_uscc(client_for, reporter):
    data = {"name": "Siemens AG", "uscc": "", "foreign_registration": "HRB 6684", "kind": "foreign", "is_fortune500": "on"}
    response = client_for(reporter).post(CREATE, data)
    investor = Investor.objects.get()
    assert response.url == reverse("projects:investor_detail", args=[investor.pk])
    assert investor.is_fortune500 and investor.foreign_registration == "HRB 6684"


def test_an_edit_is_saved_and_recorded_in_history(client_for, reporter, investor, project):
    url = reverse("projects:investor_edit", args=[investor.pk])
    data = {"name": investor.name, "uscc": make_uscc(999), "kind": "state", "region": "上海", "version": investor.version}
    client_for(reporter).post(url, data)
    investor.refresh_from_db()
    assert investor.kind == "state" and investor.history.first().history_user.username == "reporter"
