"""Portal content: what the public sees (published, fresh, available), the filters,
the policy check, open data, and the owner's to-do for stale content."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zhaoshang.chains.factories import make_chain
from zhaoshang.portal import actions
from zhaoshang.portal.factories import BenefitPolicyFactory, PromotedProjectFactory, SiteFactory
from zhaoshang.portal.models import BenefitPolicy, CompanySize, PromotedProject, Site
from zhaoshang.portal.selectors import fitting_policies
from zhaoshang.todo import registry


@pytest.fixture
def own(county, bureau_user):
    return {"jurisdiction": county.root, "owner": bureau_user}


def _names(response) -> str:
    return response.content.decode()


def test_every_public_page_names_the_county_and_its_contact(county, client, settings):
    settings.PORTAL_COUNTY_NAME, settings.PORTAL_CONTACT = "桃源县", "县招商局 0736-1234567"
    for name in ("portal:index", "portal:project_list", "portal:policy_list", "portal:site_list", "portal:inquiry_create", "portal:progress"):
        page = _names(client.get(reverse(name)))
        assert "桃源县" in page and "0736-1234567" in page, name


def test_content_not_updated_for_90_days_is_hidden_and_becomes_its_owners_to_do(county, own, bureau_user, client):
    old = timezone.now() - timedelta(days=90)
    stale = PromotedProjectFactory(**own, place=county.township, name="久未更新的项目", updated_at=old)
    PromotedProjectFactory(**own, place=county.township, name="新近更新的项目", updated_at=old + timedelta(days=1))
    page = _names(client.get(reverse("portal:project_list")))
    assert "久未更新的项目" not in page and "新近更新的项目" in page

    today = timezone.localdate()
    [section] = [s for s in registry.sections(bureau_user, today) if s.source.key == "portal_stale_projects"]
    assert [item.record for item in section.items] == [stale]

    actions.do_confirm_content(stale, bureau_user)
    assert "久未更新的项目" in _names(client.get(reverse("portal:project_list")))
    assert not [s for s in registry.sections(bureau_user, today) if s.source.key == "portal_stale_projects" and s.count]


def test_a_site_marked_taken_disappears_at_once(county, own, bureau_user, client):
    site = SiteFactory(**own, place=county.township, name="东区地块")
    assert "东区地块" in _names(client.get(reverse("portal:site_list")))
    actions.do_update_content(site, {"is_available": False}, site.version, bureau_user)
    assert "东区地块" not in _names(client.get(reverse("portal:site_list")))
    assert client.get(reverse("portal:site_detail", args=[site.pk])).status_code == 404
    assert "东区地块" not in _names(client.get(reverse("portal:open_data", args=["sites", "json"])))


def test_unpublished_content_is_not_public(county, own, client):
    PromotedProjectFactory(**own, place=county.township, name="草稿项目", is_published=False)
    assert "草稿项目" not in _names(client.get(reverse("portal:project_list")))


def test_projects_filter_by_chain_industry_investment_band_and_place(county, own, client):
    battery, food = make_chain(county.root, "新能源电池"), make_chain(county.root, "食品加工")
    PromotedProjectFactory(**own, place=county.township, name="甲项目", chain=battery.root, investment_min=5_000_000, investment_max=9_000_000)
    PromotedProjectFactory(
        **own, place=county.other_township, name="乙项目", chain=food.root, industry="食品", investment_min=200_000_000, investment_max=500_000_000
    )
    url = reverse("portal:project_list")

    def shown(**query):
        page = _names(client.get(url, query))
        return {name for name in ("甲项目", "乙项目") if name in page}

    assert shown() == {"甲项目", "乙项目"}
    assert shown(chain="新能源电池") == {"甲项目"}
    assert shown(industry="食品") == {"乙项目"}
    assert shown(band="small") == {"甲项目"}
    assert shown(band="large") == {"乙项目"}
    assert shown(band="medium") == set()
    assert shown(place=county.other_township.pk) == {"乙项目"}


def test_sites_filter_by_area_power_and_price(county, own, client):
    SiteFactory(**own, place=county.township, name="小地块", area=10_000, power=500, price_min=100_000, price_max=120_000)
    SiteFactory(**own, place=county.township, name="大厂房", kind="factory", area=50_000, power=5_000, price_min=15, price_max=20)
    url = reverse("portal:site_list")

    def shown(**query):
        page = _names(client.get(url, query))
        return {name for name in ("小地块", "大厂房") if name in page}

    assert shown(min_area=20_000) == {"大厂房"}
    assert shown(min_power=1_000) == {"大厂房"}
    assert shown(max_price=50_000) == {"大厂房"}
    assert shown(kind="land") == {"小地块"}


def test_the_site_map_gets_its_points_from_a_static_script(county, own, client):
    site = SiteFactory(**own, place=county.township, name="东区地块")
    page = _names(client.get(reverse("portal:site_list")))
    assert "portal/site_map.js" in page and "vendor/echarts/echarts.min.js" in page
    assert f'"url": "{reverse("portal:site_detail", args=[site.pk])}"' in page
    assert "<script>" not in page  # no inline code: the content security policy forbids it


def test_the_policy_check_lists_policies_the_answers_do_not_rule_out(county, own):
    township = county.township
    broad = BenefitPolicyFactory(**own, title="普惠政策")
    battery = BenefitPolicyFactory(**own, title="电池产业政策", industries="电池、储能", min_investment=100_000_000)
    young = BenefitPolicyFactory(**own, title="初创企业政策", sizes=[CompanySize.MICRO], max_years=3, place=township)
    policies = BenefitPolicy.objects.all()

    def titles(**answers):
        return [fit.policy.title for fit in fitting_policies(policies, answers)]

    assert set(titles()) == {"普惠政策", "电池产业政策", "初创企业政策"}
    assert set(titles(industry="储能", investment_wan=20_000)) == {"普惠政策", "电池产业政策", "初创企业政策"}
    assert set(titles(industry="食品")) == {"普惠政策", "初创企业政策"}
    assert set(titles(investment_wan=5_000)) == {"普惠政策", "初创企业政策"}
    assert set(titles(size=CompanySize.LARGE)) == {"普惠政策", "电池产业政策"}
    assert set(titles(years=5)) == {"普惠政策", "电池产业政策"}
    assert set(titles(place=county.other_township)) == {"普惠政策", "电池产业政策"}
    fits = {fit.policy: fit for fit in fitting_policies(policies, {"size": CompanySize.MICRO, "years": 2, "place": township})}
    assert fits[young].met == ["企业规模：小微企业", "落地：城关镇", "成立不超过3年"] and fits[young].unknown == []
    assert fits[battery].unknown == ["行业：电池、储能", "投资额不低于1.00亿元"]
    assert fits[broad].met == fits[broad].unknown == []


def test_expired_policies_move_to_the_history_list(county, own, client):
    BenefitPolicyFactory(**own, title="旧政策", valid_from=date(2020, 1, 1), valid_until=date(2021, 12, 31))
    BenefitPolicyFactory(**own, title="新政策")
    current = _names(client.get(reverse("portal:policy_list")))
    expired = _names(client.get(reverse("portal:policy_list"), {"expired": "1"}))
    assert "新政策" in current and "旧政策" not in current
    assert "旧政策" in expired and "新政策" not in expired


def test_open_data_gives_json_and_csv_of_what_is_published(county, own, client):
    PromotedProjectFactory(**own, place=county.township, name="公开项目", investment_min=10_000_000, investment_max=20_000_000)
    PromotedProjectFactory(**own, place=county.township, name="=HYPERLINK(1)", is_published=True)
    PromotedProjectFactory(**own, place=county.township, name="草稿项目", is_published=False)
    data = json.loads(client.get(reverse("portal:open_data", args=["projects", "json"])).content)
    assert data["count"] == 2
    row = next(r for r in data["results"] if r["name"] == "公开项目")
    assert (row["investment_min_yuan"], row["place"]) == (10_000_000, "城关镇")
    text = client.get(reverse("portal:open_data", args=["projects", "csv"])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][1] == "项目名称" and len(rows) == 3
    assert {r[1] for r in rows[1:]} == {"公开项目", "'=HYPERLINK(1)"}


def test_public_lists_have_pinned_query_counts(county, own, client, django_assert_max_num_queries):
    for _ in range(6):
        site = SiteFactory(**own, place=county.township)
        PromotedProjectFactory(**own, place=county.township, site=site)
        BenefitPolicyFactory(**own)
    for name in ("portal:index", "portal:project_list", "portal:site_list", "portal:policy_list"):
        with django_assert_max_num_queries(6):
            assert client.get(reverse(name)).status_code == 200


def test_the_bureau_list_shows_stale_content_and_exports_it(county, own, bureau_user, client_for, django_assert_max_num_queries):
    for _ in range(5):
        SiteFactory(**own, place=county.township, updated_at=timezone.now() - timedelta(days=100))
    client = client_for(bureau_user)
    with django_assert_max_num_queries(14):
        page = _names(client.get(reverse("portal_admin:content_list", args=["sites"]), {"state": "stale"}))
    assert page.count("超期未更新，已隐藏") == 5
    response = client.get(reverse("portal_admin:content_export", args=["sites"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_an_edit_keeps_history_and_moves_the_update_time(county, own, bureau_user, client_for):
    project = PromotedProjectFactory(**own, place=county.township, updated_at=timezone.now() - timedelta(days=50))
    updated = actions.do_update_content(project, {"name": "改名后的项目"}, project.version, bureau_user)
    assert timezone.localtime(updated.updated_at).date() == timezone.localdate()
    page = _names(client_for(bureau_user).get(reverse("portal_admin:content_detail", args=["projects", project.pk])))
    assert "改名后的项目" in page and "项目名称" in page and "→" in page


def test_a_stale_edit_answers_409(county, own, bureau_user, client_for):
    project = PromotedProjectFactory(**own, place=county.township)
    url = reverse("portal_admin:content_edit", args=["projects", project.pk])
    client = client_for(bureau_user)
    form = {
        "name": "甲",
        "chain": "",
        "industry": "电池",
        "cooperation": "sole",
        "place": county.township.pk,
        "unit": county.township.pk,
        "contact": "王",
        "summary": "简介",
        "owner": bureau_user.pk,
        "is_published": "on",
        "investment_min_wan": "5000",
        "investment_max_wan": "20000",
        "version": project.version,
    }
    assert client.post(url, form).status_code == 302
    assert client.post(url, {**form, "name": "乙"}).status_code == 409
    assert PromotedProject.objects.get().name == "甲"


def test_new_content_belongs_to_the_bureaus_jurisdiction(county, bureau_user):
    site = actions.do_create_content(
        Site,
        {
            "kind": "office",
            "name": "创业大厦",
            "place": county.township,
            "area": 800,
            "price_min": 20,
            "price_max": 30,
            "longitude": "113.1",
            "latitude": "29.3",
            "owner": bureau_user,
        },
        bureau_user,
    )
    assert site.jurisdiction == county.root and site.updated_at is not None
