"""Online inquiries in the API, with the rules of the screens: the list is the
user's scope; accepting and marking invalid are for the unit it was routed to
(the same access helper and actions). Public content is read without login as
open data (/public/data/). (No `from __future__ import annotations`: ninja reads
the annotations at import.)"""

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from zhaoshang.core.api_errors import REFUSALS, RequestBody
from zhaoshang.core.api_input import InputSchema
from zhaoshang.core.ranges import Id, Pages

from . import actions
from .access import get_inquiry_for_user
from .models import Inquiry, InquiryStatus

router = Router(tags=["线上投资意向"])


class InquiryOut(Schema):
    id: int
    created_at: dt.datetime
    company: str
    intent: str
    industry: str
    chain: str = Field(description="产业链名称；空为不确定")
    band: str = Field(description="投资规模：small 1000万元以下 / medium 1000万元–1亿元 / large 1–10亿元 / huge 10亿元以上")
    space: str
    time_frame: str
    contact_name: str
    phone: str
    email: str
    source: str
    unit_id: int
    status: str = Field(description="new 待联系 / accepted 已受理 / invalid 无效")
    match_level: str = Field(description="none 新客商 / investor 客商库已有该企业 / duplicate 疑似重复线索")
    matched_investor_id: int | None
    matched_project_id: int | None
    project_id: int | None = Field(description="受理后转成的项目")
    reason: str

    @staticmethod
    def resolve_chain(obj: Inquiry) -> str:
        return obj.chain.name if obj.chain else ""


class InquiryListQuery(InputSchema):
    status: str = Field("", description="new / accepted / invalid")


class AcceptIn(RequestBody):
    name: str = Field("", max_length=200, description="项目名称；空则为“企业名称+行业+项目”")
    category: str = Field("industry", description="项目类别（同项目接口）")
    investor_kind: str = Field("private", description="新建客商时的客商类型")


class RejectIn(RequestBody):
    reason: str = Field(max_length=200, description="无效原因")


class AcceptOut(Schema):
    inquiry: InquiryOut
    project_id: int


@router.get("/inquiries", response={200: list[InquiryOut], **REFUSALS}, url_name="inquiry_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_inquiries(request: HttpRequest, filters: Query[InquiryListQuery]) -> QuerySet[Inquiry]:
    """本人单位（含下级）承办的线上投资意向；招商局为全县。"""
    inquiries = Inquiry.objects.visible_to(request.user)
    if filters.status in InquiryStatus.values:
        inquiries = inquiries.filter(status=filters.status)
    return inquiries.order_by("-created_at", "-id")


@router.get("/inquiries/{pk}", response={200: InquiryOut, **REFUSALS}, url_name="inquiry_detail")
def inquiry_detail(request: HttpRequest, pk: Id) -> Inquiry:
    return get_inquiry_for_user(request.user, pk)


@router.post("/inquiries/{pk}/accept", response={201: AcceptOut, **REFUSALS}, url_name="inquiry_accept")
def accept_inquiry(request: HttpRequest, pk: Id, payload: AcceptIn) -> Status:
    """受理：转为承办单位的项目线索（关联或新建客商）。"""
    inquiry = get_inquiry_for_user(request.user, pk, write=True)
    project = actions.do_accept_inquiry(inquiry, payload.dict(), request.user)
    inquiry.refresh_from_db()
    return Status(201, {"inquiry": inquiry, "project_id": project.pk})


@router.post("/inquiries/{pk}/reject", response={200: InquiryOut, **REFUSALS}, url_name="inquiry_reject")
def reject_inquiry(request: HttpRequest, pk: Id, payload: RejectIn) -> Inquiry:
    inquiry = get_inquiry_for_user(request.user, pk, write=True)
    return actions.do_reject_inquiry(inquiry, payload.reason, request.user)
