"""Obstacles API (问题清单): the board, adding one, each step of the loop (status,
handling notes, 销号 proposal with evidence, a leader's 批示) through the same
access helpers and actions as the screens.
(No `from __future__ import annotations` here: ninja reads the annotations at import.)
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from zhaoshang.core.api_errors import REFUSALS, VERSION_IN, VERSION_OUT, RequestBody
from zhaoshang.core.api_input import InputSchema, Text
from zhaoshang.core.ranges import Date, Id, Pages

from .. import access, actions
from .common import _invalid, _person_in, _root_path, _unit_in
from ..models import Obstacle, ObstacleNote, ObstacleStatus

router = Router(tags=["问题清单"])


class ObstacleNoteOut(Schema):
    id: int
    kind: str = Field(description="note 办理情况 / escalation 上报 / proposal 申请销号 / returned 退回 / closed 确认销号 / instruction 领导批示")
    kind_label: str
    text: str
    author: str
    created_at: dt.datetime
    attachment_name: str

    @staticmethod
    def resolve_kind_label(obj: ObstacleNote) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_author(obj: ObstacleNote) -> str:
        return (obj.author.get_full_name() or obj.author.username) if obj.author else ""


class ObstacleOut(Schema):
    id: int
    project_id: int
    category: str
    category_label: str
    description: str
    responsible_unit_id: int
    deadline: dt.date
    status: str = Field(description="open 待办 / in_progress 办理中 / proposed 待确认销号 / resolved 已销号 / escalated 已上报")
    escalated_to_id: int | None
    instruction: str = Field(description="领导最近一次批示")
    instructed_by_id: int | None
    instructed_at: dt.datetime | None
    raised_at: dt.datetime
    resolved_at: dt.datetime | None
    is_overdue: bool = Field(description="已超过办结时限且未销号")
    version: int = Field(description=VERSION_OUT)

    @staticmethod
    def resolve_category_label(obj: Obstacle) -> str:
        return obj.get_category_display()

    @staticmethod
    def resolve_is_overdue(obj: Obstacle) -> bool:
        return obj.resolved_at is None and obj.deadline < timezone.localdate()


class ObstacleDetailOut(ObstacleOut):
    notes: list[ObstacleNoteOut] = Field(description="办理记录，按时间先后")

    @staticmethod
    def resolve_notes(obj: Obstacle) -> list[ObstacleNote]:
        return list(obj.notes.select_related("author"))


class ObstacleIn(RequestBody):
    category: str = Field(
        description="funds 资金 / land_approval 用地报批 / demolition 征地拆迁 / approval 审批 / utilities 水电路配套 / labour 用工 / other 其他"
    )
    description: str
    responsible_unit_id: Id
    deadline: Date | None = Field(None, description="办结时限；不提交则按时限标准（项目问题）以工作日计算")


class ObstacleStatusIn(RequestBody):
    version: int | None = Field(None, description=VERSION_IN + "；不提交则只按状态流转规则检查")
    status: str = Field(
        description="in_progress 办理中 / escalated 上报 / resolved 销号（待确认销号时为确认）；"
        "待确认销号时改为 in_progress 即退回。申请销号须附证明材料，见 /obstacles/{pk}/proposal"
    )
    note: str = Field("", description="办理情况；销号、上报、退回时必填")
    escalated_to_id: Id | None = Field(None, description="上报的领导（人员编号）")


class InstructionIn(RequestBody):
    version: int | None = Field(None, description=VERSION_IN)
    text: str = Field(description="批示内容")


class ObstacleFilters(InputSchema):
    project: Id | None = None
    status: str = ""
    overdue: bool = False


def _file_refusal(error: ValidationError, field: str) -> ValidationError:
    """The file checks raise a bare message: it is about the uploaded file."""
    return error if hasattr(error, "error_dict") else _invalid(field, error.messages[0])


@router.get("/obstacles", response={200: list[ObstacleOut], **REFUSALS}, url_name="obstacle_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_obstacles(request: HttpRequest, filters: Query[ObstacleFilters]) -> QuerySet[Obstacle]:
    obstacles = Obstacle.objects.visible_to(request.user)
    if filters.project is not None:
        obstacles = obstacles.filter(project=access.get_project_for_user(request.user, filters.project))
    if filters.status:
        obstacles = obstacles.filter(status=filters.status)
    if filters.overdue:
        obstacles = obstacles.overdue(timezone.localdate())
    return obstacles.order_by("deadline", "id")


@router.get("/obstacles/{pk}", response={200: ObstacleDetailOut, **REFUSALS}, url_name="obstacle_detail")
def get_obstacle(request: HttpRequest, pk: Id) -> Obstacle:
    """一个问题及其办理记录；责任单位可读（不含项目的其他内容）。"""
    return access.get_obstacle_for_user(request.user, pk)


@router.post("/projects/{pk}/obstacles", response={201: ObstacleOut, **REFUSALS}, url_name="obstacle_create")
def add_obstacle(request: HttpRequest, pk: Id, payload: ObstacleIn) -> Status:
    project = access.get_project_for_user(request.user, pk, write=True)
    data = payload.dict(exclude={"responsible_unit_id"})
    data["responsible_unit"] = _unit_in(_root_path(project.introducing_unit), payload.responsible_unit_id, "responsible_unit_id", "责任单位")
    return Status(201, actions.do_add_obstacle(project, data, request.user))


@router.post("/obstacles/{pk}/status", response={200: ObstacleOut, **REFUSALS}, url_name="obstacle_status")
def change_obstacle_status(request: HttpRequest, pk: Id, payload: ObstacleStatusIn) -> Obstacle:
    obstacle = access.get_obstacle_for_user(request.user, pk, write=True)
    if payload.status not in ObstacleStatus.values:
        raise _invalid("status", "问题状态无效")
    leader = _person_in(_root_path(obstacle.project.introducing_unit), payload.escalated_to_id, "escalated_to_id", "上报领导")
    return actions.do_update_obstacle_status(
        obstacle, payload.status, request.user, note=payload.note, escalated_to=leader, expected_version=payload.version
    )


@router.post("/obstacles/{pk}/notes", response={201: ObstacleNoteOut, **REFUSALS}, url_name="obstacle_note")
def add_obstacle_note(request: HttpRequest, pk: Id, text: Form[Text], attachment: File[UploadedFile] | None = None) -> Status:
    """multipart/form-data：text（办理情况），可选 attachment（PDF、JPG 或 PNG）。"""
    obstacle = access.get_obstacle_for_user(request.user, pk, write=True)
    try:
        return Status(201, actions.do_add_obstacle_note(obstacle, text, request.user, attachment))
    except ValidationError as error:
        raise _file_refusal(error, "attachment") from None


@router.post("/obstacles/{pk}/proposal", response={200: ObstacleOut, **REFUSALS}, url_name="obstacle_proposal")
def propose_closure(request: HttpRequest, pk: Id, note: Form[Text], evidence: File[UploadedFile], version: Form[int | None] = None) -> Obstacle:
    """申请销号（multipart/form-data）：note（办理结果），evidence（证明材料），version。
    由项目所属单位确认（status=resolved）或退回（status=in_progress）。"""
    obstacle = access.get_obstacle_for_user(request.user, pk, write=True)
    try:
        return actions.do_update_obstacle_status(
            obstacle, ObstacleStatus.PROPOSED, request.user, note=note, evidence=evidence, expected_version=version
        )
    except ValidationError as error:
        raise _file_refusal(error, "evidence") from None


@router.post("/obstacles/{pk}/instruction", response={200: ObstacleOut, **REFUSALS}, url_name="obstacle_instruction")
def give_instruction(request: HttpRequest, pk: Id, payload: InstructionIn) -> Obstacle:
    """领导批示：仅限问题上报的领导（未指定领导时，本县领导），问题须处于已上报状态。"""
    obstacle = access.get_obstacle_for_user(request.user, pk)
    return actions.do_give_obstacle_instruction(obstacle, payload.text, request.user, expected_version=payload.version)
