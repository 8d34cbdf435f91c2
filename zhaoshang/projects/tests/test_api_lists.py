"""The API lists: scoped, filtered, paginated, and a fixed number of queries."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.organisation.models import UnitKind
from zhaoshang.projects.factories import (
    EvidenceFactory,
    FundEntryFactory,
    InvestorFactory,
    ObstacleFactory,
    ProjectFactory,
    StageEventFactory,
)
from zhaoshang.projects.models import FundStatus, Stage


def names(response) -> list[str]:
    return sorted(item["name"] for item in response.json()["items"])


def test_reporter_lists_only_own_units_projects(project, other_project, client_for, reporter, bureau_user):
    assert names(client_for(reporter).get(reverse("api:project_list"))) == ["新能电池生产基地"]
    assert names(client_for(bureau_user).get(reverse("api:project_list"))) == ["新能电池生产基地", "河口物流园"]


def test_projects_filter_by_stage_category_industry_band_and_text(county, client_for, bureau_user):
    ProjectFactory(name="年产10万吨高档包装纸项目", introducing_unit=county.township, industry="纸业", total_investment=12 * 10**8)
    ProjectFactory(name="冷链物流中心", introducing_unit=county.township, category="logistics", stage=Stage.SIGNED)
    ProjectFactory(name="塑料制品厂", investor=InvestorFactory(name="温州鸿达塑业"), introducing_unit=county.township)
    client = client_for(bureau_user)

    def listed(**query) -> list[str]:
        return names(client.get(reverse("api:project_list"), query))

    assert listed(stage="signed") == ["冷链物流中心"]
    assert listed(category="logistics") == ["冷链物流中心"]
    assert listed(industry="纸业") == ["年产10万吨高档包装纸项目"]
    assert listed(band="10yi") == ["年产10万吨高档包装纸项目"]
    assert listed(q="鸿达") == ["塑料制品厂"]


def test_unit_filter_includes_the_subtree_and_joint_credit(county, client_for, bureau_user):
    village = UnitFactory(parent=county.township, name="城关镇招商组", kind=UnitKind.SECTION)
    ProjectFactory(name="招商组项目", introducing_unit=village)
    ProjectFactory(name="联合引进项目", introducing_unit=county.other_township, credits=[(county.other_township, 5000), (county.township, 5000)])
    ProjectFactory(name="河口独有项目", introducing_unit=county.other_township)

    body = client_for(bureau_user).get(reverse("api:project_list"), {"unit": county.township.pk})

    assert names(body) == ["招商组项目", "联合引进项目"]


def test_signed_between_reads_the_signing_events(county, client_for, bureau_user):
    today = timezone.localdate()
    early = ProjectFactory(name="年初签约", introducing_unit=county.township, stage=Stage.SIGNED)
    StageEventFactory(project=early, stage=Stage.SIGNED, date=today - timedelta(days=200))
    late = ProjectFactory(name="近期签约", introducing_unit=county.township, stage=Stage.SIGNED)
    StageEventFactory(project=late, stage=Stage.SIGNED, date=today - timedelta(days=10))

    body = client_for(bureau_user).get(reverse("api:project_list"), {"signed_from": (today - timedelta(days=30)).isoformat()})

    assert names(body) == ["近期签约"]


def test_project_list_is_paginated(county, client_for, bureau_user, settings):
    for n in range(3):
        ProjectFactory(name=f"项目{n}", introducing_unit=county.township)

    body = client_for(bureau_user).get(reverse("api:project_list"), {"page_size": 2, "page": 2}).json()

    assert body["count"] == 3
    assert len(body["items"]) == 1


def test_list_queries_do_not_grow_with_the_rows(county, client_for, bureau_user, django_assert_max_num_queries):
    for n in range(8):
        project = ProjectFactory(name=f"项目{n}", introducing_unit=county.township)
        entry = FundEntryFactory(project=project)
        EvidenceFactory(project=project, fund_entry=entry)
        ObstacleFactory(project=project)
    client = client_for(bureau_user)
    client.get(reverse("api:project_list"))  # session and role caches warm

    for name in ("api:project_list", "api:fund_list", "api:obstacle_list", "api:investor_list"):
        with django_assert_max_num_queries(7):
            assert client.get(reverse(name)).json()["count"] == 8


def test_fund_entries_filter_by_project_and_status(project, client_for, reporter):
    FundEntryFactory(project=project, amount=100)
    FundEntryFactory(project=project, amount=200, status=FundStatus.VERIFIED)

    items = client_for(reporter).get(reverse("api:fund_list"), {"project": project.pk, "status": "verified"}).json()["items"]

    assert [(i["amount"], i["currency"], i["status_label"]) for i in items] == [(200, "CNY", "招商局核实")]


def test_obstacles_of_the_responsible_department_are_listed_for_it(county, other_project, client_for, other_reporter, reporter):
    ObstacleFactory(project=other_project, responsible_unit=county.township, description="供电线路未接通")

    assert client_for(reporter).get(reverse("api:obstacle_list")).json()["count"] == 1
    assert client_for(other_reporter).get(reverse("api:obstacle_list")).json()["count"] == 1


def test_investors_filter_by_text_and_kind(db, client_for, reporter):
    InvestorFactory(name="香港华利集团", kind="hmt")
    InvestorFactory(name="温州鸿达塑业", kind="private")

    items = client_for(reporter).get(reverse("api:investor_list"), {"q": "华利", "kind": "hmt"}).json()["items"]

    assert [i["name"] for i in items] == ["香港华利集团"]
