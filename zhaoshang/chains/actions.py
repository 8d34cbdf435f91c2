"""Every change to chains, links, attachments and target companies (docs/domain.md
§12), shared by the screens, the API and the import. Each runs in a transaction and
keeps history (who, when, why); a link's state is recomputed from the rules stored
as data whenever what is attached to it changes, and a change of state is written
on the chain's timeline with its cause."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhaoshang.core.history import save_with_history
from zhaoshang.core.versions import bump_version
from zhaoshang.projects import actions as project_actions
from zhaoshang.projects.models import Category, Investor, Project, Stage

from . import access
from .models import (
    Attachment,
    Chain,
    ChainEvent,
    ChainReport,
    ContactStage,
    Link,
    LinkState,
    LinkStateRule,
    LinkTier,
    ReportStatus,
    Stream,
    TargetCompany,
)
from .seeding import DEFAULT_RULES

CHAIN_FIELDS = ("name", "leader", "lead_unit", "description", "sort_order")
CHAIN_M2M = ("deputies", "task_force", "masters")
LINK_FIELDS = ("name", "order")
TARGET_FIELDS = ("link", "name", "uscc", "tier", "source", "reason", "owner_unit", "owner", "contact_stage")


def _check_fields(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(f"不能修改：{'、'.join(sorted(unknown))}")


# ---------------------------------------------------------------- rules


def rules() -> list[tuple[int, str]]:
    """(min_count, state), highest first; the defaults when the table is empty."""
    stored = list(LinkStateRule.objects.order_by("-min_count").values_list("min_count", "state"))
    return stored or sorted(DEFAULT_RULES, reverse=True)


def state_for(count: int) -> str:
    return next((state for min_count, state in rules() if count >= min_count), LinkState.MISSING)


def local_above_size_count(link: Link) -> int:
    """Distinct local above-size enterprises on the link and the links under it: an
    investor attached, or the investor of a project attached (the project itself
    when it names none)."""
    rows = Attachment.objects.filter(link_id__in=link.subtree_ids(), is_local_above_size=True)
    keys = set()
    for investor_id, project_id, project_investor_id in rows.values_list("investor_id", "project_id", "project__investor_id"):
        keys.add(("i", investor_id) if investor_id else ("i", project_investor_id) if project_investor_id else ("p", project_id))
    return len(keys)


def _ancestors(link: Link) -> list[Link]:
    """The link and the links above it, the link first."""
    result = [link]
    while result[-1].parent_id is not None:
        result.append(Link.objects.get(pk=result[-1].parent_id))
    return result


def recompute_state(link: Link, user: User | None, cause: str) -> list[ChainEvent]:
    """Apply the rules to the link and the links above it; each state that changes
    is written on the chain's timeline with `cause`."""
    events = []
    for node in _ancestors(link):
        before = node.state
        node.rule_state = state_for(local_above_size_count(node))
        Link.objects.filter(pk=node.pk).update(rule_state=node.rule_state)
        if node.state != before:
            events.append(
                _timeline(node, user, before, node.state, f"{cause}，「{node.name}」由{LinkState(before).label}变为{node.get_state_display()}")
            )
    return events


def _timeline(link: Link, user: User | None, old: str, new: str, text: str) -> ChainEvent:
    return ChainEvent.objects.create(chain_id=link.chain_id, link=link, user=user, old_state=old, new_state=new, text=text[:300], at=timezone.now())


# ---------------------------------------------------------------- chains and links


@transaction.atomic
def do_create_chain(data: Mapping[str, Any], user: User, *, county, m2m: Mapping[str, Iterable] | None = None) -> Chain:
    """A new chain with its root link and the three levels 上游/中游/下游."""
    if not access.can_create_chain(user, county):
        raise PermissionDenied
    _check_fields(data, CHAIN_FIELDS)
    chain = Chain(county=county, **data)
    chain.full_clean()
    save_with_history(chain, user)
    for name, values in (m2m or {}).items():
        getattr(chain, name).set(values)
    root = Link(chain=chain, tier=LinkTier.ROOT, name=chain.name)
    save_with_history(root, user)
    for order, stream in enumerate(Stream, start=1):
        save_with_history(Link(chain=chain, parent=root, tier=LinkTier.LEVEL, stream=stream, name=stream.label, order=order), user)
    return chain


@transaction.atomic
def do_update_chain(chain: Chain, data: Mapping[str, Any], user: User, *, expected_version: int, m2m: Mapping[str, Iterable] | None = None) -> Chain:
    if not access.can_manage_chain(user, chain):
        raise PermissionDenied
    _check_fields(data, CHAIN_FIELDS)
    bump_version(chain, expected_version)
    for name, value in data.items():
        setattr(chain, name, value)
    chain.full_clean()
    save_with_history(chain, user)
    for name, values in (m2m or {}).items():
        getattr(chain, name).set(values)
    Link.objects.filter(chain=chain, tier=LinkTier.ROOT).update(name=chain.name)
    return chain


