
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zhaoshang.core.api_errors import REFUSALS, VERSION_IN, VERSION_OUT, RequestBody
from zhaoshang.core.api_input import InputSchema
from zhaoshang.core.ranges import Id, Pages

from .. import access, actions
from ..models import (
    Investor,
    InvestorContact,
    Project,
)
from .common import router

# ---------------------------------------------------------------- investors


class ContactOut(Schema):
    id: int
    name: str = Field(description="联系人；无权查看的用户得到脱敏后的信息")
    title: str
    phone: str
    email: str


class ContactIn(RequestBody):
    name: str
    title: str = ""
    phone: str = ""
    email: str = ""


class InvestorOut(Schema):
    id: int
    name: str
    uscc: str = Field(description="统一社会信用代码（18位，校验位符合GB 32100-2015）；境外企业可为空")
    foreign_registration: str
    kind: str
    region: str
    is_fortune500: bool
    note: str
    version: int = Field(description=VERSION_OUT)


class InvestorDetailOut(InvestorOut):
    contacts: list[ContactOut] = Field(description="联系人；无权查看的用户得到脱敏后的信息")
    project_ids: list[int] = Field(description="本账号可见的该客商项目")


class InvestorIn(RequestBody):
    name: str
    uscc: str = ""
    foreign_registration: str = ""
    kind: str
    region: str = ""
    is_fortune500: bool = False
    note: str = ""
    contacts: list[ContactIn] = []


class InvestorFilters(InputSchema):
    q: str = ""
    kind: str = ""
    region: str = ""


def _contact(user, contact: InvestorContact, allowed: bool) -> dict[str, Any]:
    return {"id": contact.pk, **access.contact_fields_for(user, contact, allowed=allowed)}


def _contacts(user, investor: Investor, allowed: bool) -> list[dict[str, Any]]:
    return [_contact(user, c, allowed) for c in investor.contacts.order_by("id")]


def _investor_detail(user, investor: Investor) -> dict[str, Any]:
    allowed = access.can_see_investor_contacts(user, investor)
    return {
        **{name: getattr(investor, name) for name in InvestorOut.model_fields},
        "contacts": _contacts(user, investor, allowed),
        "project_ids": list(Project.objects.visible_to(user).filter(investor=investor).values_list("pk", flat=True)),
    }


@router.get("/investors", response={200: list[InvestorOut], **REFUSALS}, url_name="investor_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_investors(request: HttpRequest, filters: Query[InvestorFilters]) -> QuerySet[Investor]:
    # The 客商库 is shared by every unit of the jurisdiction; contacts are masked in the detail.
    investors = Investor.objects.all()
    if filters.q.strip():
        text = filters.q.strip()
        investors = investors.filter(Q(name__icontains=text) | Q(uscc__iexact=text))
    if filters.kind:
        investors = investors.filter(kind=filters.kind)
    if filters.region:
        investors = investors.filter(region=filters.region)
    return investors.order_by("name", "id")


@router.get("/investors/{pk}", response={200: InvestorDetailOut, **REFUSALS}, url_name="investor_detail")
def get_investor(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _investor_detail(request.user, access.get_investor_for_user(request.user, pk))


@router.post("/investors", response={201: InvestorDetailOut, **REFUSALS}, url_name="investor_create")
def create_investor(request: HttpRequest, payload: InvestorIn) -> Status:
    data = payload.dict(exclude={"contacts"})
    contacts = [contact.dict() for contact in payload.contacts]
    investor = actions.do_create_investor(data, request.user, contacts)
    return Status(201, _investor_detail(request.user, investor))


class InvestorUpdate(RequestBody):
    """Only the fields sent are changed; a null means "leave as is"."""

    version: int = Field(description=VERSION_IN)
    name: str | None = None
    uscc: str | None = Field(None, description="统一社会信用代码（18位，校验位符合GB 32100-2015）；空字符串表示清除")
    foreign_registration: str | None = None
    kind: str | None = None
    region: str | None = None
    is_fortune500: bool | None = None
    note: str | None = None


@router.patch("/investors/{pk}", response={200: InvestorDetailOut, **REFUSALS}, url_name="investor_update")
def update_investor(request: HttpRequest, pk: Id, payload: InvestorUpdate) -> dict[str, Any]:
    """修改客商：招商局，或本客商某个项目的经办单位。"""
    investor = access.get_investor_for_user(request.user, pk, write=True)
    data = {k: v for k, v in payload.dict(exclude_unset=True, exclude={"version"}).items() if v is not None}
    return _investor_detail(request.user, actions.do_update_investor(investor, data, payload.version, request.user))


@router.get("/investors/{pk}/contacts", response={200: list[ContactOut], **REFUSALS}, url_name="investor_contacts")
def list_investor_contacts(request: HttpRequest, pk: Id) -> list[dict[str, Any]]:
    """联系人是个人信息：招商局和本客商项目的经办单位看到全文，其他人看到脱敏后的信息。"""
    investor = access.get_investor_for_user(request.user, pk)
    return _contacts(request.user, investor, access.can_see_investor_contacts(request.user, investor))


@router.post("/investors/{pk}/contacts", response={201: ContactOut, **REFUSALS}, url_name="investor_contact_create")
def add_investor_contact(request: HttpRequest, pk: Id, payload: ContactIn) -> Status:
    investor = access.get_investor_for_user(request.user, pk, write=True)
    contact = actions.do_add_investor_contact(investor, payload.dict(), request.user)
    return Status(201, _contact(request.user, contact, access.can_see_investor_contacts(request.user, investor)))
