"""The demo county has the structure of seed 000, and each demo login sees what
its role implies. The county is built once for the module (inside a transaction
rolled back at the end); each test runs in its own savepoint on top of it."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from zhaoshang.accounts import access
from zhaoshang.accounts.models import Role, RoleAssignment
from zhaoshang import demo
from zhaoshang.organisation.models import Division, LeaderBody, Person, Unit, UnitKind

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def county(demo_county, db) -> Unit:
    """Overrides the conftest county: these tests are about the demo one."""
    return Unit.objects.get(depth=1, name=demo.COUNTY_NAME)


def unit(name: str) -> Unit:
    return Unit.objects.get(name=name)


def logged_in(username: str) -> Client:
    """Logs in through the login form, as a person would (and as the login log records)."""
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302, f"{username} 无法登录"
    return client


def test_demo_is_one_county_with_the_expected_kinds_of_units(county):
    kinds = {kind: Unit.objects.filter(kind=kind).count() for kind in UnitKind}

    assert Unit.objects.filter(depth=1).count() == 1
    assert kinds == {
        UnitKind.CITY: 0,
        UnitKind.COUNTY: 1,
        UnitKind.LEADERSHIP: 1,
        UnitKind.BUREAU: 1,
        UnitKind.ZONE: 1,
        UnitKind.TOWNSHIP: 12,
        UnitKind.DEPARTMENT: 40,
        UnitKind.STATIONED_TEAM: 3,
        UnitKind.SECTION: 0,
    }


def test_stationed_teams_sit_under_the_bureau_each_with_its_city(county):
    bureau = Unit.objects.get(kind=UnitKind.BUREAU)
    teams = Unit.objects.filter(kind=UnitKind.STATIONED_TEAM)

    assert sorted(team.city for team in teams) == sorted(["上海", "深圳", "厦门"])
    assert all(Unit.objects.get_parent(team) == bureau for team in teams)


def test_divisions_have_the_quotas_of_seed_000_in_yuan(county):
    divisions = {d.name: (d.default_quota, d.competes) for d in Division.objects.filter(jurisdiction=county)}

    assert divisions == {
        "一赛区": (60_000_000, True),
        "二赛区": (50_000_000, True),
        "三赛区": (10_000_000, True),
        "赛区外单位": (4_000_000, False),
    }


def test_every_township_and_department_is_in_a_division_and_only_they_are(county):
    in_division = Unit.objects.filter(division__isnull=False)
    outside = Unit.objects.filter(division__isnull=True)

    assert set(in_division.values_list("kind", flat=True)) == {UnitKind.TOWNSHIP, UnitKind.DEPARTMENT}
    assert in_division.count() == 52
    # The zone has a target of its own (seed 000: 30亿元), the others none at all.
    assert set(outside.values_list("kind", flat=True)) == {
        UnitKind.COUNTY,
        UnitKind.LEADERSHIP,
        UnitKind.BUREAU,
        UnitKind.ZONE,
        UnitKind.STATIONED_TEAM,
    }


def test_the_departments_seed_000_names_compete_in_the_first_division(county):
    first = Division.objects.get(name="一赛区")
    short_names = set(first.units.values_list("short_name", flat=True))

    assert {"经信局", "农业农村局", "商务局", "文旅局"} <= short_names


def test_every_unit_below_the_county_has_one_principal_and_some_staff(county):
    for member in Unit.objects.filter(depth__gt=1):
        persons = list(member.persons.all())
        assert sum(p.is_principal for p in persons) == 1, member.name
        assert len(persons) >= 2, member.name


def test_the_four_leading_bodies_have_their_leaders(county):
    leaders = Person.objects.leaders()

    assert set(leaders.values_list("leader_body", flat=True)) == set(LeaderBody)
    assert {"县委书记", "县长", "县人大常委会主任", "县政协主席"} <= set(leaders.values_list("post", flat=True))
    assert leaders.filter(post="副县长").count() >= 2


@pytest.mark.parametrize("username", [login.username for login in demo.logins()])
def test_each_demo_login_can_log_in_with_the_demo_password(county, username):
    client = logged_in(username)

    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_password_does_not_log_in(county):
    client = Client()
    response = client.post(reverse("login"), {"username": "chengguan", "password": "wrong-password"})

    assert response.status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_chengguan_sees_its_township_but_not_hekou(county):
    client = logged_in("chengguan")
    tree = client.get(reverse("organisation:unit_tree")).content.decode()

    assert "城关镇" in tree
    assert "河口镇" not in tree
    assert client.get(reverse("organisation:unit_detail", args=[unit("城关镇").pk])).status_code == 200
    assert client.get(reverse("organisation:unit_detail", args=[unit("河口镇").pk])).status_code == 404


def test_hekou_sees_its_township_but_not_chengguan(county):
    client = logged_in("hekou")

    assert client.get(reverse("organisation:unit_detail", args=[unit("河口镇").pk])).status_code == 200
    assert client.get(reverse("organisation:unit_detail", args=[unit("城关镇").pk])).status_code == 404


def test_jingxin_reports_for_its_department_only(county):
    user = User.objects.get(username="jingxin")
    client = logged_in("jingxin")

    assert access.write_paths(user) == [unit("县经济和信息化局").path]
    assert client.get(reverse("organisation:unit_detail", args=[unit("县商务局").pk])).status_code == 404


def test_chengguan_head_approves_for_the_same_township(county):
    head = User.objects.get(username="chengguan_head")

    assert access.approve_paths(head) == [unit("城关镇").path]
    assert head.person == Person.objects.get(unit__name="城关镇", is_principal=True)


def test_zsj_works_for_the_whole_county_as_bureau(county):
    user = User.objects.get(username="zsj")
    tree = logged_in("zsj").get(reverse("organisation:unit_tree")).content.decode()

    assert access.bureau_paths(user) == [county.path]
    assert "城关镇" in tree and "河口镇" in tree and "驻厦门招商组" in tree


def test_xianzhang_is_the_county_head_and_reads_everything_without_writing(county):
    user = User.objects.get(username="xianzhang")
    client = logged_in("xianzhang")

    assert user.person.post == "县长"
    assert user.person.leader_body == LeaderBody.GOVERNMENT
    assert access.read_paths(user) == [county.path]
    assert access.is_read_only(user)
    assert client.get(reverse("organisation:unit_detail", args=[unit("河口镇").pk])).status_code == 200


def test_only_admin_manages_users(county):
    assert logged_in("admin").get(reverse("accounts:user_list")).status_code == 200
    assert logged_in("zsj").get(reverse("accounts:user_list")).status_code == 403
    assert access.is_admin(User.objects.get(username="admin"))
    assert list(RoleAssignment.objects.filter(user__username="admin").values_list("role", flat=True)) == [Role.ADMIN]


# ---------------------------------------------------------------- figures that read like a real county


def this_year(county: Unit):
    from django.utils import timezone

    from zhaoshang.targets.models import Period

    today = timezone.localdate()
    return Period.objects.get(jurisdiction=county, name=f"{today.year}年度"), today


def test_the_zone_and_the_named_departments_carry_the_tasks_of_seed_000(county):
    from zhaoshang.targets.models import Target, TargetKind

    period, _ = this_year(county)
    counts = {
        (t.unit.name, t.category, t.min_investment): t.amount
        for t in Target.objects.filter(period=period, kind=TargetKind.PROJECT_COUNT).exclude(unit__kind=UnitKind.TOWNSHIP).select_related("unit")
    }
    townships = Target.objects.filter(period=period, kind=TargetKind.PROJECT_COUNT, unit__kind=UnitKind.TOWNSHIP)
    zone_funds = Target.objects.get(period=period, kind=TargetKind.FUNDS_ARRIVED, unit__name="清河经济开发区")

    assert zone_funds.amount == 3_000_000_000
    assert counts == {
        ("清河经济开发区", "industry", 1_000_000_000): 2,
        ("清河经济开发区", "logistics", 1_000_000_000): 1,
        ("清河经济开发区", "industry", 500_000_000): 3,
        ("县经济和信息化局", "", 500_000_000): 1,
        ("县农业农村局", "", 500_000_000): 1,
        ("县商务局", "", 500_000_000): 1,
        ("县文化和旅游局", "", 500_000_000): 1,
    }
    # Beyond the seed, each township is asked for two projects of 1亿元 or more.
    assert sorted(townships.values_list("amount", "min_investment")) == [(2, 100_000_000)] * 12


def test_the_big_projects_asked_for_are_signed_this_year(county):
    from zhaoshang.metrics import engine
    from zhaoshang.metrics.periods import Scope, Span

    period, today = this_year(county)
    span = Span.range(period.start, period.end)

    def signed(name: str, **options) -> int:
        return engine.project_count(Scope.for_unit(unit(name)), span, today, **options)

    assert signed("清河经济开发区", category="logistics", min_investment=1_000_000_000) >= 1
    assert signed("清河经济开发区", category="industry", min_investment=500_000_000) >= 2
    assert signed("县商务局", min_investment=500_000_000) >= 1
    assert signed("县农业农村局", min_investment=500_000_000) >= 1


def test_units_with_arrivals_complete_between_a_fifth_and_160_percent_with_some_behind(county):
    from zhaoshang.metrics import rankings

    period, today = this_year(county)
    ranking = rankings.ranking(period, today)
    funded = [row for row in ranking.rows if row.actual]

    # The small build anchors a project in the four biggest quotas; the dice fund more.
    assert len(funded) >= 4
    assert all(0.2 <= row.rate <= 1.6 for row in funded), [(row.unit.name, row.rate) for row in funded]
    assert any(row.behind for row in funded)
    assert any(not row.behind for row in funded)


def test_every_alert_has_something_to_show(county):
    from datetime import date

    from zhaoshang.activities.stats import churn_within
    from zhaoshang.metrics import alerts, rankings
    from zhaoshang.metrics.periods import Scope

    period, today = this_year(county)
    scope = Scope.for_jurisdiction(county)

    assert alerts.signed_then_nothing(scope, today).exists()
    assert all(projects.exists() for projects in alerts.missed_planned_dates(scope, today).values())
    assert alerts.overdue_obstacles(scope, today).exists()
    assert rankings.ranking(period, today).behind_count > 0
    assert churn_within([county.path], date(today.year, 1, 1), today).left > 0


# What each list page shows when it has no rows.
EMPTY_LIST = ("没有符合条件", "没有您可查看", "暂无")
LIST_PAGES = [
    "projects:project_list",
    "projects:fund_list",
    "projects:investor_list",
    "activities:trip_list",
    "activities:visit_list",
    "activities:event_list",
    "activities:publicity_list",
    "campaigns:campaign_list",
    "targets:target_list",
    "targets:period_list",
    "organisation:person_list",
    "chains:chain_list",
    "chains:target_list",
]


@pytest.mark.parametrize("username", [login.username for login in demo.logins()])
def test_every_list_page_a_demo_login_may_open_has_rows(county, username):
    client = logged_in(username)
    empty = {}
    for name in LIST_PAGES:
        response = client.get(reverse(name))
        if response.status_code == 403:
            continue
        page = response.content.decode()
        empty[name] = [phrase for phrase in EMPTY_LIST if phrase in page]

    assert {name: phrases for name, phrases in empty.items() if phrases} == {}


def test_the_stationed_teams_list_their_members_for_the_bureau(county):
    page = logged_in("zsj").get(reverse("activities:membership_list")).content.decode()

    assert not any(phrase in page for phrase in EMPTY_LIST)


def test_two_chains_with_strong_weak_and_missing_links_and_targets_in_several_stages(county):
    from zhaoshang.chains.models import Chain, ChainEvent, Link, LinkTier, TargetCompany

    chains = Chain.objects.filter(county=county)
    assert sorted(chains.values_list("name", flat=True)) == ["新能源电池", "绿色食品"]
    segments = Link.objects.filter(chain__in=chains, tier=LinkTier.SEGMENT)
    assert {link.state for link in segments} == {"missing", "weak", "strong"}
    assert segments.exclude(override_reason="").exists() and ChainEvent.objects.filter(chain__in=chains).exists()
    assert len(set(TargetCompany.objects.values_list("contact_stage", flat=True))) >= 4
    assert TargetCompany.objects.filter(project__isnull=False).exists()
    assert all(chain.leader and chain.masters.exists() for chain in chains)
