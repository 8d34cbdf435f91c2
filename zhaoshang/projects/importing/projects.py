"""The project import: the checks of each row against the database (units, credit
split, leader, investor, duplicates) and the bulk write. Every lookup is made once
per file (lookups.py); the write inserts each kind of record in bulk, history rows
too, with the same rules as actions.do_create_project."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts import access as roles
from zhaoshang.accounts.models import Role
from zhaoshang.core.excel import RowError
from zhaoshang.core.importing.bulk import bulk_create, bulk_update
from zhaoshang.core.importing.pipeline import Row, RowRefused
from zhaoshang.organisation.models import Person, Unit, county_path
from zhaoshang.todo.actions import do_notify_each, holders_of
from zhaoshang.todo.models import NotificationKind

from .. import actions
from ..fund_forms import WAN_LABEL, amount_in_wan
from ..models import (
    INITIAL_STAGES,
    PLANNED_DATES,
    Category,
    Currency,
    DuplicateStatus,
    Investor,
    InvestorKind,
    KeyLevel,
    Project,
    ProjectCredit,
    StageEvent,
)
from .lookups import InvestorIndex, ProjectsByInvestor, UnitIndex, investor_keys
from ..validators import normalise_name
from .rows import PROJECT_HEADERS

# ---------------------------------------------------------------- project rows: credits and leader

CREDIT_COLUMN = PROJECT_HEADERS["credits"]
LEADER_COLUMN = PROJECT_HEADERS["responsible_leader"]
CREDIT_FORMAT = "分成格式应为「单位:比例;单位:比例」，如：城关镇:60;河口镇:40"
CREDIT_PAIR = re.compile(r"^(.*?)[:：](.*)$")
SHARE_PATTERN = re.compile(r"^(\d{1,3}(?:\.\d{1,2})?)\s*%?$")
NAME_AND_POST = re.compile(r"^(.+?)\s*[（(](.+)[)）]$")


def creditable_units(user: User) -> list[Unit]:
    """Whom an importing user may credit (actions.creditable_units), as the create
    screen offers; `_parse_credits` then asks the action's own rule of the split."""
    return list(actions.creditable_units(user))


def _parse_credits(
    text: str, every_unit: UnitIndex, creditable: list[Unit], user: User, row: int, unit: Unit | None
) -> tuple[list[tuple[Unit, int]], list[RowError]]:
    """`城关镇:60;河口镇:40` → [(城关镇, 6000), (河口镇, 4000)] in basis points, or the
    row's errors in Chinese. Full-width ：；％ are accepted as people type them."""

    def error(message: str) -> tuple[list, list[RowError]]:
        return [], [RowError(row, CREDIT_COLUMN, message)]

    parts = [p.strip() for p in re.split(r"[;；]", text) if p.strip()]
    credits: list[tuple[Unit, int]] = []
    creditable_ids = {u.pk for u in creditable}
    for part in parts:
        pair = CREDIT_PAIR.match(part)
        if pair is None or not pair.group(1).strip():
            return error(f"{CREDIT_FORMAT}（「{part}」无法识别）")
        name, share_text = pair.group(1).strip(), pair.group(2).strip()
        match = SHARE_PATTERN.match(share_text.replace("％", "%"))
        share = Decimal(match.group(1)) if match else None
        if share is None or not Decimal("0.01") <= share <= 100:
            return error(f"「{name}」的分成比例须为0.01到100之间的数字，最多两位小数")
        partner, unit_error = every_unit.find(name, row, CREDIT_COLUMN, "分成单位")
        if unit_error:
            return [], [unit_error]
        if partner.pk not in creditable_ids:
            return error(f"不能把分成记给本县以外的单位「{name}」")
        credits.append((partner, int(share * 100)))
    if not credits:
        return error(CREDIT_FORMAT)
    try:
        actions.validate_credits(credits)
        # Without a valid introducing unit the row is refused for that already.
        if unit is not None:
            actions.check_credits_for(user, unit, credits)
    except ValidationError as invalid:
        return error("；".join(invalid.messages))
    return credits, []


def _credits_label(credits: list[tuple[Unit, int]] | None, unit: Unit) -> str:
    if not credits:
        return f"{unit.name} 100%（默认）"
    return "；".join(f"{u.name} {Decimal(bp) / 100:g}%" for u, bp in credits)