NEXT_TIER = {LinkTier.ROOT: LinkTier.LEVEL, LinkTier.LEVEL: LinkTier.SEGMENT, LinkTier.SEGMENT: LinkTier.PRODUCT}


@transaction.atomic
def do_add_link(parent: Link, data: Mapping[str, Any], user: User) -> Link:
    """A segment under a level, or a product under a segment."""
    if not access.can_manage_chain(user, parent.chain):
        raise PermissionDenied
    _check_fields(data, LINK_FIELDS)
    tier = NEXT_TIER.get(LinkTier(parent.tier))
    if tier is None or tier == LinkTier.LEVEL:
        raise ValidationError("只能在上中下游之下添加环节，在环节之下添加产品")
    link = Link(chain=parent.chain, parent=parent, tier=tier, stream=parent.stream, **data)
    if "order" not in data:
        link.order = parent.children.count() + 1
    link.full_clean()
    save_with_history(link, user)
    return link


@transaction.atomic
def do_update_link(link: Link, data: Mapping[str, Any], user: User, *, expected_version: int) -> Link:
    if not access.can_manage_chain(user, link.chain):
        raise PermissionDenied
    _check_fields(data, LINK_FIELDS)
    if link.tier in (LinkTier.ROOT, LinkTier.LEVEL) and data.get("name", link.name) != link.name:
        raise ValidationError("全链和上中下游的名称不能修改")
    bump_version(link, expected_version)
    for name, value in data.items():
        setattr(link, name, value)
    link.full_clean()
    save_with_history(link, user)
    return link


@transaction.atomic
def do_delete_link(link: Link, user: User) -> None:
    if not access.can_manage_chain(user, link.chain):
        raise PermissionDenied
    if link.tier in (LinkTier.ROOT, LinkTier.LEVEL):
        raise ValidationError("全链和上中下游不能删除")
    ids = link.subtree_ids()
    if Attachment.objects.filter(link_id__in=ids).exists() or TargetCompany.objects.filter(link_id__in=ids).exists():
        raise ValidationError("该环节下已有挂接的企业、项目或目标企业，不能删除")
    parent = link.parent
    link._history_user = user
    link.delete()
    if parent is not None:
        recompute_state(parent, user, "删除环节")


@transaction.atomic
def do_override_state(link: Link, state: str, reason: str, user: User) -> Link:
    """人工认定: set (or, with an empty state, lift) an override; a reason is required
    either way and is kept in the link's history and on the timeline."""
    if not access.can_manage_chain(user, link.chain):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "人工认定环节状态须填写理由"})
    if state and state not in LinkState.values:
        raise ValidationError({"state": "环节状态不正确"})
    before = link.state
    link.override_state, link.override_reason = state, reason[:200]
    link.version += 1
    save_with_history(link, user, reason=reason[:100])
    what = f"人工认定为{LinkState(state).label}" if state else "取消人工认定"
    _timeline(link, user, before, link.state, f"「{link.name}」{what}：{reason}")
    return link


# ---------------------------------------------------------------- attachments


@transaction.atomic
def do_attach(
    link: Link,
    user: User,
    *,
    project: Project | None = None,
    investor: Investor | None = None,
    is_local_above_size: bool = False,
    check: bool = True,
) -> Attachment:
    """Attach a project or an enterprise to a link; the link's state follows."""
    if check and not access.can_manage_chain(user, link.chain):
        raise PermissionDenied
    if (project is None) == (investor is None):
        raise ValidationError("请选择一个项目或一家企业")
    same = Attachment.objects.filter(link=link).filter(Q(project=project) if project else Q(investor=investor))
    if same.exists():
        raise ValidationError(f"「{project or investor}」已挂接在该环节")
    attachment = Attachment(link=link, project=project, investor=investor, is_local_above_size=is_local_above_size, created_by=user)
    save_with_history(attachment, user)
    what = f"项目「{project}」" if project else f"企业「{investor}」"
    recompute_state(link, user, f"{what}挂接到「{link.name}」")
    return attachment


@transaction.atomic
def do_detach(attachment: Attachment, user: User) -> None:
    link = attachment.link
    if not access.can_manage_chain(user, link.chain):
        raise PermissionDenied
    what = f"项目「{attachment.project}」" if attachment.project_id else f"企业「{attachment.investor}」"
    attachment._history_user = user
    attachment.delete()
    recompute_state(link, user, f"{what}移出「{link.name}」")


