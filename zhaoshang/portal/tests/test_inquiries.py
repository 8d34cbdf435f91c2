"""Online inquiries (docs/domain.md §11): submitted by anyone, refused unwritten when
abusive, matched against the 客商库 and open leads, routed, timed, and accepted
into a lead of the routed unit."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from zhaoshang.chains.factories import make_chain
from zhaoshang.portal import actions
from zhaoshang.portal.factories import InquiryFactory, PromotedProjectFactory
from zhaoshang.portal.models import Inquiry, InquiryStatus, MatchLevel
from zhaoshang.projects.factories import InvestorFactory, ProjectFactory
from zhaoshang.projects.models import Investor, Project, Stage
from zhaoshang.timelimits.models import Clock, PolicyKind
from zhaoshang.todo import registry

FORM = {
    "company": "远方电池有限公司",
    "intent": "投资建设电池回收线",
    "industry": "资源回收",
    "band": "medium",
    "contact_name": "赵先生",
    "phone": "13900000000",
    "consent": "on",
}


def _data(**changes):
    data = {
        "company": "远方电池有限公司",
        "intent": "投资",
        "industry": "资源回收",
        "band": "medium",
        "contact_name": "赵先生",
        "phone": "139",
        "consent": True,
    }
    return {**data, **changes}


def _post(client, data=None, **extra):
    return client.post(reverse("portal:inquiry_create"), data or FORM, **extra)


def test_an_inquiry_is_written_and_the_inquirer_is_sent_to_a_private_status_link(county, client):
    response = _post(client)
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("portal:inquiry_status", args=[inquiry.token])
    assert len(inquiry.token) >= 32
    page = client.get(response["Location"]).content.decode()
    assert "远方电池有限公司" in page and "1个工作日内与您联系" in page


def test_a_filled_honeypot_is_refused_without_writing(county, client):
    response = _post(client, {**FORM, "website": "http://spam.example"})
    assert response.status_code == 400
    assert not Inquiry.objects.exists() and not Clock.objects.exists()


def test_the_rate_limit_per_address_refuses_without_writing(county, client, settings):
    settings.PORTAL_INQUIRIES_PER_ADDRESS = 2
    assert [_post(client).status_code for _ in range(2)] == [302, 302]
    response = _post(client)
    assert response.status_code == 429 and "上限" in response.content.decode()
    assert Inquiry.objects.count() == 2
    # Another address still gets through.
    assert _post(client, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_daily_limit_counts_every_address(county, client, settings):
    settings.PORTAL_INQUIRIES_PER_DAY = 2
    assert _post(client, REMOTE_ADDR="10.0.0.1").status_code == 302
    assert _post(client, REMOTE_ADDR="10.0.0.2").status_code == 302
    assert _post(client, REMOTE_ADDR="10.0.0.3").status_code == 429
    assert Inquiry.objects.count() == 2


def test_an_oversized_request_is_refused_without_writing(county, client, settings):
    response = _post(client, {**FORM, "intent": "电" * 20_000})
    assert response.status_code == 413
    assert not Inquiry.objects.exists()


def test_an_overlong_field_is_refused_without_writing(county, client, settings):
    settings.PORTAL_INQUIRY_MAX_BYTES = 1_000_000
    response = _post(client, {**FORM, "intent": "电" * 1001})
    assert response.status_code == 200 and not Inquiry.objects.exists()


def test_an_inquiry_without_consent_is_not_written(county, client):
    response = _post(client, {k: v for k, v in FORM.items() if k != "consent"})
    assert response.status_code == 200 and not Inquiry.objects.exists()


def test_routing_prefers_the_promoted_project_then_the_chain_then_the_place_then_the_bureau(county, bureau_user):
    chain = make_chain(county.root, "新能源电池", lead_unit=county.department)
    promoted = PromotedProjectFactory(jurisdiction=county.root, owner=bureau_user, place=county.township, unit=county.township, chain=chain.root)
    assert actions.do_submit_inquiry(_data(promoted_project=promoted, place=county.other_township)).unit == county.township
    assert actions.do_submit_inquiry(_data(chain=chain, place=county.other_township)).unit == county.department
    assert actions.do_submit_inquiry(_data(place=county.other_township)).unit == county.other_township
    assert actions.do_submit_inquiry(_data()).unit == county.bureau


def test_the_first_contact_is_due_within_one_working_day(county):
    friday = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    inquiry = actions.do_submit_inquiry(_data(place=county.township), now=friday)
    clock = Clock.objects.for_subject(inquiry).get()
    assert clock.kind == PolicyKind.FIRST_CONTACT and clock.unit == county.township
    # One working day after a Friday: the end of Monday.
    assert timezone.localtime(clock.due_at).date() == datetime(2026, 11, 30).date()


def test_an_inquiry_from_a_known_company_is_matched_against_the_investor_and_its_open_leads(county):
    investor = InvestorFactory(name="远方电池有限公司")
    assert actions.do_submit_inquiry(_data()).match_level == MatchLevel.INVESTOR
    lead = ProjectFactory(investor=investor, introducing_unit=county.other_township, name="远方电池资源回收项目", stage=Stage.LEAD)
    inquiry = actions.do_submit_inquiry(_data())
    assert (inquiry.match_level, inquiry.matched_investor, inquiry.matched_project) == (MatchLevel.DUPLICATE, investor, lead)
    assert actions.do_submit_inquiry(_data(company="另一家公司")).match_level == MatchLevel.NONE


def test_the_routed_unit_sees_the_inquiry_in_its_to_do_and_another_unit_does_not(county, reporter, other_reporter):
    inquiry = actions.do_submit_inquiry(_data(place=county.township))
    today = timezone.localdate()

    def items(user):
        return [item.record for section in registry.sections(user, today) if section.source.key == "portal_inquiries" for item in section.items]

    assert items(reporter) == [inquiry]
    assert items(other_reporter) == []


def test_accepting_creates_an_investor_and_a_lead_that_names_its_origin(county, reporter):
    chain = make_chain(county.root, "新能源电池", lead_unit=county.township)
    inquiry = actions.do_submit_inquiry(_data(place=county.township, chain=chain, source="展会二维码"))
    project = actions.do_accept_inquiry(inquiry, {"name": "远方电池回收项目", "category": "industry"}, reporter)
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ACCEPTED and inquiry.project == project
    assert (project.stage, project.introducing_unit, project.landing_unit) == (Stage.LEAD, county.township, county.township)
    assert [a.link for a in project.chain_attachments.all()] == [chain.root]
    assert project.investor == Investor.objects.get(name="远方电池有限公司")
    assert "线上投资意向（展会二维码" in project.events.get().note
    assert Clock.objects.for_subject(inquiry).get().closed_at is not None
    with pytest.raises(ValidationError):
        actions.do_accept_inquiry(inquiry, {}, reporter)


def test_accepting_links_the_investor_already_in_the_register(county, reporter):
    investor = InvestorFactory(name="远方电池有限公司")
    inquiry = actions.do_submit_inquiry(_data(place=county.township))
    project = actions.do_accept_inquiry(inquiry, {}, reporter)
    assert project.investor == investor and Investor.objects.count() == 1


def test_marking_invalid_needs_a_reason_and_shows_on_the_status_page(county, reporter, client):
    inquiry = actions.do_submit_inquiry(_data(place=county.township))
    with pytest.raises(ValidationError):
        actions.do_reject_inquiry(inquiry, " ", reporter)
    actions.do_reject_inquiry(inquiry, "联系电话为空号", reporter)
    page = client.get(reverse("portal:inquiry_status", args=[inquiry.token])).content.decode()
    assert "未受理：联系电话为空号" in page
    assert not Project.objects.exists()


def test_the_accept_screen_leads_to_the_new_project(county, reporter, client_for):
    inquiry = InquiryFactory(unit=county.township)
    response = client_for(reporter).post(
        reverse("portal_admin:inquiry_accept", args=[inquiry.pk]), {"name": "远方项目", "category": "industry", "investor_kind": "private"}
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("projects:project_detail", args=[project.pk])


def test_the_inquiry_list_is_scoped_and_its_query_count_is_pinned(county, reporter, client_for, django_assert_max_num_queries):
    for _ in range(5):
        InquiryFactory(unit=county.township)
    InquiryFactory(unit=county.other_township, company="别处公司")
    client = client_for(reporter)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("portal_admin:inquiry_list")).content.decode()
    assert "别处公司" not in page and page.count("示例新材料有限公司") == 5


def test_the_inquiry_export_is_an_excel_file(county, bureau_user, client_for):
    InquiryFactory(unit=county.township)
    response = client_for(bureau_user).get(reverse("portal_admin:inquiry_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_old_inquiries_are_listed_oldest_first_on_request(county, bureau_user, client_for):
    InquiryFactory(unit=county.township, company="早公司", created_at=timezone.now() - timedelta(days=3))
    InquiryFactory(unit=county.township, company="晚公司")
    page = client_for(bureau_user).get(reverse("portal_admin:inquiry_list"), {"sort": "oldest"}).content.decode()
    assert page.index("早公司") < page.index("晚公司")


def test_the_api_accepts_an_inquiry_into_a_lead_like_the_screen(county, reporter, client_for):
    inquiry = actions.do_submit_inquiry(_data(place=county.township))
    client = client_for(reporter)
    listed = client.get(reverse("api:inquiry_list"), {"status": "new"}).json()
    assert [row["id"] for row in listed["items"]] == [inquiry.pk]
    response = client.post(reverse("api:inquiry_accept", args=[inquiry.pk]), {"category": "industry"}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["inquiry"]["status"] == "accepted" and Project.objects.get().pk == body["project_id"]
    again = client.post(reverse("api:inquiry_reject", args=[inquiry.pk]), {"reason": "x"}, content_type="application/json")
    assert again.status_code == 422


def test_the_bureau_to_do_holds_only_inquiries_routed_to_the_bureau(county, bureau_user):
    actions.do_submit_inquiry(_data(place=county.township))
    to_bureau = actions.do_submit_inquiry(_data())
    today = timezone.localdate()
    [section] = [s for s in registry.sections(bureau_user, today) if s.source.key == "portal_inquiries"]
    assert [item.record for item in section.items] == [to_bureau]
