"""Creating, editing and publishing disclosures (bureau only); the portal's content
(promoted projects, policies, sites: bureau only); online inquiries (submitted by
anyone, handled by the unit they are routed to)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhaoshang.accounts import access
from zhaoshang.chains import actions as chain_actions
from zhaoshang.core.history import save_with_history
from zhaoshang.core.versions import bump_version

from zhaoshang.organisation.models import Unit, UnitKind
from zhaoshang.projects import actions as project_actions
from zhaoshang.projects.models import Category, Investor, InvestorKind, Project, Stage
from zhaoshang.timelimits.engine import actions as time_limits
from zhaoshang.timelimits.models import PolicyKind

from . import chains
from .models import Column, Content, Disclosure, Inquiry, InquiryStatus, MatchLevel

FIELDS = ("period", "title", "as_of", "columns")


# The kind of content created is the kind returned.
C = TypeVar("C", bound=Content)


def _require_bureau(user: User, disclosure: Disclosure) -> None:
    if not access.covers(access.bureau_paths(user), disclosure.jurisdiction.path):
        raise PermissionDenied


def _check(disclosure: Disclosure) -> None:
    period = disclosure.period
    if not period.start <= disclosure.as_of <= period.end:
        raise ValidationError({"as_of": f"公布截至日期须在考核期间（{period.start}至{period.end}）之内"})
    unknown = set(disclosure.columns) - set(Column.values)
    if unknown:
        raise ValidationError({"columns": "未知的栏目：" + "、".join(sorted(unknown))})
    duplicate = Disclosure.objects.filter(period=period, as_of=disclosure.as_of).exclude(pk=disclosure.pk)
    if duplicate.exists():
        raise ValidationError({"as_of": "该考核期间在此日期已有公开记录"})


def _save(disclosure: Disclosure, user: User) -> Disclosure:
    save_with_history(disclosure, user)
    return disclosure


@transaction.atomic
def do_create_disclosure(data: Mapping[str, Any], user: User) -> Disclosure:
    disclosure = Disclosure(jurisdiction=data["period"].jurisdiction, **{f: data[f] for f in FIELDS})
    _require_bureau(user, disclosure)
    _check(disclosure)
    return _save(disclosure, user)


@transaction.atomic
def do_update_disclosure(disclosure: Disclosure, data: Mapping[str, Any], expected_version: int, user: User) -> Disclosure:
    """Save a disclosure edit made on `expected_version`; a stale one raises ConflictError."""
    _require_bureau(user, disclosure)
    bump_version(disclosure, expected_version)
    for name in FIELDS:
        setattr(disclosure, name, data[name])
    disclosure.jurisdiction = disclosure.period.jurisdiction
    _require_bureau(user, disclosure)
    _check(disclosure)
    return _save(disclosure, user)


@transaction.atomic
def do_publish_disclosure(disclosure: Disclosure, user: User) -> Disclosure:
    _require_bureau(user, disclosure)
    if disclosure.is_published:
        raise ValidationError("该进度已公开")
    disclosure.is_published = True
    disclosure.published_at = timezone.now()
    disclosure.published_by = user
    return _save(disclosure, user)


@transaction.atomic
def do_unpublish_disclosure(disclosure: Disclosure, user: User) -> Disclosure:
    _require_bureau(user, disclosure)
    if not disclosure.is_published:
        raise ValidationError("该进度尚未公开")
    disclosure.is_published = False
    return _save(disclosure, user)


# ---------------------------------------------------------------- portal content


def bureau_jurisdiction(user: User) -> Unit:
    """The jurisdiction new content belongs to: the unit of the user's bureau role."""
    paths = access.bureau_paths(user)
    unit = Unit.objects.filter(path__in=paths).order_by("path").first()
    if unit is None and access.is_admin(user):
        unit = Unit.objects.order_by("path").first()
    if unit is None:
        raise PermissionDenied
    return unit


def _require_content_bureau(user: User, content: Content) -> None:
    if not (access.is_admin(user) or access.covers(access.bureau_paths(user), content.jurisdiction.path)):
        raise PermissionDenied


def _save_content(content: Content, user: User, reason: str = "") -> Content:
    content.updated_at = timezone.now()
    content.full_clean(exclude=["jurisdiction", "owner"] if content.pk else None)
    save_with_history(content, user, reason)
    return content


@transaction.atomic
def do_create_content(model: type[C], data: Mapping[str, Any], user: User) -> C:
    content = model(jurisdiction=bureau_jurisdiction(user), **data)
    _require_content_bureau(user, content)
    _save_content(content, user)
    return content


@transaction.atomic
def do_update_content(content: Content, data: Mapping[str, Any], expected_version: int, user: User) -> Content:
    """Save an edit made on `expected_version`; a stale one raises ConflictError.
    Unticking 可供 on a site withdraws it from the public pages at once."""
    _require_content_bureau(user, content)
    bump_version(content, expected_version)
    for name, value in data.items():
        setattr(content, name, value)
    return _save_content(content, user)


@transaction.atomic
def do_confirm_content(content: Content, user: User) -> Content:
    """确认仍有效: the owner (or the bureau) vouches the content is still current,
    which shows stale content again and clears the owner's to-do."""
    _require_content_bureau(user, content)
    content.version += 1
    return _save_content(content, user, "确认内容仍然有效")