def _find_leader(leaders: list[Person], text: str, row: int) -> tuple[Person | None, RowError | None]:
    """A 四大家 leader by name, or by 「姓名（职务）」 when the name alone is shared."""
    name, post = text, None
    if (match := NAME_AND_POST.match(text)) is not None:
        name, post = match.group(1).strip(), match.group(2).strip()
    found = [p for p in leaders if p.name == name and (post is None or p.post == post)]
    if len(found) == 1:
        return found[0], None
    if not found:
        return None, RowError(row, LEADER_COLUMN, f"找不到在职的县领导「{text}」（包联领导须是四大家领导）")
    named = "、".join(f"{p.name}（{p.post}）" if p.post else p.name for p in found)
    if post is None:
        message = f"有{len(found)}位名为「{name}」的领导，请按「姓名（职务）」填写其中一位：{named}"
    else:
        message = f"有{len(found)}位「{text}」，无法区分，请在项目页面选择包联领导"
    return None, RowError(row, LEADER_COLUMN, message)


@dataclass
class Plan:
    """What the checks resolved for one valid row, for the write."""

    project: dict
    credits: list[tuple[Unit, int]] | None
    investor: Investor | None
    keys: frozenset  # the row's investor keys, for the in-file duplicate check
    # A project of another unit this one looks like (an existing one), or the
    # earlier row of the file it looks like.
    duplicate_of: Project | None = None
    duplicate_row: Row | None = None
    created: Project | None = None


def _leaders(user: User) -> list[Person]:
    return list(Person.objects.active().leaders().select_related("unit"))


def _writable(user: User) -> UnitIndex:
    units = Unit.objects.active()
    return UnitIndex(units if roles.is_admin(user) else units.within(roles.write_paths(user)))


def check_projects(rows: list[Row], user: User) -> None:
    writable = _writable(user)
    every_unit = UnitIndex(Unit.objects.active())
    creditable = creditable_units(user)
    leaders = _leaders(user)
    investors = InvestorIndex((r.data["uscc"] for r in rows), (r.data["investor_name"] for r in rows))
    existing = ProjectsByInvestor(investors.all())
    seen: dict[tuple[str, int], int] = {}
    earlier: dict[tuple, list[Row]] = defaultdict(list)
    for row in rows:
        data, number = row.data, row.number
        unit, error = writable.find(data["introducing_unit"], number, "引进单位", "您可填报的单位")
        landing = None
        if data["landing_unit"]:
            landing, landing_error = every_unit.find(data["landing_unit"], number, "落地园区/乡镇", "单位")
            row.errors += [landing_error] if landing_error else []
        credits = None
        if data["credits"]:
            credits, credit_errors = _parse_credits(data["credits"], every_unit, creditable, user, number, unit)
            row.errors += credit_errors
        leader = None
        if data["responsible_leader"]:
            leader, leader_error = _find_leader(leaders, data["responsible_leader"], number)
            if leader is not None and unit is not None:
                try:
                    actions.check_leader(leader, None, unit)
                except ValidationError as invalid:
                    leader_error = RowError(number, LEADER_COLUMN, "；".join(invalid.messages))
            row.errors += [leader_error] if leader_error else []
        if error:
            row.errors.append(error)
            continue
        if (data["name"], unit.pk) in seen:
            row.errors.append(RowError(number, "项目名称", f"与第{seen[data['name'], unit.pk]}行重复"))
            continue
        seen[data["name"], unit.pk] = number
        investor = None
        if data["investor_name"] or data["uscc"]:
            investor = investors.match(data["investor_name"], data["uscc"])
            if investor is None and not data["investor_kind"]:
                row.errors.append(RowError(number, "客商类型", "客商库中没有该客商，新客商须填写客商类型"))
        if row.errors:
            continue
        project = {
            "name": data["name"],
            "source_region": data["source_region"],
            "industry": data["industry"],
            "category": data["category"],
            "currency": data["currency"],
            "total_investment": data["total_investment"],
            "is_foreign_funded": data["is_foreign_funded"],
            "introducing_unit": unit,
            "landing_unit": landing,
            "landing_address": data["landing_address"],
            "responsible_leader": leader,
            "key_level": data["key_level"],
            "is_fortune500": data["is_fortune500"],
            "is_high_tech": data["is_high_tech"],
            "progress_text": data["progress_text"],
            **{name: data[name] for name in PLANNED_DATES},
        }
        keys = investor_keys(investor, data["uscc"], data["investor_name"])
        row.plan = Plan(project, credits, investor, keys)
        _find_duplicate(row, existing, earlier)
        for key in keys:
            earlier[key].append(row)
        row.describe = partial(_project_values, data, unit, landing, investor, credits, leader)


