"""Element API (/api/v1/elements/…): the steps the caller sees (and owes), a
project's predicted start, completing or blocking a step, and the element problems.
Same rules as the screens, through the same access helpers and actions. (No
`from __future__ import annotations`: ninja reads the annotations at import.)"""

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from zhaoshang.accounts import access as accounts_access
from zhaoshang.core.api_errors import REFUSALS, VERSION_IN, VERSION_OUT, RequestBody
from zhaoshang.core.api_input import InputSchema
from zhaoshang.core.ranges import Date, Id, Pages
from zhaoshang.projects.access import get_project_for_user

from . import access, actions
from .models import ElementProblem, ElementStep
from .prediction import predict_project

router = Router(tags=["要素保障"])


class StepOut(Schema):
    id: int
    project_id: int
    project_name: str = Field(alias="project.name")
    kind: str
    code: str
    name: str
    responsible_unit_id: int
    planned_date: dt.date | None
    limit_days: int = Field(description="办理时限（工作日）")
    state: str = Field(description="not_started 未启动 / in_progress 办理中 / done 已完成 / blocked 受阻")
    blocks_start: bool
    completed_on: dt.date | None
    evidence_note: str
    version: int = Field(description=VERSION_OUT)


class StepFilters(InputSchema):
    project: Id | None = None
    state: str = ""
    mine: bool = Field(False, description="仅本单位承办的未完成环节")


class PredictionOut(Schema):
    project_id: int
    agreed_start: dt.date | None = Field(description="约定开工日期")
    predicted_start: dt.date | None = Field(description="预计开工日期；为空表示影响开工的要素已齐备")
    late_days: int
    critical_path: list[str]


class CompleteIn(RequestBody):
    version: int = Field(description=VERSION_IN)
    evidence_note: str = Field(description="办结依据：批文、合同、接电单的文号或说明")
    completed_on: Date | None = Field(None, description="完成日期，默认今天")


class BlockIn(RequestBody):
    description: str = Field(description="受阻原因")


class ProblemOut(Schema):
    id: int
    step_id: int
    description: str
    level: int = Field(description="1 责任部门 / 2 工作专班 / 3 分管领导")
    raised_at: dt.datetime
    closed_at: dt.datetime | None
    resolution: str
    version: int = Field(description=VERSION_OUT)


class ProblemCloseIn(RequestBody):
    resolution: str = Field(description="解决情况及依据")


@router.get("/elements/steps", response={200: list[StepOut], **REFUSALS}, url_name="element_step_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_steps(request: HttpRequest, filters: Query[StepFilters]) -> QuerySet[ElementStep]:
    """可见的要素环节；mine=true 为本单位承办、未完成的环节。"""
    steps = ElementStep.objects.visible_to(request.user).select_related("project")
    if filters.project:
        steps = steps.filter(project=get_project_for_user(request.user, filters.project))
    if filters.state:
        steps = steps.filter(state=filters.state)
    if filters.mine:
        steps = steps.owed_within(accounts_access.write_paths(request.user))
    return steps.order_by("project_id", "position", "id")


@router.get("/elements/projects/{pk}/prediction", response={200: PredictionOut, **REFUSALS}, url_name="element_prediction")
def prediction(request: HttpRequest, pk: Id) -> PredictionOut:
    """按未完成的影响开工环节（关键路径）推算的预计开工日期，与约定开工日期比较。"""
    project = get_project_for_user(request.user, pk)
    result = predict_project(project, timezone.localdate())
    return PredictionOut(
        project_id=project.pk,
        agreed_start=result.agreed,
        predicted_start=result.start,
        late_days=result.late_days(),
        critical_path=[step.name for step in result.critical],
    )


@router.post("/elements/steps/{pk}/complete", response={200: StepOut, **REFUSALS}, url_name="element_step_complete")
def complete_step(request: HttpRequest, pk: Id, payload: CompleteIn) -> ElementStep:
    """办结（须有依据）。"""
    step = access.get_step_for_user(request.user, pk, write=True)
    return actions.do_complete_step(
        step,
        request.user,
        evidence_note=payload.evidence_note,
        completed_on=payload.completed_on,
        expected_version=payload.version,
    )


@router.post("/elements/steps/{pk}/block", response={201: ProblemOut, **REFUSALS}, url_name="element_step_block")
def block_step(request: HttpRequest, pk: Id, payload: BlockIn) -> Status:
    """报受阻：生成要素问题，交责任部门协调。"""
    step = access.get_step_for_user(request.user, pk, write=True)
    return Status(201, actions.do_block_step(step, payload.description, request.user))


@router.get("/elements/problems", response={200: list[ProblemOut], **REFUSALS}, url_name="element_problem_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_problems(request: HttpRequest) -> QuerySet[ElementProblem]:
    return ElementProblem.objects.visible_to(request.user).order_by("raised_at", "id")


@router.post("/elements/problems/{pk}/close", response={200: ProblemOut, **REFUSALS}, url_name="element_problem_close")
def close_problem(request: HttpRequest, pk: Id, payload: ProblemCloseIn) -> ElementProblem:
    """问题解决（须填写解决情况及依据）。"""
    problem = access.get_problem_for_user(request.user, pk, write=True)
    return actions.do_close_problem(problem, payload.resolution, request.user)
