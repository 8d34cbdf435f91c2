"""诉求 API under /api/v1/cases: the same scope and the same actions as the screens.
(No `from __future__ import annotations`: ninja reads the annotations at import.)"""

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from zhaoshang.core.api_errors import REFUSALS, VERSION_IN, VERSION_OUT, RequestBody
from zhaoshang.core.api_input import InputSchema
from zhaoshang.core.ranges import Id, Pages
from zhaoshang.organisation.models import Unit
from zhaoshang.projects.models import Project
from zhaoshang.timelimits.models import Urgency

from . import access, actions
from .models import Case, CaseStatus, CaseType, Channel, Satisfaction

router = Router(tags=["诉求与客商投诉"])


def _options(choices) -> str:
    return "、".join(f"{value} {label}" for value, label in choices)


class CaseOut(Schema):
    id: int
    number: str
    title: str
    channel: str
    case_type: str
    urgency: str
    foreign: bool
    uscc: str
    investor_name: str
    investor_id: int | None
    project_id: int | None
    description: str
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    status: str
    status_label: str
    received_at: dt.datetime
    accepted_at: dt.datetime | None
    closed_at: dt.datetime | None
    result: str
    resolved: bool
    reopened: bool
    version: int = Field(description=VERSION_OUT)

    @staticmethod
    def resolve_status_label(obj: Case) -> str:
        return obj.get_status_display()


class CaseQuery(InputSchema):
    q: str = ""
    status: str = Field("", description=f"状态：{_options(CaseStatus.choices)}")
    case_type: str = Field("", description=f"诉求类型：{_options(CaseType.choices)}")


class CaseIn(RequestBody):
    title: str = Field(max_length=200)
    channel: str = Field(description=f"来源渠道：{_options(Channel.choices)}")
    case_type: str = Field(description=f"诉求类型：{_options(CaseType.choices)}")
    urgency: str = Field(Urgency.NORMAL.value, description=f"紧急程度：{_options(Urgency.choices)}")
    foreign: bool = False
    uscc: str = Field("", max_length=18)
    investor_name: str = Field("", max_length=200)
    project_id: Id | None = None
    contact: str = Field("", max_length=100)
    description: str
    unit_id: Id


class VersionIn(RequestBody):
    version: int = Field(ge=0, description=VERSION_IN)


class CaseReasonIn(VersionIn):
    reason: str


class TransferIn(CaseReasonIn):
    unit_id: Id


class CaseNoteIn(RequestBody):
    text: str


class CaseCloseIn(VersionIn):
    result: str
    evidence: str
    resolved: bool = False


class VisitIn(VersionIn):
    satisfaction: int = Field(ge=1, le=5, description=f"满意度：{_options(Satisfaction.choices)}")
    is_default: bool = False
    note: str = ""


class CaseNoteOut(Schema):
    id: int
    text: str
    written_at: dt.datetime


def _case(request: HttpRequest, pk: int, write: bool = False) -> Case:
    return access.get_case_for_user(request.user, pk, write=write)


def _fresh(case: Case) -> Case:
    return Case.objects.select_related("unit").get(pk=case.pk)


@router.get("/cases", response={200: list[CaseOut], **REFUSALS}, url_name="case_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_cases(request: HttpRequest, filters: Query[CaseQuery]):
    """本账号可查看的诉求（本单位承办或登记的；招商局为全县）。"""
    cases = Case.objects.visible_to(request.user).select_related("unit").search(filters.q)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.case_type:
        cases = cases.filter(case_type=filters.case_type)
    return cases


@router.get("/cases/{pk}", response={200: CaseOut, **REFUSALS}, url_name="case_detail")
def get_case(request: HttpRequest, pk: Id) -> Case:
    return _case(request, pk)


@router.post("/cases", response={201: CaseOut, **REFUSALS}, url_name="case_create")
def receive_case(request: HttpRequest, payload: CaseIn) -> Status:
    """登记诉求；填写客商库中已有企业的统一社会信用代码时自动关联客商。"""
    data = payload.dict()
    unit = Unit.objects.filter(pk=data.pop("unit_id"), is_active=True).first()
    if unit is None:
        raise Http404
    project_id = data.pop("project_id")
    data["project"] = get_object_or_404(Project.objects.visible_to(request.user), pk=project_id) if project_id else None
    data["unit"] = unit
    return Status(201, _fresh(actions.do_receive_case(data, request.user)))


@router.post("/cases/{pk}/accept", response={200: CaseOut, **REFUSALS}, url_name="case_accept")
def accept_case(request: HttpRequest, pk: Id, payload: VersionIn) -> Case:
    """签收受理。"""
    case = _case(request, pk, write=True)
    return _fresh(actions.do_accept_case(case, request.user, expected_version=payload.version))


@router.post("/cases/{pk}/refuse", response={200: CaseOut, **REFUSALS}, url_name="case_refuse")
def refuse_case(request: HttpRequest, pk: Id, payload: CaseReasonIn) -> Case:
    """退回转来单位，或不予受理（须说明理由）。"""
    case = _case(request, pk, write=True)
    return _fresh(actions.do_refuse_case(case, payload.reason, request.user, expected_version=payload.version))


@router.post("/cases/{pk}/transfer", response={200: CaseOut, **REFUSALS}, url_name="case_transfer")
def transfer_case(request: HttpRequest, pk: Id, payload: TransferIn) -> Case:
    """转办其他单位（须说明理由；退回或转办超过两次的交招商局）。"""
    case = _case(request, pk, write=True)
    unit = access.transfer_targets(case).filter(pk=payload.unit_id).first()
    if unit is None:
        raise Http404
    return _fresh(actions.do_transfer_case(case, unit, payload.reason, request.user, expected_version=payload.version))


@router.post("/cases/{pk}/notes", response={201: CaseNoteOut, **REFUSALS}, url_name="case_note")
def add_note(request: HttpRequest, pk: Id, payload: CaseNoteIn) -> Status:
    """添加办理记录。"""
    return Status(201, actions.do_add_note(_case(request, pk, write=True), payload.text, request.user))


@router.post("/cases/{pk}/close", response={200: CaseOut, **REFUSALS}, url_name="case_close")
def close_case(request: HttpRequest, pk: Id, payload: CaseCloseIn) -> Case:
    """办结（须填写办理结果与佐证）。"""
    case = _case(request, pk, write=True)
    return _fresh(actions.do_close_case(case, payload.result, payload.evidence, payload.resolved, request.user, expected_version=payload.version))


@router.post("/cases/{pk}/visit", response={200: CaseOut, **REFUSALS}, url_name="case_visit")
def record_visit(request: HttpRequest, pk: Id, payload: VisitIn) -> Case:
    """回访（承办人以外的人员）；不满意的重新办理一次。"""
    case = _case(request, pk, write=True)
    actions.do_record_visit(
        case,
        payload.satisfaction,
        request.user,
        is_default=payload.is_default,
        note=payload.note,
        expected_version=payload.version,
    )
    return _fresh(case)
