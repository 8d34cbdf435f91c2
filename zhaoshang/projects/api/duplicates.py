

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field
from ninja.pagination import paginate

from zhaoshang.accounts import access as roles
from zhaoshang.core.api_errors import REFUSALS, RequestBody
from zhaoshang.core.ranges import Id, Pages

from .. import access, actions
from ..models import (
    DuplicateStatus,
    Project,
)
from .common import _invalid, _root_path, router
from .projects import CreditIn, ProjectDetailOut, ProjectOut, _credits, _detail

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
    return any(
        a.duplicate_status == DuplicateStatus.SUSPECTED and a.duplicate_of_id == b.pk for a, b in ((one, other), (other, one))
    )


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
