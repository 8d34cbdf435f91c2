"""Projects API: projects, stage events, credits, funds arrived, evidence, follow-ups
and investors, through the same access helpers and actions as the screens.

Refusals are raised as the domain's exceptions and answered by the API-wide
handlers in zhaoshang/api.py (format: zhaoshang/core/api_errors.py); each
endpoint lists REFUSALS in its responses so OpenAPI documents them.
(No `from __future__ import annotations` here: ninja reads the annotations at import.)
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from zhaoshang.accounts import access as roles
from zhaoshang.core.api_errors import REFUSALS, RequestBody, VERSION_IN, VERSION_OUT
from zhaoshang.core.api_input import InputSchema, Text
from zhaoshang.core.ranges import Amount, Date, Id, Pages
from zhaoshang.organisation.access import get_unit_for_user
from zhaoshang.organisation.models import Person, Unit

from . import access, actions
from .filters import SORTS, ProjectFilterForm
from .project_forms import team_persons
from .models import (
    PIPELINE,
    Category,
    Currency,
    DuplicateStatus,
    EventKind,
    Evidence,
    FundEntry,
    InvestmentPlan,
    Investor,
    InvestorContact,
    InvestorKind,
    KeyLevel,
    Project,
    Stage,
    StageEvent,
    TeamMember,
    TeamRole,
)
from .summaries import PlanYear

router = Router(tags=["项目"])

MONEY = "整数金额：人民币为元，美元为美分；币种见 currency"


# ---------------------------------------------------------------- helpers


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _unlinked_evidence(project: Project, ids: list[int]) -> list[Evidence]:
    """Files uploaded to this project earlier, referenced by id; whether they are
    still free to link is the action's check."""
    attached = list(Evidence.objects.filter(project=project, pk__in=ids))
    if len(attached) != len(set(ids)):
        raise _invalid("evidence_ids", "部分证明材料不存在或不属于该项目")
    return attached


def _root_path(unit: Unit) -> str:
    return unit.path[: Unit.steplen]


def _unit_in(root: str, pk: int | None, field: str, label: str) -> Unit | None:
    """A unit of the same jurisdiction (tree root). Landing places, credited units and
    responsible departments are often outside the reporter's own scope, so this is
    not a visibility check; the actions decide who may write."""
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk, path__startswith=root).first()
    if unit is None:
        raise _invalid(field, f"{label}不存在")
    return unit


def _person_in(root: str, pk: int | None, field: str, label: str) -> Person | None:
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk, unit__path__startswith=root).first()
    if person is None:
        raise _invalid(field, f"{label}不存在")
    return person


# ---------------------------------------------------------------- projects


class CreditOut(Schema):
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    share_bp: int = Field(description="分成比例，万分比（10000 = 100%）")


class TeamMemberOut(Schema):
    person_id: int
    person_name: str = Field(alias="person.name")
    role: str = Field(description=f"班子职责：{' / '.join(f'{v} {label}' for v, label in TeamRole.choices)}")
    role_label: str

    @staticmethod
    def resolve_role_label(obj: TeamMember) -> str:
        return obj.get_role_display()


class StageDatesOut(Schema):
    stage: str
    label: str
    planned: dt.date | None = Field(description="计划日期")
    actual: dt.date | None = Field(description="实际日期（有效阶段事件的日期）")


class ProjectOut(Schema):
    id: int
    name: str
    investor_id: int | None
    investor_name: str = ""
    source_region: str
    industry: str
    category: str
    currency: str = Field(description="币种：CNY（金额单位为元）或 USD（金额单位为美分）")
    total_investment: int = Field(description=f"总投资，{MONEY}")
    contract_amount: int | None = Field(description=f"合同金额（以签约事件为准），{MONEY}")
    signed_on: dt.date | None = Field(description="正式签约日期")
    is_foreign_funded: bool
    introducing_unit_id: int
    introducing_unit_name: str = Field(alias="introducing_unit.name")
    landing_unit_id: int | None
    landing_address: str
    responsible_leader_id: int | None
    key_level: str
    is_fortune500: bool
    is_high_tech: bool
    is_yi_plus: bool = Field(description="亿元以上（按年度汇率折算后的总投资）")
    stage: str
    stage_label: str
    stage_reason: str
    land_status: str
    env_screening: str
    duplicate_status: str
    version: int = Field(description="版本号：修改时须原样提交，用于防止覆盖他人的修改")

    @staticmethod
    def resolve_investor_name(obj: Project) -> str:
        return obj.investor.name if obj.investor_id else ""

    @staticmethod
    def resolve_stage_label(obj: Project) -> str:
        return obj.get_stage_display()


