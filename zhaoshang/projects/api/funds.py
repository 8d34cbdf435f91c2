
import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from ninja import Field, File, Form, Query, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from zhaoshang.core.api_errors import REFUSALS, RequestBody
from zhaoshang.core.api_input import InputSchema, Text
from zhaoshang.core.ranges import Amount, Date, Id, Pages

from .. import access, actions
from ..models import (
    Currency,
    FundEntry,
)
from .common import MONEY, _invalid, router
from .stages import EvidenceOut

# ---------------------------------------------------------------- funds arrived


class FundOut(Schema):
    id: int
    project_id: int
    date: dt.date
    amount: Amount = Field(description=f"到位金额，{MONEY}；更正条目可为负数")
    currency: str
    kind: str
    note: str
    corrects_id: int | None
    status: str = Field(description="reported 已填报 / unit_approved 单位审核 / verified 招商局核实 / returned 退回")
    status_label: str
    reported_at: dt.datetime
    approved_at: dt.datetime | None
    verified_at: dt.datetime | None
    returned_at: dt.datetime | None
    return_reason: str
    version: int
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_status_label(obj: FundEntry) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_evidence(obj: FundEntry) -> list[Any]:
        return list(obj.evidence.all())


class FundIn(RequestBody):
    date: Date = Field(description="到位日期，不能晚于今天")
    amount: Amount = Field(description=f"到位金额，{MONEY}；须大于0（更正条目可为负数）")
    currency: str = Field(Currency.CNY.value, description="CNY（元）或 USD（美分）")
    kind: str = Field(description="capital 注册资本金 / investment 项目投资 / loan 融资借款 / other 其他")
    note: str = ""
    corrects_id: Id | None = Field(None, description="更正的已核实条目编号")


class FundFilters(InputSchema):
    project: Id | None = None
    status: str = ""


class ReasonIn(RequestBody):
    reason: str = Field(description="退回原因（必填）")


def _fund(entry: FundEntry) -> FundEntry:
    return FundEntry.objects.prefetch_related("evidence").get(pk=entry.pk)


@router.get("/funds", response={200: list[FundOut], **REFUSALS}, url_name="fund_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_funds(request: HttpRequest, filters: Query[FundFilters]) -> QuerySet[FundEntry]:
    entries = FundEntry.objects.visible_to(request.user).prefetch_related("evidence")
    if filters.project is not None:
        entries = entries.filter(project=access.get_project_for_user(request.user, filters.project))
    if filters.status:
        entries = entries.filter(status=filters.status)
    return entries.order_by("-date", "-id")


@router.get("/funds/{pk}", response={200: FundOut, **REFUSALS}, url_name="fund_detail")
def get_fund(request: HttpRequest, pk: Id) -> FundEntry:
    return _fund(access.get_fund_entry_for_user(request.user, pk))


class FundUpdate(RequestBody):
    """Only the fields sent are changed; a null means "leave as is"."""

    version: int = Field(description="读取该笔到位资金时的版本号；他人已修改时返回409")
    date: Date | None = Field(None, description="到位日期，不能晚于今天")
    amount: Amount | None = Field(None, description=f"到位金额，{MONEY}")
    currency: str | None = None
    kind: str | None = None
    note: str | None = None


@router.patch("/funds/{pk}", response={200: FundOut, **REFUSALS}, url_name="fund_update")
def update_funds(request: HttpRequest, pk: Id, payload: FundUpdate) -> FundEntry:
    """修改已填报或已退回的到位资金（退回的重新进入「已填报」）。单位已审核的须先退回；
    已核实的锁定，不能修改，如有差错请另行填报更正条目（corrects_id）。"""
    entry = access.get_fund_entry_for_user(request.user, pk, write=True)
    data = {k: v for k, v in payload.dict(exclude_unset=True, exclude={"version"}).items() if v is not None}
    return _fund(actions.do_update_fund_entry(entry, data, payload.version, request.user))


@router.post("/projects/{pk}/funds", response={201: FundOut, **REFUSALS}, url_name="fund_create")
def report_funds(request: HttpRequest, pk: Id, payload: FundIn) -> Status:
    project = access.get_project_for_user(request.user, pk, write=True)
    data = payload.dict(exclude={"corrects_id"})
    if payload.corrects_id is not None:
        data["corrects"] = FundEntry.objects.filter(pk=payload.corrects_id, project=project).first()
        if data["corrects"] is None:
            raise _invalid("corrects_id", "只能更正本项目已核实的到位资金")
    return Status(201, _fund(actions.do_report_funds(project, data, request.user)))


@router.post("/funds/{pk}/approve", response={200: FundOut, **REFUSALS}, url_name="fund_approve")
def approve_funds(request: HttpRequest, pk: Id) -> FundEntry:
    entry = access.get_fund_entry_for_user(request.user, pk)
    return _fund(actions.do_approve_funds(entry, request.user))


@router.post("/funds/{pk}/verify", response={200: FundOut, **REFUSALS}, url_name="fund_verify")
def verify_funds(request: HttpRequest, pk: Id) -> FundEntry:
    entry = access.get_fund_entry_for_user(request.user, pk)
    return _fund(actions.do_verify_funds(entry, request.user))


@router.post("/funds/{pk}/return", response={200: FundOut, **REFUSALS}, url_name="fund_return")
def return_funds(request: HttpRequest, pk: Id, payload: ReasonIn) -> FundEntry:
    entry = access.get_fund_entry_for_user(request.user, pk)
    return _fund(actions.do_return_funds(entry, payload.reason, request.user))


# ---------------------------------------------------------------- evidence


@router.post("/projects/{pk}/evidence", response={201: EvidenceOut, **REFUSALS}, url_name="project_evidence_upload")
def upload_evidence(
    request: HttpRequest,
    pk: Id,
    file: File[UploadedFile],
    kind: Form[Text],
    fund_entry_id: Form[int | None] = None,
    stage_event_id: Form[int | None] = None,
) -> Status:
    """multipart/form-data：file（PDF、JPG 或 PNG），kind（材料类型），可选 fund_entry_id 或
    stage_event_id。不关联时，可在登记阶段时以 evidence_ids 引用。"""
    project = access.get_project_for_user(request.user, pk, write=True)
    entry = event = None
    if fund_entry_id is not None:
        entry = project.fund_entries.filter(pk=fund_entry_id).first()
        if entry is None:
            raise _invalid("fund_entry_id", "到位资金不属于该项目")
    if stage_event_id is not None:
        event = project.events.filter(pk=stage_event_id).first()
        if event is None:
            raise _invalid("stage_event_id", "阶段事件不属于该项目")
    try:
        evidence = actions.do_attach_evidence(
            project, actions.Upload(kind, file), request.user, fund_entry=entry, stage_event=event
        )
    except ValidationError as error:
        # The file checks raise a bare message: it is about the uploaded file.
        raise error if hasattr(error, "error_dict") else _invalid("file", error.messages[0]) from None
    return Status(201, evidence)


@router.get("/evidence/{pk}", response={200: None, **REFUSALS}, url_name="project_evidence_download")
def download_evidence(request: HttpRequest, pk: Id) -> FileResponse:
    evidence = access.get_evidence_for_user(request.user, pk)
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    return response
