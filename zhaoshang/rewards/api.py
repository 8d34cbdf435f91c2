"""Rewards API (/api/v1/rewards/…): rules with their gate state, a trial of any
rule version on a visible project, the reward ledger (scoped by project), the
finder registry and the clause ledger; and `enable`, which applies the
compliance gate exactly as the screen does. (No `from __future__ import
annotations`: ninja reads the annotations at import.)"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from zhaoshang.core.api_errors import REFUSALS, VERSION_IN, VERSION_OUT, RequestBody
from zhaoshang.core.api_input import InputSchema
from zhaoshang.core.ranges import Date, Id, Pages
from zhaoshang.projects.access import get_project_for_user

from . import access, actions, gate
from .models import ClauseReview, Finder, LedgerEntry, RewardRule

router = Router(tags=["招商奖励"])


class RuleOut(Schema):
    id: int
    code: str
    number: int = Field(description="版本号")
    name: str
    base: str
    rate_type: str
    bands: list[dict] = Field(description="费率分档：start 起点（元），rate_bp 费率（万分之）")
    tiers: list[dict]
    cap: int | None = Field(description="奖励上限（元）")
    extras: list[dict]
    thresholds: list[dict]
    instalments: list[dict]
    clawback_days: int | None
    status: str = Field(description="draft 草稿 / enabled 已启用 / retired 已停用")
    legal_basis: str
    compliance_approved: bool
    gate_triggers: list[str] = Field(description="受《公平竞争审查条例》限制的情形；为空表示不涉及")
    gate_missing: list[str] = Field(description="启用前尚缺的条件")
    version: int = Field(description=VERSION_OUT)

    @staticmethod
    def resolve_compliance_approved(rule: RewardRule) -> bool:
        return rule.compliance_approved_by_id is not None

    @staticmethod
    def resolve_gate_triggers(rule: RewardRule) -> list[str]:
        return gate.triggers(rule)

    @staticmethod
    def resolve_gate_missing(rule: RewardRule) -> list[str]:
        return gate.missing(rule)


class EnableIn(RequestBody):
    version: int = Field(description=VERSION_IN)


class TrialStepOut(Schema):
    label: str
    formula: str
    amount: int


class ScheduledOut(Schema):
    label: str
    percent: int
    amount: int
    due_on: dt.date | None


class TrialOut(Schema):
    rule_id: int
    project_id: int
    as_of: dt.date
    eligible: bool
    refusals: list[str]
    steps: list[TrialStepOut]
    total: int = Field(description="奖励总额（元）")
    schedule: list[ScheduledOut]


class TrialQuery(InputSchema):
    project: Id
    as_of: Date | None = None
    tax_paid: int | None = Field(None, ge=0, description="企业纳税额（元）")
    local_tax: int | None = Field(None, ge=0, description="地方留成税收（元）")


class LedgerOut(Schema):
    id: int
    project_id: int = Field(alias="award.project_id")
    rule_id: int = Field(alias="award.rule_id")
    finder_id: int
    label: str
    amount: int = Field(description="金额（元）")
    due_on: dt.date | None
    status: str
    paid_on: dt.date | None
    commitment_id: int | None
    version: int = Field(description=VERSION_OUT)


class FinderOut(Schema):
    id: int
    name: str
    kind: str
    registered_on: dt.date
    excluded_reason: str


class ClauseOut(Schema):
    id: int
    project_id: int
    clause: str
    status: str = Field(description="pending 待清理 / cleaned 已清理 / lawful 有法律依据")
    basis: str
    note: str


def _require_read(request: HttpRequest) -> None:
    if not access.can_read(request.user):
        raise PermissionDenied


@router.get("/rewards/rules", response={200: list[RuleOut], **REFUSALS}, url_name="reward_rule_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_rules(request: HttpRequest) -> QuerySet[RewardRule]:
    """全部奖励规则及其各版本。"""
    _require_read(request)
    return RewardRule.objects.order_by("code", "-number")


@router.get("/rewards/rules/{pk}", response={200: RuleOut, **REFUSALS}, url_name="reward_rule_detail")
def get_rule(request: HttpRequest, pk: Id) -> RewardRule:
    return access.get_rule_for_user(request.user, pk)


@router.post("/rewards/rules/{pk}/enable", response={200: RuleOut, **REFUSALS}, url_name="reward_rule_enable")
def enable_rule(request: HttpRequest, pk: Id, payload: EnableIn) -> RewardRule:
    """启用规则。以纳税额或地方留成税收为基数、或以迁移注册地/本地纳税/纳入本地统计为条件的规则，
    须已填写法律依据文号并经合规审查员同意，否则返回422及《公平竞争审查条例》的说明。"""
    rule = access.get_rule_for_user(request.user, pk, write=True)
    return actions.do_enable_rule(rule, payload.version, request.user)


@router.get("/rewards/rules/{pk}/trial", response={200: TrialOut, **REFUSALS}, url_name="reward_rule_trial")
def trial(request: HttpRequest, pk: Id, query: Query[TrialQuery]) -> TrialOut:
    """按该规则版本对一个可见项目测算，逐步列出计算过程（不写入任何记录）。"""
    rule = access.get_rule_for_user(request.user, pk)
    project = get_project_for_user(request.user, query.project)
    day = query.as_of or timezone.localdate()
    overrides = {k: v for k, v in (("tax_paid", query.tax_paid), ("local_tax", query.local_tax)) if v is not None}
    result = actions.trial(rule, project, day, overrides)
    return TrialOut(
        rule_id=rule.pk,
        project_id=project.pk,
        as_of=day,
        eligible=result.eligible,
        refusals=result.refusals,
        steps=[TrialStepOut(label=s.label, formula=s.formula, amount=s.amount) for s in result.steps],
        total=result.total,
        schedule=[ScheduledOut(label=s.label, percent=s.percent, amount=s.amount, due_on=s.due_on) for s in result.schedule],
    )


@router.get("/rewards/ledger", response={200: list[LedgerOut], **REFUSALS}, url_name="reward_ledger")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def ledger(request: HttpRequest) -> QuerySet[LedgerEntry]:
    """奖励兑现台账：本单位项目的奖励；招商局和县领导为全部。"""
    return LedgerEntry.objects.visible_to(request.user).select_related("award").order_by("due_on", "id")


@router.get("/rewards/finders", response={200: list[FinderOut], **REFUSALS}, url_name="reward_finder_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def finders(request: HttpRequest) -> QuerySet[Finder]:
    _require_read(request)
    return Finder.objects.order_by("registered_on", "id")


@router.get("/rewards/clauses", response={200: list[ClauseOut], **REFUSALS}, url_name="reward_clause_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def clauses(request: HttpRequest) -> QuerySet[ClauseReview]:
    """协议条款清理台账（按项目可见范围）。"""
    return ClauseReview.objects.visible_to(request.user).order_by("status", "id")