class ProjectDetailOut(ProjectOut):
    progress_text: str
    company_uscc: str
    intent_signed_on: dt.date | None
    duplicate_of_id: int | None
    credits: list[CreditOut]
    team: list[TeamMemberOut]
    dates: list[StageDatesOut] = Field(description="各阶段计划日期与实际日期")

    @staticmethod
    def resolve_credits(obj: Project) -> list[Any]:
        return list(obj.credits.select_related("unit").order_by("-share_bp", "unit__path"))

    @staticmethod
    def resolve_team(obj: Project) -> list[Any]:
        return _team(obj)

    @staticmethod
    def resolve_dates(obj: Project) -> list[dict[str, Any]]:
        actual: dict[str, dt.date] = {}
        for event in obj.events.active().filter(kind=EventKind.STAGE).order_by("date", "id"):
            actual.setdefault(event.stage, event.date)
        return [
            {
                "stage": stage.value,
                "label": stage.label,
                "planned": getattr(obj, f"planned_{stage.value}_on", None),
                "actual": actual.get(stage.value),
            }
            for stage in PIPELINE
        ]


class CreditIn(RequestBody):
    unit_id: Id
    share_bp: int = Field(description="分成比例，万分比（10000 = 100%），各单位之和须为10000", ge=0, le=10_000)


class ProjectCreate(RequestBody):
    name: str
    investor_id: Id | None = None
    source_region: str = ""
    industry: str = ""
    category: str
    currency: str = Field(Currency.CNY.value, description="币种：CNY（元）或 USD（美分）")
    total_investment: Amount = Field(0, description=f"总投资，{MONEY}")
    is_foreign_funded: bool = False
    introducing_unit_id: Id
    landing_unit_id: Id | None = None
    landing_address: str = ""
    responsible_leader_id: Id | None = None
    key_level: str = ""
    is_fortune500: bool = False
    is_high_tech: bool = False
    planned_signed_on: Date | None = None
    planned_registered_on: Date | None = None
    planned_started_on: Date | None = None
    planned_completed_on: Date | None = None
    planned_producing_on: Date | None = None
    land_status: str = "not_started"
    env_screening: str = "pending"
    progress_text: str = ""
    company_uscc: str = ""
    stage: str = Field(Stage.LEAD.value, description="新建项目只能处于 lead（线索）或 negotiating（洽谈）")
    stage_date: Date | None = Field(None, description="进入该阶段的日期，默认今天")
    note: str = ""
    credits: list[CreditIn] | None = Field(None, description="联合引进的分成；不填则引进单位100%")


class ProjectUpdate(RequestBody):
    """Only the fields sent are changed."""

    version: int = Field(description="读取项目时的版本号；他人已修改时返回409")
    name: str | None = None
    investor_id: Id | None = None
    source_region: str | None = None
    industry: str | None = None
    category: str | None = None
    currency: str | None = None
    total_investment: Amount | None = Field(None, description=f"总投资，{MONEY}")
    is_foreign_funded: bool | None = None
    introducing_unit_id: Id | None = None
    landing_unit_id: Id | None = None
    landing_address: str | None = None
    responsible_leader_id: Id | None = None
    key_level: str | None = None
    is_fortune500: bool | None = None
    is_high_tech: bool | None = None
    planned_signed_on: Date | None = None
    planned_registered_on: Date | None = None
    planned_started_on: Date | None = None
    planned_completed_on: Date | None = None
    planned_producing_on: Date | None = None
    land_status: str | None = None
    env_screening: str | None = None
    progress_text: str | None = None
    company_uscc: str | None = None


# Fields that may be cleared with an explicit null; a null elsewhere means "leave as is".
_NULLABLE = {
    "investor_id",
    "landing_unit_id",
    "responsible_leader_id",
    "planned_signed_on",
    "planned_registered_on",
    "planned_started_on",
    "planned_completed_on",
    "planned_producing_on",
}


def _options(choices) -> str:
    return " / ".join(f"{value} {label}" for value, label in choices if value)


