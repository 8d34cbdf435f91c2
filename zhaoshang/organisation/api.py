"""Organisation API: the same access helpers, filters and actions as the screens.
Refusals (PermissionDenied, Http404, ValidationError) are answered by the API-wide
handlers in zhaoshang/api.py, in the format of zhaoshang/core/api_errors.py.
(No `from __future__ import annotations` here: ninja reads the annotations at import.)"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from zhaoshang.accounts import access
from zhaoshang.core.api_errors import REFUSALS, RequestBody, VERSION_IN, VERSION_OUT
from zhaoshang.core.api_input import InputSchema
from zhaoshang.core.ranges import Amount, Id, Pages, SortOrder

from . import actions
from .access import get_division_for_user, get_person_for_user, get_unit_for_user
from .forms import validate_phone
from .models import ANY_LEADER_BODY, Division, LeaderBody, Person, Unit, UnitKind

router = Router(tags=["组织机构"])


def _set_fields(payload: Schema, exclude: set[str]) -> dict:
    """The fields a PATCH actually sent; an explicit null means "leave as is"
    because none of these fields may be empty in the database."""
    return {k: v for k, v in payload.dict(exclude_unset=True, exclude=exclude).items() if v is not None}


def _division_or_none(user, pk: int | None) -> Division | None:
    return None if pk is None else get_division_for_user(user, pk)


def _check_kind(kind: str | None) -> None:
    if kind is not None and kind not in UnitKind.values:
        raise ValidationError({"kind": "单位类型无效，可选：" + "、".join(UnitKind.values)})


# ---------------------------------------------------------------- units


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    division_id: int | None
    city: str
    sort_order: int
    is_active: bool
    path: str
    depth: int
    version: int = Field(description=VERSION_OUT)


class UnitCreate(RequestBody):
    parent_id: Id
    name: str
    short_name: str = ""
    kind: str
    division_id: Id | None = None
    city: str = ""
    sort_order: SortOrder = 0


class UnitUpdate(RequestBody):
    version: int = Field(description=VERSION_IN)
    name: str | None = None
    short_name: str | None = None
    kind: str | None = None
    division_id: Id | None = None
    city: str | None = None
    sort_order: SortOrder | None = None


class UnitMove(RequestBody):
    parent_id: Id


class UnitFilters(InputSchema):
    q: str = ""
    inactive: bool = False
    within: Id | None = None


@router.get("/units", response={200: list[UnitOut], **REFUSALS}, url_name="unit_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_units(request: HttpRequest, filters: Query[UnitFilters]):
    units = Unit.objects.visible_to(request.user).with_inactive(filters.inactive).search(filters.q)
    if filters.within is not None:
        units = units.within([get_unit_for_user(request.user, filters.within).path])
    return units.order_by("path")


@router.get("/units/{pk}", response={200: UnitOut, **REFUSALS}, url_name="unit_detail")
def get_unit(request: HttpRequest, pk: Id):
    return get_unit_for_user(request.user, pk)


@router.post("/units", response={201: UnitOut, **REFUSALS}, url_name="unit_create")
def create_unit(request: HttpRequest, payload: UnitCreate):
    parent = get_unit_for_user(request.user, payload.parent_id, write=True)
    _check_kind(payload.kind)
    data = payload.dict(exclude={"parent_id", "division_id"})
    data["division"] = _division_or_none(request.user, payload.division_id)
    return Status(201, actions.do_create_unit(parent, data, request.user))


@router.patch("/units/{pk}", response={200: UnitOut, **REFUSALS}, url_name="unit_update")
def update_unit(request: HttpRequest, pk: Id, payload: UnitUpdate):
    unit = get_unit_for_user(request.user, pk, write=True)
    _check_kind(payload.kind)
    data = _set_fields(payload, exclude={"division_id", "version"})
    if "division_id" in payload.model_fields_set:
        data["division"] = _division_or_none(request.user, payload.division_id)
    return actions.do_update_unit(unit, data, payload.version, request.user)


@router.post("/units/{pk}/move", response={200: UnitOut, **REFUSALS}, url_name="unit_move")
def move_unit(request: HttpRequest, pk: Id, payload: UnitMove):
    unit = get_unit_for_user(request.user, pk, write=True)
    parent = get_unit_for_user(request.user, payload.parent_id, write=True)
    return actions.do_move_unit(unit, parent, request.user)


@router.post("/units/{pk}/activate", response={200: UnitOut, **REFUSALS}, url_name="unit_activate")
def activate_unit(request: HttpRequest, pk: Id):
    unit = get_unit_for_user(request.user, pk, write=True)
    return actions.do_set_unit_active(unit, True, request.user)


@router.post("/units/{pk}/deactivate", response={200: UnitOut, **REFUSALS}, url_name="unit_deactivate")
def deactivate_unit(request: HttpRequest, pk: Id):
    unit = get_unit_for_user(request.user, pk, write=True)
    return actions.do_set_unit_active(unit, False, request.user)


# ---------------------------------------------------------------- divisions


class DivisionOut(Schema):
    id: int
    jurisdiction_id: int
    name: str
    default_quota: int
    competes: bool
    sort_order: int
    member_ids: list[int]
    version: int = Field(description=VERSION_OUT)

    @staticmethod
    def resolve_member_ids(obj: Division) -> list[int]:
        return [unit.pk for unit in obj.units.all()]


class DivisionCreate(RequestBody):
    jurisdiction_id: Id
    name: str
    default_quota: Amount
    competes: bool = True
    sort_order: SortOrder = 0
    member_ids: list[Id] | None = None


class DivisionUpdate(RequestBody):
    version: int = Field(description=VERSION_IN)
    name: str | None = None
    default_quota: Amount | None = None
    competes: bool | None = None
    sort_order: SortOrder | None = None
    member_ids: list[Id] | None = None


class DivisionFilters(InputSchema):
    q: str = ""
    competes: bool | None = None


def _members(user, ids: list[int] | None) -> list[Unit] | None:
    if ids is None:
        return None
    units = list(Unit.objects.visible_to(user).filter(pk__in=ids))
    if len(units) != len(set(ids)):
        raise ValidationError({"member_ids": "部分成员单位不存在或无权查看"})
    return units


@router.get("/divisions", response={200: list[DivisionOut], **REFUSALS}, url_name="division_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_divisions(request: HttpRequest, filters: Query[DivisionFilters]):
    divisions = Division.objects.visible_to(request.user).search(filters.q).prefetch_related("units")
    if filters.competes is not None:
        divisions = divisions.filter(competes=filters.competes)
    return divisions


@router.get("/divisions/{pk}", response={200: DivisionOut, **REFUSALS}, url_name="division_detail")
def get_division(request: HttpRequest, pk: Id):
    return get_division_for_user(request.user, pk)


@router.post("/divisions", response={201: DivisionOut, **REFUSALS}, url_name="division_create")
def create_division(request: HttpRequest, payload: DivisionCreate):
    jurisdiction = get_unit_for_user(request.user, payload.jurisdiction_id, write=True)
    division = Division(jurisdiction=jurisdiction)
    data = payload.dict(exclude={"jurisdiction_id", "member_ids"})
    members = _members(request.user, payload.member_ids)
    return Status(201, actions.do_save_division(division, data, request.user, members))


@router.patch("/divisions/{pk}", response={200: DivisionOut, **REFUSALS}, url_name="division_update")
def update_division(request: HttpRequest, pk: Id, payload: DivisionUpdate):
    division = get_division_for_user(request.user, pk, write=True)
    data = _set_fields(payload, exclude={"member_ids", "version"})
    members = _members(request.user, payload.member_ids)
    return actions.do_save_division(division, data, request.user, members, expected_version=payload.version)


# ---------------------------------------------------------------- persons


class PersonOut(Schema):
    id: int
    name: str
    post: str
    unit_id: int
    is_principal: bool
    leader_body: str
    phone: str
    sort_order: int
    is_active: bool
    version: int = Field(description=VERSION_OUT)

    @staticmethod
    def resolve_phone(obj: Person) -> str:
        # Masked for readers who may not edit the person, as on the screens.
        return obj.phone if getattr(obj, "phone_visible", False) else obj.masked_phone


class PersonCreate(RequestBody):
    name: str
    post: str = ""
    unit_id: Id
    is_principal: bool = False
    leader_body: str = ""
    phone: str = ""
    sort_order: SortOrder = 0


class PersonUpdate(RequestBody):
    version: int = Field(description=VERSION_IN)
    name: str | None = None
    post: str | None = None
    unit_id: Id | None = None
    is_principal: bool | None = None
    leader_body: str | None = None
    phone: str | None = None
    sort_order: SortOrder | None = None


class PersonFilters(InputSchema):
    q: str = ""
    unit: Id | None = None
    leader_body: str = ""
    principal: bool | None = None
    active: bool | None = True


def _person_data(user, payload: Schema, unset: bool) -> dict:
    data = _set_fields(payload, exclude={"unit_id", "version"}) if unset else payload.dict(exclude={"unit_id"})
    if payload.unit_id is not None:
        unit = get_unit_for_user(user, payload.unit_id)
        data["unit"] = unit
    if data.get("leader_body") and data["leader_body"] not in LeaderBody.values:
        raise ValidationError({"leader_body": "四大家领导无效，可选：" + "、".join(LeaderBody.values)})
    if data.get("phone"):
        try:
            validate_phone(data["phone"])
        except ValidationError as error:
            raise ValidationError({"phone": error.messages}) from None
    return data


def _with_phone(user, person: Person) -> Person:
    person.phone_visible = access.covers(access.write_paths(user), person.unit.path)
    return person


@router.get("/persons", response={200: list[PersonOut], **REFUSALS}, url_name="person_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_persons(request: HttpRequest, filters: Query[PersonFilters]):
    unit = get_unit_for_user(request.user, filters.unit) if filters.unit is not None else None
    if filters.leader_body not in ("", ANY_LEADER_BODY, *LeaderBody.values):
        raise ValidationError({"leader_body": "四大家领导无效，可选：" + "、".join((ANY_LEADER_BODY, *LeaderBody.values))})
    return (
        Person.objects.visible_to(request.user)
        .with_phone_visibility(request.user)
        .matching(
            text=filters.q,
            unit=unit,
            leader_body=filters.leader_body,
            principal=filters.principal,
            active=filters.active,
        )
        .order_by("unit__path", "sort_order", "id")
    )


@router.get("/persons/{pk}", response={200: PersonOut, **REFUSALS}, url_name="person_detail")
def get_person(request: HttpRequest, pk: Id):
    return _with_phone(request.user, get_person_for_user(request.user, pk))


@router.post("/persons", response={201: PersonOut, **REFUSALS}, url_name="person_create")
def create_person(request: HttpRequest, payload: PersonCreate):
    data = _person_data(request.user, payload, unset=False)
    return Status(201, _with_phone(request.user, actions.do_create_person(data, request.user)))


@router.patch("/persons/{pk}", response={200: PersonOut, **REFUSALS}, url_name="person_update")
def update_person(request: HttpRequest, pk: Id, payload: PersonUpdate):
    person = get_person_for_user(request.user, pk, write=True)
    data = _person_data(request.user, payload, unset=True)
    return _with_phone(request.user, actions.do_update_person(person, data, payload.version, request.user))


@router.post("/persons/{pk}/activate", response={200: PersonOut, **REFUSALS}, url_name="person_activate")
def activate_person(request: HttpRequest, pk: Id):
    person = get_person_for_user(request.user, pk, write=True)
    return _with_phone(request.user, actions.do_set_person_active(person, True, request.user))


@router.post("/persons/{pk}/deactivate", response={200: PersonOut, **REFUSALS}, url_name="person_deactivate")
def deactivate_person(request: HttpRequest, pk: Id):
    person = get_person_for_user(request.user, pk, write=True)
    return _with_phone(request.user, actions.do_set_person_active(person, False, request.user))