def _find_duplicate(row: Row, existing: ProjectsByInvestor, earlier: dict[tuple, list[Row]]) -> None:
    """actions.find_duplicates for an existing project of another unit with the same
    investor; else an earlier row of the file from another unit (rows are written
    in order, so the later one is held). Both looked up by investor key."""
    plan: Plan = row.plan
    unit, name, landing = plan.project["introducing_unit"], plan.project["name"], plan.project["landing_unit"]
    landing_id = landing.pk if landing else None
    if plan.investor is not None:
        for other in existing.like(investor_keys(plan.investor)):
            if other.introducing_unit_id != unit.pk and actions.looks_alike(name, landing_id, other.name, other.landing_unit_id):
                plan.duplicate_of = other
                row.warning = f"疑似与「{other.name}」（{other.introducing_unit}）重复，导入后交招商局研判"
                return
    candidates = sorted({r.number: r for key in plan.keys for r in earlier.get(key, [])}.values(), key=lambda r: r.number)
    for seen in candidates:
        other = seen.plan.project
        other_landing = other["landing_unit"].pk if other["landing_unit"] else None
        if other["introducing_unit"].pk != unit.pk and actions.looks_alike(name, landing_id, other["name"], other_landing):
            plan.duplicate_row = seen
            row.warning = f"疑似与第{seen.number}行「{other['name']}」（{other['introducing_unit']}）重复，导入后交招商局研判"
            return


def _project_values(
    data: dict,
    unit: Unit,
    landing: Unit | None,
    investor: Investor | None,
    credits: list[tuple[Unit, int]] | None,
    leader: Person | None,
) -> list[str]:
    """The row as parsed, in the template's column order, for the preview."""
    labels = {
        "investor_name": investor.name if investor else (data["investor_name"] + ("（新客商）" if data["investor_name"] else "")),
        "investor_kind": InvestorKind(data["investor_kind"]).label if data["investor_kind"] else "",
        "category": Category(data["category"]).label,
        "currency": "人民币" if data["currency"] == Currency.CNY else "美元",
        "total_investment": f"{amount_in_wan(data['total_investment'], data['currency']):,.2f} {WAN_LABEL[data['currency']]}",
        "introducing_unit": unit.name,
        "landing_unit": landing.name if landing else "",
        "key_level": KeyLevel(data["key_level"]).label,
        "stage": (next((s.label for s in INITIAL_STAGES if s.value == data["stage"]), "线索")),
        "stage_date": str(data["stage_date"] or timezone.localdate()),
        "credits": _credits_label(credits, unit),
        "responsible_leader": (f"{leader.name}（{leader.post}）" if leader.post else leader.name) if leader else "",
        **{name: str(data[name] or "") for name in PLANNED_DATES},
    }
    values = []
    for name in PROJECT_HEADERS:
        value = labels.get(name, data.get(name))
        values.append("是" if value is True else "否" if value is False else str(value or ""))
    return values


# ---------------------------------------------------------------- write

# Set by the actions, never by an import row; the database checks these references.
REFERENCES = ["investor", "introducing_unit", "landing_unit", "responsible_leader", "duplicate_of", "created_by", "county"]


def _refused(row: Row, error: ValidationError) -> RowRefused:
    return RowRefused(RowError(row.number, "", "；".join(error.messages)))


