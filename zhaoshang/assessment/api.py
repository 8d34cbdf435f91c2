"""考核 API (read): schemes, their snapshots, and a snapshot's scores, with the same
scoping as the screens (unit users: their own units' scores, published results only).
(No `from __future__ import annotations`: ninja reads the annotations at import.)"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from zhaoshang.core.api_errors import REFUSALS
from zhaoshang.core.ranges import Id, Pages

from . import access
from .models import Scheme

router = Router(tags=["考核"])


class IndicatorOut(Schema):
    id: int
    name: str
    kind: str
    source: str
    source_key: str
    campaign_id: int | None
    weight: Decimal
    cap: Decimal | None
    tiers: list
    per_item: Decimal | None
    item_cap: Decimal | None
    threshold: Decimal | None


class SchemeOut(Schema):
    id: int
    year: int
    name: str
    edition: int
    group_kind: str
    unit_group_id: int | None
    cut_off: dt.date
    excellent_from: Decimal
    good_from: Decimal
    pass_from: Decimal
    publicity_days: int
    version: int


class SchemeDetailOut(SchemeOut):
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_indicators(obj: Scheme) -> list:
        return list(obj.indicators.all())


class SnapshotOut(Schema):
    id: int
    scheme_id: int
    cut_off: dt.date
    status: str
    run_at: dt.datetime
    published_on: dt.date | None
    publicity_ends: dt.date | None


class LineOut(Schema):
    position: int
    indicator_name: str
    kind: str
    source: str
    raw: Decimal | None
    target: Decimal | None
    points: Decimal
    note: str
    record_model: str
    record_ids: list[int]


class ScoreOut(Schema):
    id: int
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    total: Decimal
    rank: int
    grade: str
    vetoed: bool
    promoted: bool
    lines: list[LineOut]

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.all())


@router.get("/assessment/schemes", response={200: list[SchemeOut], **REFUSALS}, url_name="assessment_scheme_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_schemes(request: HttpRequest):
    """本县的考核方案（各版本）。"""
    return Scheme.objects.visible_to(request.user)


@router.get("/assessment/schemes/{pk}", response={200: SchemeDetailOut, **REFUSALS}, url_name="assessment_scheme_detail")
def get_scheme(request: HttpRequest, pk: Id) -> Scheme:
    return access.get_scheme_for_user(request.user, pk)


@router.get("/assessment/schemes/{pk}/snapshots", response={200: list[SnapshotOut], **REFUSALS}, url_name="assessment_snapshot_list")
def list_snapshots(request: HttpRequest, pk: Id) -> list:
    """方案的考核结果；单位用户只看到已公示的。"""
    return list(access.snapshots_for(request.user, access.get_scheme_for_user(request.user, pk)))


@router.get("/assessment/snapshots/{pk}/scores", response={200: list[ScoreOut], **REFUSALS}, url_name="assessment_score_list")
def list_scores(request: HttpRequest, pk: Id) -> list:
    """考核得分及每项指标的数值、得分、计算过程和依据记录；单位用户只看到本单位的。"""
    snapshot = access.get_snapshot_for_user(request.user, pk)
    return list(access.scores_for(request.user, snapshot).prefetch_related("lines"))
