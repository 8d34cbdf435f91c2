"""One access helper per object type: the object, or 404 when the user may not see
it, or 403 when they may see it but not change it. The `can_*` predicates are the
rules the actions enforce; views use them to decide which buttons to show."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from zhaoshang.accounts import access
from zhaoshang.organisation.models import mask_phone
from zhaoshang.accounts.models import Role

from .models import (
    OBSTACLE_TRANSITIONS,
    DuplicateStatus,
    Evidence,
    FundEntry,
    FundStatus,
    ImportLog,
    Investor,
    InvestorContact,
    Obstacle,
    ObstacleStatus,
    Project,
    mask_email,
    mask_name,
)


def _owner_paths(project: Project) -> list[str]:
    """The units that own a project: the introducing unit and every credited unit.
    The landing unit hosts the project but does not own it."""
    paths = [project.introducing_unit.path]
    paths += [credit.unit.path for credit in project.credits.select_related("unit")]
    return paths


def _scope_paths(project: Project) -> list[str]:
    paths = _owner_paths(project)
    if project.landing_unit_id:
        paths.append(project.landing_unit.path)
    return paths


def _covers_any(scope: list[str], paths: list[str]) -> bool:
    return any(access.covers(scope, path) for path in paths)


def _leads(user, project: Project) -> bool:
    leader = project.responsible_leader
    return leader is not None and leader.user_id is not None and leader.user_id == user.pk


def can_edit_project(user, project: Project) -> bool:
    if not user.is_authenticated:
        return False
    if access.is_admin(user) or _leads(user, project):
        return True
    return _covers_any(access.write_paths(user), _owner_paths(project))


def can_approve_for(user, project: Project) -> bool:
    """Unit heads approve their own unit's submissions; the bureau may too."""
    return access.is_admin(user) or _covers_any(access.approve_paths(user), _owner_paths(project))


def is_bureau_for(user, project: Project) -> bool:
    """The bureau of the project's jurisdiction: verifies funds, corrects stages,
    settles duplicates and credit."""
    return access.is_admin(user) or _covers_any(access.bureau_paths(user), _scope_paths(project))


# ---- fund steps: each action (do_approve_funds, do_verify_funds) refuses exactly
# what these return, and the fund section shows a button only when its can_* is true.

# The bureau verifies only with evidence, so the unit head approves only with it too.
EVIDENCE_MISSING = "核实前须有银行进账单、验资报告等证明材料"


def approve_funds_problems(entry: FundEntry) -> dict[str, str]:
    """Why the unit head cannot approve the entry now, whoever asks ({} when it can
    be): only 已填报 entries, and only with evidence — the same evidence rule as the
    bureau's, so nothing approved is stuck for want of a file."""
    if entry.status != FundStatus.REPORTED:
        return {"status": f"只有「已填报」的到位资金可以审核，当前为「{entry.get_status_display()}」"}
    if not entry.has_evidence():
        return {"evidence": EVIDENCE_MISSING}
    return {}


def verify_funds_problems(entry: FundEntry) -> dict[str, str]:
    """Why the bureau cannot verify the entry now ({} when it can be): only
    unit-approved entries, and only with evidence."""
    if entry.status != FundStatus.UNIT_APPROVED:
        return {"status": f"只有单位已审核的到位资金可以核实，当前为「{entry.get_status_display()}」"}
    if not entry.has_evidence():
        return {"evidence": EVIDENCE_MISSING}
    return {}


def can_approve_funds(user, entry: FundEntry) -> bool:
    """The 审核通过 button and do_approve_funds: the unit head of an owning unit (or the bureau)."""
    return can_approve_for(user, entry.project) and not approve_funds_problems(entry)


def can_verify_funds(user, entry: FundEntry) -> bool:
    """The 核实 button and do_verify_funds: the bureau of the project's jurisdiction."""
    return is_bureau_for(user, entry.project) and not verify_funds_problems(entry)


def can_handle_obstacle(user, obstacle: Obstacle) -> bool:
    """The project's owners, and the responsible department that has to solve it."""
    if can_edit_project(user, obstacle.project):
        return True
    return access.covers(access.write_paths(user), obstacle.responsible_unit.path)


def obstacle_statuses_for(user, obstacle: Obstacle, *, owner: bool | None = None) -> list[ObstacleStatus]:
    """The statuses this user may move the obstacle to: the rule
    `do_update_obstacle_status` enforces and the status controls offer. The
    responsible unit works on it, escalates it and proposes 销号; only the project's
    own unit closes it, or answers a proposal (confirms or returns it). A list page
    passes `owner` (may edit the project), asked once for all its rows."""
    if owner is None:
        owner = can_edit_project(user, obstacle.project)
    if not (owner or access.covers(access.write_paths(user), obstacle.responsible_unit.path)):
        return []
    current = ObstacleStatus(obstacle.status)
    return [target for target in OBSTACLE_TRANSITIONS[current] if owner or (current != ObstacleStatus.PROPOSED and target != ObstacleStatus.RESOLVED)]


def can_note_obstacle(user, obstacle: Obstacle) -> bool:
    """Handling notes go on the thread while the problem is open."""
    return obstacle.status != ObstacleStatus.RESOLVED and can_handle_obstacle(user, obstacle)


def can_instruct_obstacle(user, obstacle: Obstacle) -> bool:
    """批示: the leader the problem was escalated to, while it is escalated (a problem
    escalated without naming one: any leader of the county)."""
    if obstacle.status != ObstacleStatus.ESCALATED or not user.is_authenticated:
        return False
    if obstacle.escalated_to_id is not None:
        return obstacle.escalated_to.user_id == user.pk
    return Role.LEADER in access.roles(user) and access.covers(access.read_paths(user), obstacle.project.introducing_unit.path)