def chain_named(name: str, county_path: str) -> Chain | None:
    """The chain of a county called `name` (spaces and case ignored), for the
    portal's free-text chains and imports."""
    key = "".join((name or "").split()).lower()
    if not key:
        return None
    for chain in Chain.objects.filter(county__path=county_path[:4]):
        if "".join(chain.name.split()).lower() == key:
            return chain
    return None


# ---------------------------------------------------------------- target companies


def _set_target(target: TargetCompany, data: Mapping[str, Any]) -> None:
    _check_fields(data, TARGET_FIELDS)
    for name, value in data.items():
        setattr(target, name, value)
    target.uscc = (target.uscc or "").strip().upper()
    if target.contact_stage == ContactStage.CONVERTED and target.project_id is None:
        raise ValidationError({"contact_stage": "请通过“转为线索”转化目标企业"})
    target.full_clean()


@transaction.atomic
def do_add_target(data: Mapping[str, Any], user: User) -> TargetCompany:
    target = TargetCompany()
    _set_target(target, data)
    if not access.can_add_target(user, target.link.chain):
        raise PermissionDenied
    if not access.covers_unit(user, target.owner_unit):
        raise ValidationError({"owner_unit": "只能指定本单位或下级单位为责任单位"})
    save_with_history(target, user)
    return target


@transaction.atomic
def do_update_target(target: TargetCompany, data: Mapping[str, Any], user: User, *, expected_version: int) -> TargetCompany:
    if not access.can_edit_target(user, target):
        raise PermissionDenied
    bump_version(target, expected_version)
    _set_target(target, data)
    save_with_history(target, user)
    return target


@transaction.atomic
def do_convert_target(target: TargetCompany, user: User, *, introducing_unit=None) -> Project:
    """转为线索: the target's company in the 客商库 (found or created, as an accepted
    inquiry does) and a project at 线索 of the owner unit, attached to the target's
    link; the project's first event and the target keep where it came from."""
    target = TargetCompany.objects.select_for_update().get(pk=target.pk)
    if not access.can_edit_target(user, target):
        raise PermissionDenied
    if target.project_id is not None:
        raise ValidationError("该目标企业已转为线索")
    investor = project_actions.do_find_or_create_investor(target.name, user, uscc=target.uscc)
    link = target.link
    project = project_actions.do_create_project(
        {
            "name": f"{target.name}{link.name}项目",
            "investor": investor,
            "category": Category.INDUSTRY,
            "introducing_unit": introducing_unit or target.owner_unit,
            "is_fortune500": target.tier == "fortune500",
        },
        None,
        user,
        stage=Stage.LEAD,
        note=f"来自产业链目标企业（{link.chain.name}·{link.name}，{target.get_tier_display()}）",
    )
    target.investor, target.project, target.converted_at = investor, project, timezone.now()
    target.contact_stage = ContactStage.CONVERTED
    target.version += 1
    save_with_history(target, user, reason="转为线索")
    do_attach(link, user, project=project, check=False)
    return project


# ---------------------------------------------------------------- quarterly report


def _enqueue_report(report_id: int) -> None:
    from .tasks import generate_chain_report

    result = generate_chain_report.enqueue(report_id)
    ChainReport.objects.filter(pk=report_id).update(task_id=str(result.id))


@transaction.atomic
def do_request_chain_report(county, year: int, quarter: int, user: User) -> ChainReport:
    """The county's quarterly chain report, queued for the worker (the bureau's)."""
    if not access.can_create_chain(user, county):
        raise PermissionDenied
    if not 1 <= quarter <= 4:
        raise ValidationError({"quarter": "季度须为1至4"})
    report = ChainReport(county=county, year=year, quarter=quarter, requested_by=user)
    save_with_history(report, user)
    transaction.on_commit(lambda: _enqueue_report(report.pk))
    return report


def do_run_chain_report(report: ChainReport) -> ChainReport:
    """Generate the Word file of a queued report (called by the task); a failure is
    recorded on the row in Chinese and re-raised for the worker's log."""
    from django.core.files.base import ContentFile

    from .report import render

    user = report.requested_by
    report.status = ReportStatus.RUNNING
    save_with_history(report, user)
    try:
        content = render(report.county, report.year, report.quarter)
        with transaction.atomic():
            report.docx_file.save(f"{report.year}-Q{report.quarter}.docx", ContentFile(content), save=False)
            report.status, report.finished_at = ReportStatus.DONE, timezone.now()
            save_with_history(report, user)
    except Exception as error:
        report.status, report.finished_at = ReportStatus.FAILED, timezone.now()
        report.error = "报告文件无法保存，请检查存储目录后重新生成。" if isinstance(error, OSError) else "生成报告时发生系统错误，请稍后重新生成。"
        save_with_history(report, user)
        raise
    return report