class ProjectListQuery(InputSchema):
    """The list screen's GET parameters (projects/filters.py, ProjectFilterForm),
    so the same query string gives the same projects on the screen, in its Excel
    export and here. An invalid value is a 422 naming the parameter."""

    q: str = Field("", description="项目名称或客商名称包含")
    stage: str = Field("", description=f"当前阶段：{_options(Stage.choices)}")
    reached: str = Field("", description=f"已达到阶段（按 as_of 时的记录）：{_options((s.value, s.label) for s in PIPELINE)}")
    unit: Id | None = Field(None, description="分成单位编号（含下级单位，按分成计）")
    division: Id | None = Field(None, description="赛区编号（分成单位属于该赛区）")
    industry: str = Field("", description="行业（完全一致）")
    category: str = Field("", description=f"项目类别：{_options(Category.choices)}")
    leader: Id | None = Field(None, description="包联领导（人员编号）")
    band: str = Field("", description="总投资规模：1yi / 5yi / 10yi（≥1亿 / ≥5亿 / ≥10亿元，美元项目按当年汇率折算）")
    key_level: str = Field("", description=f"重点项目：any 全部重点 / none 非重点 / {_options(KeyLevel.choices)}")
    fortune500: str = Field("", description="世界500强：1 是 / 0 否")
    hightech: str = Field("", description="高新技术：1 是 / 0 否")
    yi_plus: str = Field("", description="亿元以上：1 是 / 0 否")
    region: str = Field("", description="来源地区包含")
    investor_kind: str = Field("", description=f"客商类型：{_options(InvestorKind.choices)}")
    signed_from: Date | None = Field(None, description="正式签约日期自")
    signed_to: Date | None = Field(None, description="正式签约日期至")
    as_of: Date | None = Field(None, description="截至日期：reached 按此日期的记录判断，默认今天")
    reached_from: Date | None = Field(None, description="与 reached 一起使用：进入该阶段的日期自")
    reached_to: Date | None = Field(None, description="与 reached 一起使用：进入该阶段的日期至")
    counted: str = Field("", description="1：仅计入统计的项目（不含待研判的疑似重复）")
    duplicate: str = Field("", description="1：仅疑似重复（待招商局研判）")
    sort: str = Field("", description="排序：" + " / ".join(f"{key} {label}" for key, (label, _) in SORTS.items() if key) + "；默认最近录入")


def _filter_data(filters: ProjectListQuery) -> dict[str, str]:
    """The parameters as the screen's query string carries them."""
    data = {}
    for name, value in filters.dict().items():
        if value is None or value == "":
            continue
        data[name] = value.isoformat() if isinstance(value, dt.date) else str(value)
    return data


def _project_data(user, fields: dict[str, Any], root: str) -> dict[str, Any]:
    """Payload fields → the action's data: ids become objects of the same jurisdiction."""
    data = {k: v for k, v in fields.items() if k in actions.PROJECT_FIELDS}
    if "investor_id" in fields:
        pk = fields["investor_id"]
        data["investor"] = None if pk is None else Investor.objects.filter(pk=pk).first()
        if pk is not None and data["investor"] is None:
            raise _invalid("investor_id", "客商不存在")
    if fields.get("introducing_unit_id") is not None:
        data["introducing_unit"] = get_unit_for_user(user, fields["introducing_unit_id"])
    if "landing_unit_id" in fields:
        data["landing_unit"] = _unit_in(root, fields["landing_unit_id"], "landing_unit_id", "落地园区/乡镇")
    if "responsible_leader_id" in fields:
        data["responsible_leader"] = _person_in(root, fields["responsible_leader_id"], "responsible_leader_id", "包联领导")
    return data


def _credits(root: str, credits: list[CreditIn] | None) -> list[tuple[Unit, int]] | None:
    if credits is None:
        return None
    return [(_unit_in(root, c.unit_id, "credits", "分成单位"), c.share_bp) for c in credits]


def _team(project: Project) -> list[TeamMember]:
    return list(project.team.select_related("person").order_by("id"))


def _detail(project: Project) -> Project:
    return Project.objects.select_related("investor", "introducing_unit").get(pk=project.pk)


