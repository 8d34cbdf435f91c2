"""Demo data: a finder registry (one public servant, one registered the day after
signing), normal reward rules in several versions, a tax-linked rule (seed 004's
share of new local tax) waiting at the compliance gate — never enabled — an
approved reward in the ledger, and the clause ledger of existing agreements."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from zhaoshang.core.demo import DemoWorld
from zhaoshang.projects.models import Currency, Project

from . import actions
from .calculator import Base, Event, RateType
from .models import ClauseStatus, FinderKind

WAN = 10_000
BANDS = [{"start": 0, "rate_bp": 30}, {"start": 1000 * WAN, "rate_bp": 40}, {"start": 10000 * WAN, "rate_bp": 50}]


def _rules(bureau) -> dict:
    fixed = actions.do_create_rule(
        {
            "code": "fixed-investment",
            "name": "固定资产投资引荐奖励",
            "base": Base.FIXED_INVESTMENT,
            "rate_type": RateType.PROGRESSIVE,
            "bands": BANDS,
            "cap": 100 * WAN,
            "extras": [{"label": "亿元以上项目", "minimum": 10000 * WAN, "amount": 10 * WAN}],
            "thresholds": [{"base": Base.FIXED_INVESTMENT, "minimum": 3000 * WAN, "within_months": None}],
            "instalments": [
                {"percent": 50, "event": Event.APPROVAL, "years_after": 0},
                {"percent": 50, "event": Event.PRODUCING, "years_after": 0},
            ],
            "clawback_days": 180,
            "note": "按《清河县招商引资引荐奖励办法》：固定资产投资3000万元以上项目，分段累进计奖，最高100万元。",
        },
        bureau,
    )
    actions.do_enable_rule(fixed, fixed.version, bureau)
    # A second version, still a draft: whole-band rates (can be tried, not yet in force).
    draft = actions.do_new_version(fixed, bureau)
    actions.do_update_rule(draft, {"rate_type": RateType.WHOLE_BAND}, draft.version, bureau)
    capital = actions.do_create_rule(
        {
            "code": "capital",
            "name": "注册资本到位奖励",
            "base": Base.REGISTERED_CAPITAL,
            "rate_type": RateType.FIXED_TIER,
            "tiers": [{"start": 1000 * WAN, "amount": 5 * WAN}, {"start": 5000 * WAN, "amount": 20 * WAN}],
            "instalments": [{"percent": 100, "event": Event.APPROVAL, "years_after": 0}],
        },
        bureau,
    )
    actions.do_enable_rule(capital, capital.version, bureau)
    actions.do_create_rule(
        {
            "code": "foreign",
            "name": "外资项目引荐奖励",
            "base": Base.FOREIGN_CAPITAL_USD,
            "rate_type": RateType.FIXED_TIER,
            "tiers": [{"start": 1000 * WAN, "amount": 30 * WAN}],
            "thresholds": [{"base": Base.FOREIGN_CAPITAL_USD, "minimum": 1000 * WAN, "within_months": 36}],
        },
        bureau,
    )
    # Seed 004's reward of a share of new local tax: waiting at the gate.
    actions.do_create_rule(
        {
            "code": "local-tax",
            "name": "新增地方留成税收奖励",
            "base": Base.LOCAL_TAX,
            "rate_type": RateType.WHOLE_BAND,
            "bands": [{"start": 0, "rate_bp": 5000}],
            "instalments": [
                {"percent": 40, "event": Event.APPROVAL, "years_after": 0},
                {"percent": 30, "event": Event.APPROVAL, "years_after": 1},
                {"percent": 30, "event": Event.APPROVAL, "years_after": 2},
            ],
            "requires_local_tax": True,
            "note": "原办法按企业新增地方留成税收的50%连续三年奖励；须有法律依据并经合规审查后方可启用。",
        },
        bureau,
    )
    return {"fixed": fixed, "capital": capital}


def build(world: DemoWorld) -> None:
    bureau = world.users["zsj"]
    today = timezone.localdate()
    rules = _rules(bureau)
    signed = list(Project.objects.filter(signed_on__isnull=False, currency=Currency.CNY).order_by("-total_investment", "id")[:6])
    finders = [
        actions.do_create_finder(
            {"name": "陈建国", "kind": FinderKind.PERSON, "contact": "13907310001", "registered_on": today - timedelta(days=900)}, bureau
        ),
        actions.do_create_finder(
            {"name": "清河商务咨询有限公司", "kind": FinderKind.AGENCY, "contact": "0731-8888001", "registered_on": today - timedelta(days=800)},
            bureau,
        ),
        actions.do_create_finder(
            {
                "name": "刘卫东",
                "kind": FinderKind.PERSON,
                "registered_on": today - timedelta(days=700),
                "is_public_servant": True,
                "note": "某局干部",
            },
            bureau,
        ),
    ]
    approved = False
    for n, project in enumerate(signed):
        signed_on = project.signed_on
        assert signed_on is not None  # the query asks for signed projects
        if n == 0:
            rows = [(finders[0], 60), (finders[1], 40)]
        elif n == 1:
            # Registered the day after signing: the trial refuses it with its reason.
            late = actions.do_create_finder(
                {"name": "远航投资顾问", "kind": FinderKind.AGENCY, "registered_on": signed_on + timedelta(days=1)}, bureau
            )
            rows = [(late, 100)]
        elif n == 2:
            rows = [(finders[2], 100)]
        else:
            rows = [(finders[n % 2], 100)]
        if any(f.registered_on > signed_on for f, _ in rows) and n != 1:
            continue
        actions.do_set_finders(project, rows, bureau)
        if n in (0, 3, 4) and not approved:
            try:
                award = actions.do_approve_award(project, rules["fixed"], bureau, today - timedelta(days=40))
            except ValidationError:
                continue
            approved = True
            first = award.entries.order_by("id").first()
            actions.do_mark_paid(first, today - timedelta(days=20), first.version, bureau)
    _clauses(bureau, signed)


def _clauses(bureau, projects: list[Project]) -> None:
    actions.do_scan_agreements(bureau)
    texts = [
        ("企业将注册地迁入本县并在本地纳税的，按其缴纳税收地方留成部分的50%连续三年给予奖励", ClauseStatus.PENDING, "", ""),
        ("项目公司产值、税收纳入本县统计的，给予一次性奖励50万元", ClauseStatus.CLEANED, "", "已签订补充协议删除该条款"),
        ("按地方留成税收给予产业扶持资金", ClauseStatus.LAWFUL, "财税〔2099〕1号", "经合规审查，有法规依据"),
    ]
    for project, (text, status, basis, note) in zip(projects, texts, strict=False):
        review = actions.do_add_clause(project, text, bureau)
        if status != ClauseStatus.PENDING:
            actions.do_update_clause(review, {"status": status, "basis": basis, "note": note}, review.version, bureau)
