
import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema, Status

from zhaoshang.core.api_errors import REFUSALS, RequestBody
from zhaoshang.core.ranges import Amount, Date, Id

from .. import access, actions
from ..models import (
    Stage,
    StageEvent,
    TeamRole,
)
from ..project_forms import team_persons
from .common import MONEY, _invalid, _root_path, _unit_in, _unlinked_evidence, router
from .projects import CreditIn, CreditOut, TeamMemberOut, _credits, _team

# ---------------------------------------------------------------- stages and credits


class EvidenceOut(Schema):
    id: int
    kind: str
    original_name: str
    content_type: str
    size: int
    stage_event_id: int | None
    fund_entry_id: int | None
    uploaded_at: dt.datetime


class StageEventOut(Schema):
    id: int
    kind: str
    stage: str
    stage_label: str
    date: dt.date
    recorded_at: dt.datetime
    recorded_by: str
    note: str
    contract_amount: int | None = Field(description=f"合同金额（签约事件），{MONEY}")
    contract_currency: str
    company_uscc: str
    landing_unit_id: int | None
    voided: bool
    void_reason: str
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_stage_label(obj: StageEvent) -> str:
        return obj.get_stage_display()

    @staticmethod
    def resolve_recorded_by(obj: StageEvent) -> str:
        user = obj.recorded_by
        return (user.get_full_name() or user.username) if user else ""

    @staticmethod
    def resolve_voided(obj: StageEvent) -> bool:
        return obj.voided_at is not None

    @staticmethod
    def resolve_evidence(obj: StageEvent) -> list[Any]:
        return list(obj.evidence.all())


class StageIn(RequestBody):
    stage: str = Field(description="目标阶段，如 signed、registered、started、producing、stalled、dropped")
    date: Date = Field(description="实际日期（签约为合同日期，开工为开工日期），不能晚于今天")
    note: str = Field("", description="说明；停滞、终止须填写原因")
    contract_amount: Amount | None = Field(None, description=f"签约须填：合同金额，按项目币种，{MONEY}")
    company_uscc: str = Field("", description="落地须填：项目公司统一社会信用代码")
    landing_unit_id: Id | None = Field(None, description="落地须填（项目未登记落地园区/乡镇时）")
    evidence_ids: list[Id] = Field(
        [], description="先上传的本项目证明材料编号：签约须含正式合同，开工须含现场照片或施工许可"
    )
    skipped_dates: dict[str, Date] = Field({}, description="跳过的阶段及其实际日期，如 {\"signed\": \"2026-03-01\"}")


class CorrectionIn(RequestBody):
    stage: str = Field(description="退回到的阶段")
    reason: str = Field(description="更正原因（必填）")


@router.get("/projects/{pk}/events", response={200: list[StageEventOut], **REFUSALS}, url_name="project_events")
def list_events(request: HttpRequest, pk: Id) -> list[StageEvent]:
    project = access.get_project_for_user(request.user, pk)
    return list(project.events.select_related("recorded_by").prefetch_related("evidence").order_by("date", "recorded_at", "id"))


@router.post("/projects/{pk}/stage", response={201: StageEventOut, **REFUSALS}, url_name="project_record_stage")
def record_stage(request: HttpRequest, pk: Id, payload: StageIn) -> Status:
    project = access.get_project_for_user(request.user, pk, write=True)
    attached = _unlinked_evidence(project, payload.evidence_ids)
    event = actions.do_record_stage(
        project,
        payload.stage,
        payload.date,
        request.user,
        note=payload.note,
        contract_amount=payload.contract_amount,
        company_uscc=payload.company_uscc,
        landing_unit=_unit_in(_root_path(project.introducing_unit), payload.landing_unit_id, "landing_unit_id", "落地园区/乡镇"),
        attached=attached,
        skipped_dates=payload.skipped_dates,
    )
    return Status(201, event)


@router.post("/projects/{pk}/correction", response={201: StageEventOut, **REFUSALS}, url_name="project_correct_stage")
def correct_stage(request: HttpRequest, pk: Id, payload: CorrectionIn) -> Status:
    project = access.get_project_for_user(request.user, pk)
    if payload.stage not in Stage.values:
        raise _invalid("stage", "阶段无效")
    return Status(201, actions.do_correct_stage(project, payload.stage, payload.reason, request.user))


@router.put("/projects/{pk}/credits", response={200: list[CreditOut], **REFUSALS}, url_name="project_set_credits")
def set_credits(request: HttpRequest, pk: Id, payload: list[CreditIn]) -> list[Any]:
    project = access.get_project_for_user(request.user, pk)
    actions.do_set_credits(project, _credits(_root_path(project.introducing_unit), payload), request.user)
    return list(project.credits.select_related("unit").order_by("-share_bp", "unit__path"))


# ---------------------------------------------------------------- team and intent


class TeamMemberIn(RequestBody):
    person_id: Id = Field(description="人员编号：本账号可见单位的人员或县领导")
    role: str = Field(TeamRole.MEMBER.value, description=f"班子职责：{' / '.join(f'{v} {label}' for v, label in TeamRole.choices)}")


@router.put("/projects/{pk}/team", response={200: list[TeamMemberOut], **REFUSALS}, url_name="project_set_team")
def set_team(request: HttpRequest, pk: Id, payload: list[TeamMemberIn]) -> list[Any]:
    """一个项目、一名领导、一套班子：以提交的名单替换项目班子（空列表即清空）。"""
    project = access.get_project_for_user(request.user, pk, write=True)
    # Whom the team screen offers: persons the user sees, the county's leaders, the current team.
    offered = {p.pk: p for p in team_persons(request.user, project).filter(pk__in=[m.person_id for m in payload])}
    members = []
    for index, member in enumerate(payload):
        if member.person_id not in offered:
            raise _invalid(f"[{index}].person_id", f"第{index + 1}项的人员不存在或不能加入本项目班子")
        if member.role not in TeamRole.values:
            raise _invalid(f"[{index}].role", f"第{index + 1}项的班子职责无效，可选：{'、'.join(TeamRole.values)}")
        members.append((offered[member.person_id], member.role))
    actions.do_set_team(project, members, request.user)
    return _team(project)


class IntentIn(RequestBody):
    date: Date = Field(description="意向协议签订日期，不能晚于今天")
    note: str = ""
    evidence_ids: list[Id] = Field([], description="先上传的本项目证明材料编号（如意向协议文本，kind=intent），可不填")


@router.post("/projects/{pk}/intent", response={201: StageEventOut, **REFUSALS}, url_name="project_record_intent")
def record_intent(request: HttpRequest, pk: Id, payload: IntentIn) -> Status:
    """意向协议：只作记录，不算签约，不改变项目阶段；正式合同签订后请登记 signed 阶段。"""
    project = access.get_project_for_user(request.user, pk, write=True)
    attached = _unlinked_evidence(project, payload.evidence_ids)
    event = actions.do_record_intent(project, payload.date, request.user, note=payload.note, attached=attached)
    return Status(201, event)