def _new_investors(rows: list[Row], user: User) -> list[Investor]:
    """The investors 客商库 does not have yet, one per company however many rows
    name it (as do_create_investor would make them, row by row)."""
    if not (roles.write_paths(user) or roles.is_admin(user)):
        raise PermissionDenied
    index = InvestorIndex((), ())
    new: list[Investor] = []
    for row in rows:
        data, plan = row.data, row.plan
        if plan.investor is not None or not (data["investor_name"] or data["uscc"]):
            continue
        investor = index.match(data["investor_name"], data["uscc"])
        if investor is None:
            investor = Investor(name=data["investor_name"], uscc=data["uscc"], kind=data["investor_kind"], region=data["source_region"])
            investor.uscc = investor.uscc.strip().upper()
            investor.normalised_name = normalise_name(investor.name)
            try:
                investor.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                raise _refused(row, error) from None
            index.add(investor)
            new.append(investor)
        plan.investor = investor
    return new


def _counties(units: set[Unit]) -> dict[int, int]:
    """{unit id: the id of the county it lies in}, as Project.save sets the county:
    written with the rows, so projects.fill_counties (records_written) finds none
    left to fill rather than updating every new row again (0.8 s for 10,000 rows
    on PostgreSQL)."""
    paths = {county_path(unit.path) for unit in units}
    found = dict(Unit.objects.filter(path__in=paths).values_list("path", "pk"))
    return {unit.pk: found[county_path(unit.path)] for unit in units if county_path(unit.path) in found}


def write_projects(rows: list[Row], user: User) -> int:
    """Every row as actions.do_create_project would write it, in bulk: investors,
    projects, credits, stage events and their history rows; then the holds of the
    rows that look like another unit's project."""
    now, today = timezone.now(), timezone.localdate()
    bulk_create(Investor, _new_investors(rows, user), user, now)
    counties = _counties({row.plan.project["introducing_unit"] for row in rows})
    projects: list[Project] = []
    for row in rows:
        plan = row.plan
        project = Project(**plan.project, investor=plan.investor, created_by=user, created_at=now)
        project.county_id = counties.get(project.introducing_unit.pk)
        project.stage = row.data["stage"] or INITIAL_STAGES[0]
        try:
            project.full_clean(exclude=REFERENCES, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise _refused(row, error) from None
        # One query per foreign-currency row (its year's rate); none for 人民币.
        project.is_yi_plus = project.compute_is_yi_plus(today)
        projects.append(project)
    bulk_create(Project, projects, user, now)
    credits, events = [], []
    for row, project in zip(rows, projects, strict=True):
        row.plan.created = project
        # By key rather than by object: a related object costs its descriptor's
        # checks, 20,000 times for a large file, and nothing reads it back.
        for unit, share in row.plan.credits or [(project.introducing_unit, actions.FULL_SHARE)]:
            credits.append(ProjectCredit(project_id=project.pk, unit_id=unit.pk, unit_path=unit.path, share_bp=share))
        events.append(
            StageEvent(project_id=project.pk, stage=project.stage, date=row.data["stage_date"] or today, recorded_by_id=user.pk, recorded_at=now)
        )
    bulk_create(ProjectCredit, credits, user, now)
    bulk_create(StageEvent, events, user, now)
    _hold_duplicates(rows, user)
    return len(projects)


def _hold_duplicates(rows: list[Row], user: User) -> None:
    """actions._flag_if_duplicate for the whole file: the hold, its reason in the
    history, and the county bureau told of each."""
    held = []
    for row in rows:
        plan, project = row.plan, row.plan.created
        other = plan.duplicate_of or (plan.duplicate_row.plan.created if plan.duplicate_row else None)
        if other is None:
            continue
        project.duplicate_status, project.duplicate_of = DuplicateStatus.SUSPECTED, other
        project._change_reason = f"疑似与「{other.name}」（{other.introducing_unit}）重复，待招商局研判"
        held.append(project)
    if not held:
        return
    bulk_update(Project, held, ["duplicate_status", "duplicate_of"], user, timezone.now())
    # A held project does not count, nor do its credits (ProjectCredit.counted).
    ProjectCredit.objects.filter(project__in=held).update(counted=False)
    bureaus: dict[int, list[User]] = {}
    for project in held:
        unit = project.introducing_unit
        if unit.pk not in bureaus:
            bureaus[unit.pk] = list(holders_of(unit, [Role.BUREAU]))
    notices = [(bureaus[p.introducing_unit.pk], f"「{p.name}」{p._change_reason}") for p in held]
    do_notify_each(notices, NotificationKind.DUPLICATE_FLAGGED, reverse("projects:duplicate_list"), actor=user)