@router.get("/projects", response={200: list[ProjectOut], **REFUSALS}, url_name="project_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_projects(request: HttpRequest, filters: Query[ProjectListQuery]) -> QuerySet[Project]:
    """The projects the user may see, filtered exactly as the list screen filters them."""
    form = ProjectFilterForm(_filter_data(filters), user=request.user)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.filter(Project.objects.visible_to(request.user)).select_related("investor", "introducing_unit")


@router.get("/projects/{pk}", response={200: ProjectDetailOut, **REFUSALS}, url_name="project_detail")
def get_project(request: HttpRequest, pk: Id) -> Project:
    return _detail(access.get_project_for_user(request.user, pk))


@router.post("/projects", response={201: ProjectDetailOut, **REFUSALS}, url_name="project_create")
def create_project(request: HttpRequest, payload: ProjectCreate) -> Status:
    unit = get_unit_for_user(request.user, payload.introducing_unit_id)
    root = _root_path(unit)
    data = _project_data(request.user, payload.dict(), root)
    project = actions.do_create_project(
        data,
        _credits(root, payload.credits),
        request.user,
        stage=payload.stage,
        stage_date=payload.stage_date,
        note=payload.note,
    )
    return Status(201, _detail(project))


@router.patch("/projects/{pk}", response={200: ProjectDetailOut, **REFUSALS}, url_name="project_update")
def update_project(request: HttpRequest, pk: Id, payload: ProjectUpdate) -> Project:
    project = access.get_project_for_user(request.user, pk, write=True)
    sent = payload.dict(exclude_unset=True, exclude={"version"})
    sent = {k: v for k, v in sent.items() if v is not None or k in _NULLABLE}
    data = _project_data(request.user, sent, _root_path(project.introducing_unit))
    return _detail(actions.do_update_project(project, data, payload.version, request.user))


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
    evidence_ids: list[Id] = Field([], description="先上传的本项目证明材料编号：签约须含正式合同，开工须含现场照片或施工许可")
    skipped_dates: dict[str, Date] = Field({}, description='跳过的阶段及其实际日期，如 {"signed": "2026-03-01"}')


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


# ---------------------------------------------------------------- duplicates (招商局)


class DuplicateOut(ProjectOut):
    duplicate_of: ProjectOut | None = Field(description="疑似与之重复的项目")


class MergeIn(RequestBody):
    into_id: Id = Field(description="保留的项目：本项目合并到该项目。两者须是一对待研判的疑似重复项目（任一方被标记为与另一方重复）")
    credits: list[CreditIn] | None = Field(None, description="合并后保留项目的联合引进分成；不填则保持保留项目原有分成")


def _require_bureau_for(user, project: Project) -> None:
    # Asked before the body is looked at, so a unit user learns nothing from it.
    if not access.is_bureau_for(user, project):
        raise PermissionDenied


def _held_pair(one: Project, other: Project) -> bool:
    return any(a.duplicate_status == DuplicateStatus.SUSPECTED and a.duplicate_of_id == b.pk for a, b in ((one, other), (other, one)))


@router.get("/duplicates", response={200: list[DuplicateOut], **REFUSALS}, url_name="duplicate_list")
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_duplicates(request: HttpRequest) -> QuerySet[Project]:
    """招商局的重复研判队列：疑似重复、待研判的项目及其疑似对应的项目（仅招商局）。"""
    if not (roles.is_bureau(request.user) or roles.is_admin(request.user)):
        raise PermissionDenied
    return (
        Project.objects.in_bureau_scope_of(request.user)
        .awaiting_duplicate_review()
        .select_related("investor", "introducing_unit", "duplicate_of__investor", "duplicate_of__introducing_unit")
        .order_by("created_at", "id")
    )


@router.post("/projects/{pk}/merge", response={200: ProjectDetailOut, **REFUSALS}, url_name="project_merge")
def merge_project(request: HttpRequest, pk: Id, payload: MergeIn) -> Project:
    """把本项目作为重复项目合并到 into_id（仅招商局）：两者历史都保留，本项目标记为已合并，
    阶段事件、到位资金、问题和证明材料移到保留的项目，统计只计一次。返回保留的项目。"""
    duplicate = access.get_project_for_user(request.user, pk)
    _require_bureau_for(request.user, duplicate)
    survivor = Project.objects.visible_to(request.user).filter(pk=payload.into_id).first()
    if survivor is None:
        raise _invalid("into_id", "保留的项目不存在")
    if not _held_pair(duplicate, survivor):
        raise _invalid("into_id", "只能合并一对待研判的疑似重复项目")
    credits = _credits(_root_path(survivor.introducing_unit), payload.credits)
    return _detail(actions.do_merge_projects(survivor, duplicate, request.user, credits))


@router.post("/projects/{pk}/distinct", response={200: ProjectDetailOut, **REFUSALS}, url_name="project_mark_distinct")
def mark_distinct(request: HttpRequest, pk: Id) -> Project:
    """招商局研判：本项目与其疑似重复的项目不是同一项目，解除暂缓，开始计入统计。"""
    project = access.get_project_for_user(request.user, pk)
    return _detail(actions.do_mark_distinct(project, request.user))


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
        evidence = actions.do_attach_evidence(project, actions.Upload(kind, file), request.user, fund_entry=entry, stage_event=event)
    except ValidationError as error:
        # The file checks raise a bare message: it is about the uploaded file.
        raise error if hasattr(error, "error_dict") else _invalid("file", error.messages[0]) from None
    return Status(201, evidence)


@router.get("/evidence/{pk}", response={200: None, **REFUSALS}, url_name="project_evidence_download")
def download_evidence(request: HttpRequest, pk: Id) -> FileResponse:
    evidence = access.get_evidence_for_user(request.user, pk)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type)
    return response


