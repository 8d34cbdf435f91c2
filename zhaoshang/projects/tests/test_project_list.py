"""The project list: every filter narrows, the unit filter takes the subtree,
totals and sort, the htmx partial, and a pinned query count."""

from datetime import datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from zhaoshang.organisation.factories import DivisionFactory, PersonFactory, UnitFactory
from zhaoshang.projects.factories import InvestorFactory, ProjectFactory, StageEventFactory
from zhaoshang.projects.models import Category, DuplicateStatus, InvestorKind, KeyLevel, Stage

URL = reverse("projects:project_list")


def names(response) -> set[str]:
    return {project.name for project in response.context["page"]}


@pytest.fixture
def base(county):
    """A plain 城关镇 project that no filter below should match (except 'all')."""
    return ProjectFactory(name="普通项目", introducing_unit=county.township, total_investment=10_000_000)


def test_without_filters_the_bureau_sees_every_active_project_but_not_merged_ones(county, client_for, bureau_user, base):
    ProjectFactory(name="河口项目", introducing_unit=county.other_township)
    ProjectFactory(name="已合并", introducing_unit=county.other_township, duplicate_status=DuplicateStatus.MERGED, duplicate_of=base)
    assert names(client_for(bureau_user).get(URL)) == {"普通项目", "河口项目"}


def test_a_reporter_lists_only_their_own_units_projects(county, client_for, reporter, base):
    ProjectFactory(name="河口项目", introducing_unit=county.other_township)
    assert names(client_for(reporter).get(URL)) == {"普通项目"}


@pytest.mark.parametrize(
    ("param", "value", "attrs"),
    [
        ("q", "电池", {"name": "新能电池基地"}),
        ("stage", "signed", {"stage": Stage.SIGNED}),
        ("industry", "纸业", {"industry": "纸业"}),
        ("category", "logistics", {"category": Category.LOGISTICS}),
        ("band", "5yi", {"total_investment": 600_000_000}),
        ("key_level", "city", {"key_level": KeyLevel.CITY}),
        ("key_level", "any", {"key_level": KeyLevel.PROVINCE}),
        ("fortune500", "1", {"is_fortune500": True}),
        ("hightech", "1", {"is_high_tech": True}),
        ("yi_plus", "1", {"is_yi_plus": True}),
        ("region", "温州", {"source_region": "温州"}),
        ("duplicate", "1", {"duplicate_status": DuplicateStatus.SUSPECTED}),
    ],
)
def test_each_filter_narrows_the_list_to_the_matching_project(param, value, attrs, county, client_for, bureau_user, base):
    if attrs.get("duplicate_status"):
        attrs = {**attrs, "duplicate_of": base}
    ProjectFactory(name=attrs.pop("name", "目标项目"), introducing_unit=county.township, **attrs)
    found = names(client_for(bureau_user).get(URL, {param: value}))
    assert found == {"新能电池基地" if param == "q" else "目标项目"}


def test_the_search_also_matches_the_investors_name(county, client_for, bureau_user, base):
    ProjectFactory(name="目标项目", introducing_unit=county.township, investor=InvestorFactory(name="玖龙纸业"))
    assert names(client_for(bureau_user).get(URL, {"q": "玖龙"})) == {"目标项目"}


def test_the_investor_kind_filter_reads_the_investors_type(county, client_for, bureau_user, base):
    foreign = InvestorFactory(kind=InvestorKind.FOREIGN)
    ProjectFactory(name="目标项目", introducing_unit=county.township, investor=foreign)
    assert names(client_for(bureau_user).get(URL, {"investor_kind": "foreign"})) == {"目标项目"}


def test_the_leader_filter_keeps_the_projects_that_person_leads(county, client_for, bureau_user, base):
    mayor = PersonFactory(name="赵副县长", unit=county.root, leader_body="government")
    ProjectFactory(name="目标项目", introducing_unit=county.township, responsible_leader=mayor)
    assert names(client_for(bureau_user).get(URL, {"leader": mayor.pk})) == {"目标项目"}


def test_the_unit_filter_includes_the_subtree_and_joint_credits(county, client_for, bureau_user, base):
    village = UnitFactory(parent=county.other_township, name="河口村")
    ProjectFactory(name="村里项目", introducing_unit=village)
    ProjectFactory(name="联合项目", introducing_unit=county.township, credits=[(county.township, 5000), (county.other_township, 5000)])
    assert names(client_for(bureau_user).get(URL, {"unit": county.other_township.pk})) == {"村里项目", "联合项目"}


