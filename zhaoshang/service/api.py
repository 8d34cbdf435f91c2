"""营商环境 API: service items, the commitments ledger (create, progress, 政府违约
complaint) and the figures, through the same access helpers and actions as the
screens. (No `from __future__ import annotations`: ninja reads the annotations.)"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from zhaoshang.core.api_errors import REFUSALS, VERSION_IN, VERSION_OUT, RequestBody
from zhaoshang.core.api_input import InputSchema
from zhaoshang.core.ranges import Amount, Date, Id, Pages
from zhaoshang.metrics.api import resolve_scope
from zhaoshang.organisation.access import get_unit_for_user
from zhaoshang.projects.models import Investor, Project

from . import actions, figures
from .access import get_commitment_for_user, get_service_item_for_user
from .models import Commitment, CommitmentSource, CommitmentStatus, ServiceItem

router = Router(tags=["营商环境"])


class ServiceItemOut(Schema):
    id: int
    number: str
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    name: str
    applicant: str
    applicant_uscc: str
    project_id: int | None
    accepted_on: dt.date
    committed_days: int
    statutory_days: int
    due_on: dt.date = Field(description="承诺办结日期（按工作日历计算）")
    finished_on: dt.date | None
    used_days: int | None = Field(description="实际用时（工作日）")
    saved_days: int | None = Field(description="比法定时限节省的工作日")
    version: int = Field(description=VERSION_OUT)


class ServiceItemFilters(InputSchema):
    state: str = Field("", description="open 在办 / finished 已办结 / late 超承诺时限")
    finished_from: Date | None = None
    finished_to: Date | None = None


@router.get("/service-items", response={200: list[ServiceItemOut], **REFUSALS}, url_name="service_item_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_service_items(request: HttpRequest, filters: Query[ServiceItemFilters]) -> QuerySet[ServiceItem]:
    """政务服务办件（本人可见单位的）。"""
    items = ServiceItem.objects.visible_to(request.user).select_related("unit")
    if filters.state == "open":
        items = items.filter(finished_on__isnull=True)
    elif filters.state == "finished":
        items = items.filter(finished_on__isnull=False)
    elif filters.state == "late":
        items = items.past_commitment(timezone.localdate())
    if filters.finished_from:
        items = items.filter(finished_on__gte=filters.finished_from)
    if filters.finished_to:
        items = items.filter(finished_on__lte=filters.finished_to)
    return items.order_by("-accepted_on", "-id")


@router.get("/service-items/{pk}", response={200: ServiceItemOut, **REFUSALS}, url_name="service_item_detail")
def service_item_detail(request: HttpRequest, pk: Id) -> ServiceItem:
    return get_service_item_for_user(request.user, pk)


class CommitmentOut(Schema):
    id: int
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    source: str
    source_ref: str
    investor_id: int | None
    project_id: int | None
    content: str
    amount: int = Field(description="涉及金额（元）")
    condition: str
    due_on: dt.date
    status: str = Field(description="not_yet 未到条件 / due 应兑现 / partial 部分兑现 / fulfilled 已兑现 / overdue 逾期 / impossible 依法不能兑现")
    status_reason: str
    fulfilled_on: dt.date | None
    last_progress_on: dt.date
    supervised_on: dt.date | None = Field(description="三个月无进展的督办日期")
    breach_raised_on: dt.date | None = Field(description="客商反映政府违约的日期")
    breach_case_id: int | None = Field(description="政府违约登记成的诉求（/api/cases/{id}）")
    version: int = Field(description=VERSION_OUT)


class CommitmentFilters(InputSchema):
    status: str = ""
    attention: bool = Field(False, description="只列督办中或逾期的")


@router.get("/commitments", response={200: list[CommitmentOut], **REFUSALS}, url_name="commitment_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_commitments(request: HttpRequest, filters: Query[CommitmentFilters]) -> QuerySet[Commitment]:
    """承诺兑现台账（本人可见单位的）。"""
    commitments = Commitment.objects.visible_to(request.user).select_related("unit")
    if filters.status:
        commitments = commitments.filter(status=filters.status)
    if filters.attention:
        commitments = commitments.open().filter(supervised_on__isnull=False) | commitments.filter(status=CommitmentStatus.OVERDUE)
    return commitments.order_by("due_on", "id")


@router.get("/commitments/{pk}", response={200: CommitmentOut, **REFUSALS}, url_name="commitment_detail")
def commitment_detail(request: HttpRequest, pk: Id) -> Commitment:
    return get_commitment_for_user(request.user, pk)


class CommitmentIn(RequestBody):
    unit_id: Id
    source: str = Field(description="agreement 协议条款 / minutes 会议纪要 / policy 政策文件 / instruction 领导批示")
    source_ref: str
    investor_id: Id | None = None
    project_id: Id | None = None
    content: str
    amount: Amount = Field(0, description="涉及金额（元）")
    condition: str = ""
    due_on: Date
    not_yet: bool = Field(False, description="兑现条件尚未成就")


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


@router.post("/commitments", response={201: CommitmentOut, **REFUSALS}, url_name="commitment_create")
def create_commitment(request: HttpRequest, payload: CommitmentIn) -> Status:
    unit = get_unit_for_user(request.user, payload.unit_id)
    if not actions.writable_units(request.user).filter(pk=unit.pk).exists():
        raise PermissionDenied
    if payload.source not in CommitmentSource.values:
        raise _invalid("source", "来源无效")
    if payload.amount < 0:
        raise _invalid("amount", "金额不能为负数")
    data = payload.dict(exclude={"unit_id", "investor_id", "project_id"})
    data["investor"] = data["project"] = None
    if payload.investor_id is not None:
        data["investor"] = Investor.objects.visible_to(request.user).filter(pk=payload.investor_id).first()
        if data["investor"] is None:
            raise _invalid("investor_id", "找不到该客商")
    if payload.project_id is not None:
        data["project"] = Project.objects.visible_to(request.user).filter(pk=payload.project_id).first()
        if data["project"] is None:
            raise _invalid("project_id", "找不到该项目")
    return Status(201, actions.do_create_commitment(unit, data, [], request.user, timezone.localdate()))


class ProgressIn(RequestBody):
    version: int = Field(description=VERSION_IN)
    status: str = Field(description="not_yet / due / partial / fulfilled / impossible（逾期由系统标记）")
    date: Date
    note: str
    reason: str = Field("", description="未兑现原因；不得为机构调整、人员变动等")


@router.post("/commitments/{pk}/progress", response={200: CommitmentOut, **REFUSALS}, url_name="commitment_progress")
def record_progress(request: HttpRequest, pk: Id, payload: ProgressIn) -> Commitment:
    commitment = get_commitment_for_user(request.user, pk, write=True)
    if payload.date > timezone.localdate():
        raise _invalid("date", "日期不能晚于今天")
    if not payload.note.strip():
        raise _invalid("note", "请填写进展情况")
    actions.do_record_progress(commitment, payload.status, payload.note, payload.reason, payload.date, payload.version, request.user)
    return commitment


class BreachIn(RequestBody):
    note: str = Field(description="客商反映的违约情况")
    channel: str = Field("visit", description="来源渠道：portal / hotline / phone / visit / federation / petition / leader")


@router.post("/commitments/{pk}/breach", response={200: CommitmentOut, **REFUSALS}, url_name="commitment_breach")
def raise_breach(request: HttpRequest, pk: Id, payload: BreachIn) -> Commitment:
    """客商就该承诺反映政府违约（每项承诺一次）。"""
    commitment = get_commitment_for_user(request.user, pk, write=True)
    if commitment.breach_raised_on is not None:
        raise _invalid("note", "该承诺已登记过政府违约投诉")
    return actions.do_raise_breach(commitment, payload.note, timezone.localdate(), request.user, channel=payload.channel)


class FigureOut(Schema):
    key: str
    label: str
    kind: str = Field(description="rate 比率（%）/ days 工作日")
    value: float | int | None
    numerator: int
    denominator: int


class FiguresQuery(InputSchema):
    scope: str = Field(description="unit:<编号>、division:<编号> 或 jurisdiction:<编号>")
    as_of: Date | None = Field(None, description="截至日期，默认今天；统计期从当年1月1日起")


@router.get("/service-figures", response={200: list[FigureOut], **REFUSALS}, url_name="service_figures")
def service_figures(request: HttpRequest, query: Query[FiguresQuery]) -> list[FigureOut]:
    """营商环境指标：办件按时办结率、节省工作日、承诺兑现率（及以后登记的指标）。"""
    scope = resolve_scope(request.user, query.scope)
    as_of = query.as_of or timezone.localdate()
    lines = figures.figures_for([scope], dt.date(as_of.year, 1, 1), as_of)[scope.key]
    return [
        FigureOut(
            key=line.figure.key,
            label=line.figure.label,
            kind=line.figure.kind,
            value=float(line.value.number) if line.value.number is not None else None,
            numerator=line.value.numerator,
            denominator=line.value.denominator,
        )
        for line in lines
    ]