# ---------------------------------------------------------------- follow-ups


class FollowUpOut(Schema):
    id: int
    project_id: int
    date: dt.date = Field(description="跟踪日期")
    note: str = Field(description="跟踪情况")
    recorded_at: dt.datetime
    recorded_by: str = Field(description="记录人")

    @staticmethod
    def resolve_recorded_by(obj) -> str:
        user = obj.recorded_by
        return "" if user is None else (user.get_full_name() or user.username)


class FollowUpIn(RequestBody):
    date: Date = Field(description="跟踪日期，不能晚于今天")
    note: str = Field(description="跟踪情况")


@router.get("/projects/{pk}/follow-ups", response={200: list[FollowUpOut], **REFUSALS}, url_name="project_follow_ups")
def list_follow_ups(request: HttpRequest, pk: Id) -> list[Any]:
    """The project's follow-ups (跟踪记录), newest first."""
    project = access.get_project_for_user(request.user, pk)
    return list(project.follow_ups.select_related("recorded_by"))


@router.post("/projects/{pk}/follow-ups", response={201: FollowUpOut, **REFUSALS}, url_name="project_follow_up_create")
def record_follow_up(request: HttpRequest, pk: Id, payload: FollowUpIn) -> Status:
    project = access.get_project_for_user(request.user, pk, write=True)
    return Status(201, actions.do_record_follow_up(project, payload.date, payload.note, request.user))


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


# ---------------------------------------------------------------- investment plans (重点项目)


class MonthOut(Schema):
    month: int
    completed_amount: int = Field(description="当月完成固定资产投资（元）")


class InvestmentPlanOut(Schema):
    year: int
    planned_amount: int = Field(description="年度计划固定资产投资（元）")
    completed_amount: int = Field(description="已填报各月完成投资合计（元）")
    months: list[MonthOut]

    @staticmethod
    def resolve_completed_amount(obj: InvestmentPlan) -> int:
        return PlanYear.of(obj).completed

    @staticmethod
    def resolve_months(obj: InvestmentPlan) -> list[Any]:
        return sorted(obj.months.all(), key=lambda m: m.month)


class PlanIn(RequestBody):
    planned_amount: Amount = Field(description="年度计划固定资产投资，整数元，不能为负数")


class MonthIn(RequestBody):
    completed_amount: Amount = Field(description="当月完成固定资产投资，整数元，不能为负数")


def _plan(project: Project, year: int) -> InvestmentPlan:
    return project.investment_plans.prefetch_related("months").get(year=year)


@router.get(
    "/projects/{pk}/investment-plans",
    response={200: list[InvestmentPlanOut], **REFUSALS},
    url_name="project_investment_plans",
)
def list_investment_plans(request: HttpRequest, pk: Id) -> list[Any]:
    """重点项目的年度投资计划与各月完成投资，新的年度在前。"""
    project = access.get_project_for_user(request.user, pk)
    return list(project.investment_plans.prefetch_related("months").order_by("-year"))


@router.put(
    "/projects/{pk}/investment-plans/{year}",
    response={200: InvestmentPlanOut, **REFUSALS},
    url_name="project_set_investment_plan",
)
def set_investment_plan(request: HttpRequest, pk: Id, year: int, payload: PlanIn) -> InvestmentPlan:
    """填报或修改重点项目某年度的计划投资（元）。只有重点项目填报年度投资计划。"""
    project = access.get_project_for_user(request.user, pk, write=True)
    actions.do_set_investment_plan(project, year, payload.planned_amount, request.user)
    return _plan(project, year)


@router.put(
    "/projects/{pk}/investment-plans/{year}/months/{month}",
    response={200: InvestmentPlanOut, **REFUSALS},
    url_name="project_record_monthly_investment",
)
def record_monthly_investment(request: HttpRequest, pk: Id, year: int, month: int, payload: MonthIn) -> InvestmentPlan:
    """填报某月完成投资（元），月份1–12，不能填报未来月份；须先有该年度的投资计划。返回该年度计划。"""
    project = access.get_project_for_user(request.user, pk, write=True)
    actions.do_record_monthly_investment(project, year, month, payload.completed_amount, request.user)
    return _plan(project, year)
