"""产业链 API under /api/v1/chains: chains, their links with states, and target
companies, read with the same scope as the screens.
(No `from __future__ import annotations`: ninja reads the annotations at import.)"""

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from zhaoshang.core.api_errors import REFUSALS
from zhaoshang.core.api_input import InputSchema
from zhaoshang.core.ranges import Id, Pages

from . import access
from .models import Chain, ContactStage, Link, LinkState, TargetCompany, Tier

router = Router(tags=["产业链"])


def _options(choices) -> str:
    return "、".join(f"{value} {label}" for value, label in choices)


class ChainOut(Schema):
    id: int
    name: str
    county_id: int
    leader_id: int | None
    leader_name: str
    deputy_ids: list[int]
    lead_unit_id: int
    lead_unit_name: str = Field(alias="lead_unit.name")
    task_force_ids: list[int]
    master_investor_ids: list[int]
    description: str
    version: int

    @staticmethod
    def resolve_leader_name(obj: Chain) -> str:
        return obj.leader.name if obj.leader else ""

    @staticmethod
    def resolve_deputy_ids(obj: Chain) -> list[int]:
        return [p.pk for p in obj.deputies.all()]

    @staticmethod
    def resolve_task_force_ids(obj: Chain) -> list[int]:
        return [p.pk for p in obj.task_force.all()]

    @staticmethod
    def resolve_master_investor_ids(obj: Chain) -> list[int]:
        return [i.pk for i in obj.masters.all()]


class LinkOut(Schema):
    id: int
    chain_id: int
    parent_id: int | None
    tier: str
    stream: str
    name: str
    order: int
    state: str = Field(description=f"环节状态（人工认定优先）：{_options(LinkState.choices)}")
    rule_state: str
    override_state: str
    override_reason: str
    local_above_size: int = Field(description="挂接的本地规上企业数（含下级环节）")

    @staticmethod
    def resolve_local_above_size(obj: Link) -> int:
        from .actions import local_above_size_count

        return local_above_size_count(obj)


class TargetOut(Schema):
    id: int
    link_id: int
    chain_id: int = Field(alias="link.chain_id")
    name: str
    uscc: str
    tier: str
    source: str
    reason: str
    owner_unit_id: int
    owner_id: int | None
    contact_stage: str
    investor_id: int | None
    project_id: int | None
    converted_at: dt.datetime | None
    version: int


class TargetQuery(InputSchema):
    chain_id: int | None = None
    link_id: int | None = None
    tier: str = Field("", description=f"企业层级：{_options(Tier.choices)}")
    contact_stage: str = Field("", description=f"对接进度：{_options(ContactStage.choices)}")


@router.get("/chains", response={200: list[ChainOut], **REFUSALS}, url_name="chain_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_chains(request: HttpRequest):
    """本账号所在县（市、区）的产业链。"""
    return Chain.objects.visible_to(request.user).select_related("leader", "lead_unit").prefetch_related("deputies", "task_force", "masters")


@router.get("/chains/{pk}", response={200: ChainOut, **REFUSALS}, url_name="chain_detail")
def get_chain(request: HttpRequest, pk: Id) -> Chain:
    return access.get_chain_for_user(request.user, pk)


@router.get("/chains/{pk}/links", response={200: list[LinkOut], **REFUSALS}, url_name="chain_links")
def list_links(request: HttpRequest, pk: Id) -> list[Link]:
    """产业链的全部环节（树：parent_id）及其状态。"""
    chain = access.get_chain_for_user(request.user, pk)
    return list(chain.links.order_by("order", "id"))


@router.get("/chain-targets", response={200: list[TargetOut], **REFUSALS}, url_name="chain_target_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_targets(request: HttpRequest, filters: Query[TargetQuery]):
    """本账号可查看的目标企业（责任单位或产业链牵头单位为本单位的；招商局为全县）。"""
    targets = TargetCompany.objects.visible_to(request.user).select_related("link")
    if filters.chain_id:
        targets = targets.filter(link__chain_id=filters.chain_id)
    if filters.link_id:
        targets = targets.filter(link_id=filters.link_id)
    if filters.tier:
        targets = targets.filter(tier=filters.tier)
    if filters.contact_stage:
        targets = targets.filter(contact_stage=filters.contact_stage)
    return targets.order_by("link_id", "id")


@router.get("/chain-targets/{pk}", response={200: TargetOut, **REFUSALS}, url_name="chain_target_detail")
def get_target(request: HttpRequest, pk: Id) -> TargetCompany:
    return access.get_target_for_user(request.user, pk)