# ---------------------------------------------------------------- inquiries


def lead_name(inquiry: Inquiry) -> str:
    return f"{inquiry.company}{inquiry.industry}项目"[:200]


def route(inquiry: Inquiry) -> Unit:
    """Who handles an inquiry: the unit of the promoted project it is about; else
    the chain's lead unit; else the place the investor wants; else the bureau."""
    if inquiry.promoted_project is not None:
        return inquiry.promoted_project.unit
    if unit := chains.lead_unit(inquiry.chain):
        return unit
    if inquiry.place is not None:
        return inquiry.place
    bureau = Unit.objects.filter(kind=UnitKind.BUREAU, is_active=True).order_by("path").first()
    if bureau is None:
        raise ValidationError("尚未设置招商局，无法受理")
    return bureau


def match(inquiry: Inquiry) -> None:
    """The duplicate levels of projects (§3): the same company in the 客商库 (USCC
    or normalised name), and among its open leads one that looks alike (similar
    name or same landing place, projects.actions.looks_alike)."""
    inquiry.match_level, inquiry.matched_investor, inquiry.matched_project = MatchLevel.NONE, None, None
    investor = Investor.objects.matching(inquiry.company).first()
    if investor is None:
        return
    inquiry.match_level, inquiry.matched_investor = MatchLevel.INVESTOR, investor
    open_leads = Project.objects.active().in_stage(Stage.LEAD, Stage.NEGOTIATING).filter(investor=investor).order_by("id")
    name, place_id = lead_name(inquiry), inquiry.place_id
    for lead in open_leads:
        if project_actions.looks_alike(name, place_id, lead.name, lead.landing_unit_id):
            inquiry.match_level, inquiry.matched_project = MatchLevel.DUPLICATE, lead
            return


@transaction.atomic
def do_submit_inquiry(data: Mapping[str, Any], now: datetime | None = None) -> Inquiry:
    """An anonymous visitor's inquiry: matched, routed, and its first contact given
    the time limit of the engine (1 working day)."""
    if not data.get("consent"):
        raise ValidationError({"consent": "请同意个人信息处理规则"})
    now = now or timezone.now()
    inquiry = Inquiry(**data, created_at=now)
    inquiry.unit = route(inquiry)
    match(inquiry)
    inquiry.full_clean()
    inquiry.save()
    time_limits.do_start_clock(inquiry, kind=PolicyKind.FIRST_CONTACT, unit=inquiry.unit, title=f"线上投资意向：{inquiry.company}", now=now)
    return inquiry


def can_handle(user: User, inquiry: Inquiry) -> bool:
    """The rule behind 受理 and 无效 (the buttons ask it too): a writer of the unit
    it was routed to, or of a unit above it, while it waits."""
    return inquiry.status == InquiryStatus.NEW and Inquiry.objects.handled_by_units_of(user).filter(pk=inquiry.pk).exists()


def _locked_for_handling(inquiry: Inquiry, user: User) -> Inquiry:
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if not can_handle(user, inquiry):
        raise ValidationError("该投资意向已处理，或不由您的单位承办")
    return inquiry


def _handled(inquiry: Inquiry, user: User, status: str) -> Inquiry:
    inquiry.status, inquiry.handled_by, inquiry.handled_at = status, user, timezone.now()
    inquiry.version += 1
    inquiry._history_user = user
    inquiry.save()
    time_limits.do_close_clocks_of(inquiry, user)
    return inquiry


@transaction.atomic
def do_accept_inquiry(inquiry: Inquiry, data: Mapping[str, Any], user: User) -> Project:
    """受理: the inquiry becomes a project at 线索 of the unit it was routed to,
    linked to the investor already in the 客商库 or to a new one; the project's
    first stage event names the inquiry it came from."""
    inquiry = _locked_for_handling(inquiry, user)
    investor = project_actions.do_find_or_create_investor(
        inquiry.company, user, kind=data.get("investor_kind") or InvestorKind.PRIVATE, found=inquiry.matched_investor
    )
    project = project_actions.do_create_project(
        {
            "name": data.get("name") or lead_name(inquiry),
            "investor": investor,
            "industry": inquiry.industry,
            "category": data.get("category") or Category.INDUSTRY,
            "introducing_unit": inquiry.unit,
            "landing_unit": inquiry.place,
        },
        None,
        user,
        stage=Stage.LEAD,
        note=f"来自线上投资意向（{inquiry.channel}，{timezone.localtime(inquiry.created_at):%Y-%m-%d}提交）",
    )
    if chain := inquiry.chain:
        chain_actions.do_attach(chain.root, user, project=project, check=False)
    inquiry.project, inquiry.matched_investor = project, investor
    _handled(inquiry, user, InquiryStatus.ACCEPTED)
    return project


@transaction.atomic
def do_reject_inquiry(inquiry: Inquiry, reason: str, user: User) -> Inquiry:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写无效原因"})
    inquiry = _locked_for_handling(inquiry, user)
    inquiry.reason = reason[:200]
    return _handled(inquiry, user, InquiryStatus.INVALID)
