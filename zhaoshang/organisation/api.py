from django.http import HttpRequest
from ninja import Router, Schema

from .access import get_unit_for_user
from .models import Unit

router = Router(tags=["组织机构"])


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    division_id: int | None
    is_active: bool
    path: str


@router.get("/units", response=list[UnitOut], url_name="unit_list")
def list_units(request: HttpRequest):
    return Unit.objects.visible_to(request.user).order_by("path")


@router.get("/units/{pk}", response=UnitOut, url_name="unit_detail")
def get_unit(request: HttpRequest, pk: int):
    return get_unit_for_user(request.user, pk)
