
import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Schema, Status
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from zhaoshang.core import api_cache
from zhaoshang.core.api_errors import REFUSALS, RequestBody
from zhaoshang.core.api_input import InputSchema
from zhaoshang.core.ranges import Amount, Date, Id, Pages
from zhaoshang.organisation.access import get_unit_for_user
from zhaoshang.organisation.models import Unit

from .. import access, actions, listing
from ..filters import SORTS, ProjectFilterForm
from ..models import (
    PIPELINE,
    Category,
    Currency,
    EventKind,
    Investor,
    InvestorKind,
    KeyLevel,
    Project,
    Stage,
    TeamMember,
    TeamRole,
)
from .common import MONEY, _invalid, _person_in, _root_path, _unit_in, router

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
@decorate_view(api_cache.keep)
@paginate(Pages, page_size=settings.PAGE_SIZE)
def list_projects(request: HttpRequest, filters: Query[ProjectListQuery]) -> QuerySet[Project]:
    """The projects the user may see, filtered exactly as the list screen filters them."""
    # The whole JSON page, kept per scope, query string and data version (listing.py).
    listing.reuse_answer(request, "api-page")
    form = ProjectFilterForm(_filter_data(filters), user=request.user)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    projects = form.filter(Project.objects.visible_to(request.user))
    rows = projects.select_related("investor", "introducing_unit")
    # The count cached as the list screen caches it (listing.py); Pages reads it.
    rows.known_count = listing.totals(request.user, form, projects)["count"]
    return rows


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