def founding_projects(investor_ids) -> dict[int, int]:
    """investor id → the project that was linked to it first (projects merged away
    left out). 客商库 is shared on purpose (one company, one record: the duplicate
    check depends on two units' projects pointing at the same investor), so linking
    a project to an investor must not by itself hand over the investor: it stays
    with the units of the project that brought it in first (谁引进、谁负责). The
    link time is read from the project's history, which every action writes; a
    project saved without history counts from its creation."""
    ids = list(investor_ids)
    if not ids:
        return {}
    current = dict(Project.objects.filter(investor_id__in=ids).exclude(duplicate_status=DuplicateStatus.MERGED).values_list("pk", "investor_id"))
    linked_at: dict[int, datetime] = {}
    for pk, investor_id, when in Project.history.filter(id__in=current, investor_id__in=ids).values_list("id", "investor_id", "history_date"):
        if investor_id == current[pk] and (pk not in linked_at or when < linked_at[pk]):
            linked_at[pk] = when
    unrecorded = [pk for pk in current if pk not in linked_at]
    linked_at.update(Project.objects.filter(pk__in=unrecorded).values_list("pk", "created_at"))
    founding: dict[int, int] = {}
    for pk in sorted(current, key=lambda pk: (linked_at[pk], pk)):
        founding.setdefault(current[pk], pk)
    return founding


def can_see_investor_contacts(user, investor: Investor) -> bool:
    """Contact details are personal data: the bureau, and the people who work the
    project that brought the investor in (`founding_projects`), see them; everyone
    else gets them masked, including a unit that later linked its own project."""
    if access.is_admin(user) or access.is_bureau(user):
        return True
    founding = founding_projects([investor.pk]).get(investor.pk)
    return founding is not None and Project.objects.editable_by(user).filter(pk=founding).exists()


def contact_fields_for(user, contact: InvestorContact, *, allowed: bool | None = None) -> dict[str, str]:
    """A contact as an export row or a list cell shows it to this user: masked
    unless they may see the investor's contacts. Pass `allowed` when exporting many
    contacts of one investor, to ask once."""
    if allowed is None:
        allowed = can_see_investor_contacts(user, contact.investor)
    if allowed:
        return {"name": contact.name, "title": contact.title, "phone": contact.phone, "email": contact.email}
    return {
        "name": mask_name(contact.name),
        "title": contact.title,
        "phone": mask_phone(contact.phone) if contact.phone else "",
        "email": mask_email(contact.email) if contact.email else "",
    }


def get_project_for_user(user, pk: int, write: bool = False) -> Project:
    project = get_object_or_404(
        Project.objects.visible_to(user).select_related("introducing_unit", "landing_unit", "responsible_leader"),
        pk=pk,
    )
    if write and not can_edit_project(user, project):
        raise PermissionDenied
    return project


def get_fund_entry_for_user(user, pk: int, write: bool = False) -> FundEntry:
    entry = get_object_or_404(FundEntry.objects.visible_to(user).select_related("project__introducing_unit", "project__landing_unit"), pk=pk)
    if write and not can_edit_project(user, entry.project):
        raise PermissionDenied
    return entry


def get_obstacle_for_user(user, pk: int, write: bool = False) -> Obstacle:
    obstacle = get_object_or_404(
        Obstacle.objects.visible_to(user).select_related(
            "project__introducing_unit", "project__landing_unit", "responsible_unit", "escalated_to", "instructed_by"
        ),
        pk=pk,
    )
    if write and not can_handle_obstacle(user, obstacle):
        raise PermissionDenied
    return obstacle


def get_evidence_for_user(user, pk: int, write: bool = False) -> Evidence:
    """For the download view: only users who may see the project get the file."""
    evidence = get_object_or_404(
        Evidence.objects.filter(project__in=Project.objects.visible_to(user)).select_related("project__introducing_unit", "fund_entry"),
        pk=pk,
    )
    if write and not can_edit_project(user, evidence.project):
        raise PermissionDenied
    return evidence


def can_import(user) -> bool:
    """Imports create records, so only users who may write somewhere may import."""
    return user.is_authenticated and (access.is_admin(user) or bool(access.write_paths(user)))


def get_import_log_for_user(user, pk: int, write: bool = False) -> ImportLog:
    """An import and its stored file belong to the uploader; only they may confirm it."""
    log = get_object_or_404(ImportLog.objects.visible_to(user), pk=pk)
    if write and log.user_id != user.pk:
        raise PermissionDenied
    return log


def can_edit_investor(user, investor: Investor) -> bool:
    """The rule `actions.do_update_investor` and `do_add_investor_contact` enforce:
    the bureau, or whoever works the project that brought the investor in."""
    return access.is_bureau(user) or access.is_admin(user) or can_see_investor_contacts(user, investor)


def investors_with_visible_contacts(user) -> set[int] | None:
    """For exports of many investors: the ids whose contacts this user may see, or
    None for all of them. The same rule as `can_see_investor_contacts`, asked once."""
    if access.is_admin(user) or access.is_bureau(user):
        return None
    editable = set(Project.objects.editable_by(user).exclude(investor=None).values_list("pk", flat=True))
    investor_ids = Project.objects.filter(pk__in=editable).values_list("investor_id", flat=True).distinct()
    return {investor_id for investor_id, pk in founding_projects(investor_ids).items() if pk in editable}


def get_investor_for_user(user, pk: int, write: bool = False) -> Investor:
    investor = get_object_or_404(Investor.objects.visible_to(user), pk=pk)
    if write and not can_edit_investor(user, investor):
        raise PermissionDenied
    return investor
