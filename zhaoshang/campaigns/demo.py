"""Demo campaigns and disclosure of 清河县: one running 「百日竞赛」 (2026-09-01 …
2026-12-09) of all townships and 一赛区 departments with the rules of the demo seed,
targets per unit, and one published mid-year disclosure of 2026. Seed data, written
through the ORM (history records no user). Works whether or not the projects demo
ran: the scores simply come from whatever projects exist."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from zhaoshang.core.demo import DemoWorld
from zhaoshang.organisation.models import Unit, UnitKind
from zhaoshang.portal.models import Column, Disclosure
from zhaoshang.projects.models import YI, Stage
from zhaoshang.targets.models import Period

from .models import Campaign, CampaignKind, CampaignTarget, Prize, RuleKind, ScoringRule

WAN = 10_000


def _save(obj):
    obj._history_user = None
    obj.save()
    return obj


def build(world: DemoWorld) -> None:
    county = world.county
    townships = Unit.objects.filter(path__startswith=county.path, kind=UnitKind.TOWNSHIP)
    departments = Unit.objects.filter(path__startswith=county.path, kind=UnitKind.DEPARTMENT, division__name="一赛区")
    units = list(townships) + list(departments)
    campaign = _save(
        Campaign(
            jurisdiction=county,
            name="2026年招商引资百日竞赛",
            kind=CampaignKind.HUNDRED_DAYS,
            start=date(2026, 9, 1),
            end=date(2026, 12, 9),
            description="全县乡镇和一赛区县直部门参加，每周公布排名",
        )
    )
    campaign.units.set(units)
    rules = [
        ScoringRule(kind=RuleKind.FUNDS, points=Decimal(1), per_wan=100, cap=Decimal(60)),
        ScoringRule(kind=RuleKind.STAGE, stage=Stage.SIGNED, min_investment=YI, points=Decimal(10)),
        ScoringRule(kind=RuleKind.STAGE, stage=Stage.STARTED, min_investment=YI, points=Decimal(15)),
        ScoringRule(kind=RuleKind.SIGNED_THEN_NOTHING, points=Decimal(-5)),
    ]
    for order, rule in enumerate(rules, start=1):
        rule.campaign, rule.sort_order = campaign, order
        _save(rule)
    for rank_from, rank_to, text in [(1, 1, "流动红旗、通报表扬"), (2, 3, "通报表扬"), (6, 99, "约谈提醒（末位）")]:
        _save(Prize(campaign=campaign, rank_from=rank_from, rank_to=rank_to, text=text))
    for unit in units:
        big = unit.kind == UnitKind.TOWNSHIP and unit.division and unit.division.name == "一赛区"
        _save(
            CampaignTarget(
                campaign=campaign,
                unit=unit,
                funds_arrived=(3000 if big else 1000) * WAN,
                signed_count=2 if big else 1,
                started_count=1 if big else 0,
            )
        )

    period, _ = Period.objects.get_or_create(jurisdiction=county, name="2026年度", defaults={"start": date(2026, 1, 1), "end": date(2026, 12, 31)})
    bureau_user = world.users.get("zsj")
    _save(
        Disclosure(
            jurisdiction=county,
            period=period,
            title="2026年上半年招商引资任务完成情况",
            as_of=date(2026, 6, 30),
            columns=[Column.TARGET, Column.ACTUAL, Column.RATE, Column.RANK],
            is_published=True,
            published_at=timezone.make_aware(datetime(2026, 7, 10, 9, 0)),
            published_by=bureau_user,
        )
    )
