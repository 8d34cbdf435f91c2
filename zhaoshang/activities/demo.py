"""Activities of the demo county 清河县 over 2025–2026: outbound trips (some led by
四大家 leaders or unit principals), investor visits, promotion events (one big
节会 with many signings, after seed 004's 签约项目58个), stationed-team members with
some churn, publicity, and the default activity-index weights.

Seed data: written through the ORM, not actions.py, so history records no user.
Deterministic (random.Random(2026)). Projects and investors are linked only when
the projects demo has made them: this builder works before or after it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from zhaoshang.core.demo import DemoWorld
from zhaoshang.organisation.models import Person, Unit, UnitKind
from zhaoshang.projects.models import Investor, InvestorKind, Project

from .models import (
    DEFAULT_WEIGHTS,
    ActivityWeights,
    Event,
    EventKind,
    EventSigning,
    Publicity,
    TeamMembership,
    Trip,
    TripLeader,
    Visit,
)

START = date(2025, 1, 6)
DESTINATIONS = [
    ("上海", "中国"),
    ("深圳", "中国"),
    ("厦门", "中国"),
    ("温州", "中国"),
    ("东莞", "中国"),
    ("苏州", "中国"),
    ("广州", "中国"),
    ("杭州", "中国"),
    ("宁波", "中国"),
    ("香港", "中国香港"),
    ("新加坡", "新加坡"),
    ("台北", "中国台湾"),
]
COMPANIES = ["电子科技", "新能源", "智能装备", "食品", "纺织服装", "新材料", "现代物流", "医药", "汽车零部件", "文旅"]
OUTLETS = ["清河县融媒体中心", "市日报", "省电视台", "学习强国", "市招商网"]
# Investors the demo makes when the projects demo has not made any.
DEMO_INVESTORS = [
    ("深圳华星电子科技有限公司", "珠三角"),
    ("上海浦江新材料股份有限公司", "上海"),
    ("温州瓯越鞋服有限公司", "温州"),
    ("东莞恒达智能装备有限公司", "珠三角"),
    ("厦门海沧食品有限公司", "厦门"),
    ("苏州工业园区精密制造有限公司", "苏州"),
    ("香港永丰国际投资有限公司", "境外"),
    ("宁波港通物流有限公司", "宁波"),
]


def _save(obj):
    obj._history_user = None
    obj.save()
    return obj


def _day(rng: random.Random, latest: date) -> date:
    """A weekday between START and `latest`."""
    day = START + timedelta(days=rng.randrange((latest - START).days + 1))
    return day - timedelta(days=max(day.weekday() - 4, 0))


def build(world: DemoWorld) -> None:
    rng = random.Random(2026)
    today = timezone.localdate()
    latest = min(today, date(2026, 12, 31))
    county = world.county
    units = list(Unit.objects.filter(path__startswith=county.path, depth=2).exclude(kind=UnitKind.LEADERSHIP))
    # The townships, the zone, the bureau and the economic departments (listed first) go out to invest.
    active = [u for u in units if u.kind in (UnitKind.TOWNSHIP, UnitKind.ZONE, UnitKind.BUREAU)]
    active += [u for u in units if u.kind == UnitKind.DEPARTMENT][:4]
    leaders = list(Person.objects.filter(unit__path__startswith=county.path).exclude(leader_body=""))
    projects = list(Project.objects.filter(introducing_unit__path__startswith=county.path).order_by("id"))
    investors = list(Investor.objects.order_by("id")) or [
        _save(Investor(name=name, kind=InvestorKind.PRIVATE, region=region)) for name, region in DEMO_INVESTORS
    ]

    _trips(rng, latest, active, leaders, projects, investors)
    _visits(rng, latest, active, leaders, projects, investors)
    _events(rng, latest, world, projects)
    _teams(rng, latest, world, county)
    _publicity(rng, latest, active)
    _save(ActivityWeights(jurisdiction=county, **DEFAULT_WEIGHTS))


def _projects_of(unit: Unit, projects: list[Project]) -> list[Project]:
    return [p for p in projects if p.introducing_unit_id == unit.pk]


def _trips(rng, latest, units, leaders, projects, investors) -> None:
    for _n in range(60):
        unit = rng.choice(units)
        start = _day(rng, latest - timedelta(days=4))
        city, country = rng.choice(DESTINATIONS)
        trip = _save(
            Trip(
                unit=unit,
                start_date=start,
                end_date=start + timedelta(days=rng.randint(1, 4)),
                destination_city=city,
                destination_country=country,
                participants="、".join(p.name for p in unit.persons.all()[:3]),
                companies_met="\n".join(f"{city}{rng.choice(COMPANIES)}有限公司" for _ in range(rng.randint(1, 3))),
                notes="对接产业链重点企业，宣传推介县域投资环境。",
            )
        )
        # Roughly four in ten led by a principal leader (seed 001: 43.7%).
        led_by = []
        if rng.random() < 0.25 and leaders:
            led_by.append(rng.choice(leaders))
        elif rng.random() < 0.25:
            led_by.extend(unit.persons.filter(is_principal=True)[:1])
        led_by.extend(unit.persons.filter(is_principal=False)[:1])
        for person in led_by:
            row = TripLeader(trip=trip, person=person)
            _save(row)
        trip.is_principal_led = any(row.is_principal_leader for row in trip.leader_rows.all())
        _save(trip)
        trip.investors.set(rng.sample(investors, k=min(len(investors), rng.randint(0, 2))))
        if own := _projects_of(unit, projects):
            trip.leads.set(rng.sample(own, k=min(len(own), rng.randint(0, 2))))


def _visits(rng, latest, units, leaders, projects, investors) -> None:
    for _ in range(80):
        unit = rng.choice(units)
        start = _day(rng, latest - timedelta(days=2))
        investor = rng.choice(investors)
        visit = _save(
            Visit(
                investor=investor,
                start_date=start,
                end_date=start + timedelta(days=rng.randint(0, 2)),
                host_unit=unit,
                visitors=f"{investor.name}考察团 {rng.randint(2, 8)} 人",
                notes="实地考察项目选址，座谈交流。",
            )
        )
        if rng.random() < 0.3 and leaders:
            visit.leaders.set([rng.choice(leaders)])
        if own := [p for p in _projects_of(unit, projects) if p.investor_id == investor.pk] or _projects_of(unit, projects)[:1]:
            visit.projects.set(own)


def _events(rng, latest, world, projects) -> None:
    bureau = world.units.get("县招商局")
    zone = world.units.get("清河经济开发区") or bureau
    # Townships and departments hold smaller meetings of their own.
    chengguan = world.units.get("城关镇") or bureau
    hekou = world.units.get("河口镇") or bureau
    jingxin = world.units.get("县经济和信息化局") or bureau
    specs = [
        ("2025清河县（深圳）招商推介会", EventKind.PROMOTION, date(2025, 4, 18), "深圳", False, bureau, 6),
        ("2025中国国际投资贸易洽谈会清河专场", EventKind.NEGOTIATION, date(2025, 9, 8), "厦门", False, bureau, 5),
        ("清河县（上海）产业链招商洽谈会", EventKind.NEGOTIATION, date(2025, 6, 12), "上海", False, zone, 4),
        ("清河县香港招商推介会", EventKind.PROMOTION, date(2025, 11, 20), "香港", True, bureau, 3),
        # The big one: seed 004's 58 projects, 67.68亿元 in total.
        ("第三届清河特色产业博览会", EventKind.FESTIVAL, date(2026, 5, 16), "清河县会展中心", False, bureau, 58),
        ("2026清河县（温州）民营企业恳谈会", EventKind.NEGOTIATION, date(2026, 3, 26), "温州", False, zone, 5),
        ("清河县新加坡招商推介会", EventKind.PROMOTION, date(2026, 7, 9), "新加坡", True, bureau, 2),
        ("2026清河县（东莞）智能制造对接会", EventKind.NEGOTIATION, date(2026, 10, 15), "东莞", False, zone, 0),
        ("城关镇（苏州）纺织服装产业对接会", EventKind.NEGOTIATION, date(2026, 4, 22), "苏州", False, chengguan, 2),
        ("河口镇（佛山）金属制品招商座谈会", EventKind.NEGOTIATION, date(2026, 6, 5), "佛山", False, hekou, 1),
        ("清河县电子信息产业链招商推介会", EventKind.PROMOTION, date(2026, 8, 20), "合肥", False, jingxin, 2),
    ]
    for name, kind, day, place, abroad, organiser, signings in specs:
        if day > latest:
            continue
        event = _save(Event(name=name, kind=kind, date=day, place=place, is_abroad=abroad, organiser=organiser))
        amounts = _big_event_amounts() if signings == 58 else [rng.randint(20, 300) * 1_000_000 for _ in range(signings)]
        for n, amount in enumerate(amounts):
            project = projects[n] if n < len(projects) and rng.random() < 0.3 else None
            label = project.name if project else f"{place}{rng.choice(COMPANIES)}项目{n + 1}"
            _save(EventSigning(event=event, project=project, project_name=label, amount=amount))


def _big_event_amounts() -> list[int]:
    """58 amounts that add up to exactly 67.68亿元 (6,768,000,000 元)."""
    base = 116_000_000  # 58 × 1.16亿 = 67.28亿; 4000万 more spread over the first 8
    amounts = [base] * 58
    for n in range(8):
        amounts[n] += 5_000_000
    return amounts


def _teams(rng, latest, world, county) -> None:
    teams = Unit.objects.filter(path__startswith=county.path, kind=UnitKind.STATIONED_TEAM).order_by("path")
    for team in teams:
        persons = list(team.persons.order_by("sort_order", "id"))
        for person in persons:
            _save(TeamMembership(team=team, person=person, joined_on=date(2025, 1, 1)))
        # Churn: cadres from the townships rotate through the team for a few months.
        donors = list(Person.objects.filter(unit__kind=UnitKind.TOWNSHIP, is_principal=False).order_by("id"))
        # Some left last year, some this year: the year's churn is never zero.
        for n in range(rng.randint(3, 4)):
            person = donors[(team.pk * 7 + n * 5) % len(donors)]
            joined = date(2025, rng.randint(1, 6), 1)
            left = min(latest, joined + timedelta(days=rng.randint(90, 300) + 365 * (n // 2))) if n % 2 == 0 else None
            _save(TeamMembership(team=team, person=person, joined_on=joined, left_on=left, note="镇街选派"))


def _publicity(rng, latest, units) -> None:
    for _n in range(50):
        unit = rng.choice(units)
        _save(
            Publicity(
                date=_day(rng, latest),
                unit=unit,
                title=f"{unit.display_name}招商引资工作{rng.choice(['取得新进展', '再传捷报', '签约项目落地', '开展外出招商'])}",
                outlet=rng.choice(OUTLETS),
            )
        )