def test_the_division_filter_keeps_projects_credited_to_its_member_units(county, client_for, bureau_user, base):
    second = DivisionFactory(name="二赛区", jurisdiction=county.root)
    park = UnitFactory(parent=county.root, name="经济开发区", division=second)
    ProjectFactory(name="目标项目", introducing_unit=park)
    assert names(client_for(bureau_user).get(URL, {"division": second.pk})) == {"目标项目"}


def test_signed_dates_and_reached_stage_are_judged_from_the_events(county, client_for, bureau_user, base, days_ago):
    signed = ProjectFactory(name="目标项目", introducing_unit=county.township, stage=Stage.STARTED)
    # Recorded on the day, as `as_of` also asks what was on record then.
    for stage, day in ((Stage.SIGNED, days_ago(30)), (Stage.STARTED, days_ago(10))):
        StageEventFactory(project=signed, stage=stage, date=day, recorded_at=timezone.make_aware(datetime.combine(day, time(12))))
    client = client_for(bureau_user)
    window = {"signed_from": days_ago(40).isoformat(), "signed_to": days_ago(20).isoformat()}
    assert names(client.get(URL, window)) == {"目标项目"}
    assert names(client.get(URL, {"signed_to": days_ago(35).isoformat()})) == set()
    assert names(client.get(URL, {"reached": "started"})) == {"目标项目"}
    # Twenty days ago it had signed but not started.
    assert names(client.get(URL, {"reached": "started", "as_of": days_ago(20).isoformat()})) == set()
    assert names(client.get(URL, {"reached": "signed", "as_of": days_ago(20).isoformat()})) == {"目标项目"}


def test_an_invalid_parameter_is_ignored_with_an_error_instead_of_emptying_the_list(client_for, bureau_user, base):
    response = client_for(bureau_user).get(URL, {"band": "99yi"})
    assert names(response) == {"普通项目"}
    assert response.context["form"].errors["band"]


def test_sorting_by_stage_follows_the_funnel_not_the_alphabet(county, client_for, bureau_user):
    for name, stage in (("投产项目", Stage.PRODUCING), ("线索项目", Stage.LEAD), ("签约项目", Stage.SIGNED)):
        ProjectFactory(name=name, introducing_unit=county.township, stage=stage)
    page = client_for(bureau_user).get(URL, {"sort": "stage"}).context["page"]
    assert [p.name for p in page] == ["线索项目", "签约项目", "投产项目"]


def test_totals_count_and_sum_the_filtered_rows_by_the_display_rule(county, client_for, bureau_user):
    ProjectFactory(introducing_unit=county.township, total_investment=123_450_000, category=Category.LOGISTICS)
    ProjectFactory(introducing_unit=county.township, total_investment=10_000, category=Category.LOGISTICS)
    ProjectFactory(introducing_unit=county.township, total_investment=999_990_000)
    response = client_for(bureau_user).get(URL, {"category": "logistics"})
    assert response.context["totals"]["count"] == 2
    # 123,450,000 + 10,000 元 = 1.2346亿元 (≥ 1亿: in 亿元, two decimals).
    assert "总投资 <strong>1.23亿元</strong>" in response.content.decode()


def test_htmx_gets_only_the_results_partial(client_for, bureau_user, base):
    response = client_for(bureau_user).get(URL, {"q": "普通"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="results"' in body and "<html" not in body
    assert "普通项目" in body


def test_the_list_runs_a_fixed_number_of_queries(county, client_for, bureau_user, django_assert_max_num_queries):
    leader = PersonFactory(unit=county.root, leader_body="government")
    for _n in range(12):
        ProjectFactory(introducing_unit=county.township, responsible_leader=leader, landing_unit=county.other_township)
    client = client_for(bureau_user)
    client.get(URL)  # warm the session and role cache paths
    # The county and persons of the login's scope (models.projects.scope_keys) replace
    # the paginator's COUNT, which the totals give (listing.py).
    with django_assert_max_num_queries(9):
        response = client.get(URL, {"sort": "stage"})
    assert len(response.context["page"]) == 12
