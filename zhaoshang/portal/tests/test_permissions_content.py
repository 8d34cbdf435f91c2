"""Who may open each URL of the public portal (anyone; only published, fresh and,
for sites, available content) and of the bureau's content screens and the units'
inquiry screens (the routed unit; other units 404)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhaoshang.core import testing
from zhaoshang.core.testing import Case

LOGIN = 302
ANYONE = {"anonymous": 200, "reporter": 200, "bureau_user": 200}
BUREAU = {"anonymous": LOGIN, "reporter": 403, "other_reporter": 403, "unit_head": 403, "leader": 403, "bureau_user": 200, "admin_user": 200}
BUREAU_POST = {**BUREAU, "bureau_user": 302, "admin_user": 302}
LOGGED_IN = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
ROUTED = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 404, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
API_HANDLE = {"anonymous": 401, "reporter": 200, "other_reporter": 404, "unit_head": 200, "leader": 403, "bureau_user": 200, "admin_user": 200}
HANDLE = {"anonymous": LOGIN, "reporter": 302, "other_reporter": 404, "unit_head": 302, "leader": 403, "bureau_user": 302, "admin_user": 302}


def project(w):
    return ["projects", w.project.pk]


def _project_form(w):
    return {
        "name": "锂电池回收项目",
        "chain": "",
        "industry": "资源回收",
        "cooperation": "sole",
        "place": w.township.pk,
        "unit": w.township.pk,
        "contact": "王 123",
        "summary": "回收",
        "owner": w.bureau_owner.pk,
        "is_published": "on",
        "investment_min_wan": "1000",
        "investment_max_wan": "5000",
    }


def _inquiry(w):
    return {
        "company": "远方电池有限公司",
        "intent": "投资电池回收",
        "industry": "资源回收",
        "band": "medium",
        "contact_name": "赵先生",
        "phone": "13900000000",
        "consent": "on",
    }


CASES = [
    Case("portal:project_list", ANYONE),
    Case("portal:project_detail", ANYONE, args=lambda w: [w.project.pk]),
    Case("portal:project_detail", {"anonymous": 404, "bureau_user": 404}, args=lambda w: [w.stale_project.pk]),
    Case("portal:policy_list", ANYONE),
    Case("portal:policy_check", ANYONE, query={"industry": "电池"}),
    Case("portal:policy_detail", ANYONE, args=lambda w: [w.policy.pk]),
    Case("portal:site_list", ANYONE),
    Case("portal:site_detail", ANYONE, args=lambda w: [w.site.pk]),
    Case("portal:site_detail", {"anonymous": 404}, args=lambda w: [w.taken_site.pk]),
    Case("portal:inquiry_create", ANYONE),
    Case("portal:inquiry_create", {"anonymous": 302, "reporter": 302}, method="post", data=_inquiry),
    Case("portal:inquiry_status", ANYONE, args=lambda w: [w.inquiry.token]),
    Case("portal:inquiry_status", {"anonymous": 404}, args=lambda w: ["not-a-token"]),
    Case("portal:open_data_index", ANYONE),
    Case("portal:open_data", ANYONE, args=lambda w: ["sites", "json"]),
    Case("portal:open_data", ANYONE, args=lambda w: ["projects", "csv"]),
    Case("portal:open_data", {"anonymous": 404}, args=lambda w: ["accounts", "json"]),
    Case("portal_admin:content_list", BUREAU, args=lambda w: ["projects"]),
    Case("portal_admin:content_list", {"bureau_user": 404}, args=lambda w: ["accounts"]),
    Case("portal_admin:content_export", BUREAU, args=lambda w: ["sites"]),
    Case("portal_admin:content_create", BUREAU, args=lambda w: ["policies"]),
    Case("portal_admin:content_create", BUREAU_POST, args=lambda w: ["projects"], method="post", data=_project_form),
    Case("portal_admin:site_import", BUREAU),
    Case("portal_admin:site_import", {**BUREAU, "bureau_user": 422, "admin_user": 422}, method="post", data=lambda w: {"confirm": "1"}),
    Case("portal_admin:site_import_template", BUREAU),
    Case("portal_admin:content_detail", BUREAU, args=project),
    Case("portal_admin:content_detail", {"bureau_user": 404}, args=lambda w: ["projects", w.foreign_project.pk]),
    Case("portal_admin:content_edit", BUREAU, args=project),
    Case(
        "portal_admin:content_edit",
        BUREAU_POST,
        args=project,
        method="post",
        data=lambda w: {**_project_form(w), "version": w.project.version},
    ),
    Case("portal_admin:content_confirm", {"anonymous": LOGIN, "bureau_user": 405}, args=project),
    Case("portal_admin:content_confirm", BUREAU_POST, args=project, method="post"),
    Case("portal_admin:inquiry_list", LOGGED_IN),
    Case("portal_admin:inquiry_export", LOGGED_IN),
    Case("portal_admin:inquiry_funnel", LOGGED_IN),
    Case("portal_admin:inquiry_detail", ROUTED, args=lambda w: [w.inquiry.pk]),
    Case(
        "portal_admin:inquiry_accept",
        HANDLE,
        args=lambda w: [w.inquiry.pk],
        method="post",
        data=lambda w: {"name": "远方电池回收项目", "category": "industry", "investor_kind": "private"},
    ),
    Case("portal_admin:inquiry_accept", {"bureau_user": 405}, args=lambda w: [w.inquiry.pk]),
    Case("portal_admin:inquiry_reject", HANDLE, args=lambda w: [w.inquiry.pk], method="post", data=lambda w: {"reason": "空号"}),
    Case("api:inquiry_list", {**LOGGED_IN, "anonymous": 401}),
    Case("api:inquiry_detail", {**ROUTED, "anonymous": 401}, args=lambda w: [w.inquiry.pk]),
    Case(
        "api:inquiry_accept",
        {**API_HANDLE, "reporter": 201, "unit_head": 201, "bureau_user": 201, "admin_user": 201},
        args=lambda w: [w.inquiry.pk],
        method="post",
        data=lambda w: {"name": "远方电池回收项目"},
    ),
    Case("api:inquiry_reject", API_HANDLE, args=lambda w: [w.inquiry.pk], method="post", data=lambda w: {"reason": "空号"}),
]


@pytest.fixture
def world(county, bureau_user):
    from zhaoshang.organisation.factories import UnitFactory
    from zhaoshang.portal import factories

    w = county
    w.bureau_owner = bureau_user
    own = {"jurisdiction": w.root, "owner": bureau_user}
    w.project = factories.PromotedProjectFactory(**own, place=w.township)
    w.stale_project = factories.PromotedProjectFactory(**own, place=w.township, updated_at=timezone.now() - timedelta(days=91))
    w.policy = factories.BenefitPolicyFactory(**own)
    w.site = factories.SiteFactory(**own, place=w.township)
    w.taken_site = factories.SiteFactory(**own, place=w.township, is_available=False)
    elsewhere = UnitFactory(name="邻县")
    w.foreign_project = factories.PromotedProjectFactory(jurisdiction=elsewhere, owner=bureau_user, place=w.township)
    w.inquiry = factories.InquiryFactory(unit=w.township)
    return w


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
