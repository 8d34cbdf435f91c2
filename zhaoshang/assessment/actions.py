"""Every write of the assessment app: schemes and their indicators, runs (frozen
snapshots), publication, objections (cases) and falsified marks. The screens and
the API call these; each keeps history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhaoshang.cases import actions as case_actions
from zhaoshang.cases.models import CaseType, Channel
from zhaoshang.core.history import save_with_history
from zhaoshang.core.versions import bump_version
from zhaoshang.organisation.models import Unit, UnitKind
from zhaoshang.projects.models import Project
from zhaoshang.timelimits.calendar import WorkingCalendar

from . import scoring, sources
from .access import can_manage_group, can_manage_scheme, can_mark_falsified, can_object
from .models import (
    DEFAULT_TIERS,
    FalsifiedMark,
    GroupKind,
    Indicator,
    IndicatorKind,
    IndicatorTarget,
    Objection,
    Scheme,
    Score,
    ScoreLine,
    Snapshot,
    SnapshotStatus,
    UnitGroup,
)

SCHEME_FIELDS = ("year", "name", "group_kind", "unit_group", "cut_off", "excellent_from", "good_from", "pass_from", "publicity_days")
INDICATOR_FIELDS = ("name", "kind", "source", "source_key", "campaign", "weight", "cap", "tiers", "per_item", "item_cap", "threshold")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _check_scheme(scheme: Scheme) -> None:
    if scheme.group_kind == GroupKind.CUSTOM and scheme.unit_group_id is None:
        raise ValidationError({"unit_group": "考核对象为自定义分组时请选择分组"})
    if scheme.unit_group_id is not None and scheme.unit_group.jurisdiction_id != scheme.jurisdiction_id:
        raise ValidationError({"unit_group": "分组不属于本辖区"})
    if not (scheme.excellent_from >= scheme.good_from >= scheme.pass_from):
        raise ValidationError({"good_from": "分数线应为 优秀 ≥ 良好 ≥ 合格"})


# ---------------------------------------------------------------- unit groups


def _check_group_units(group: UnitGroup, units: Iterable[Unit]) -> list[Unit]:
    units = list(units)
    if not units:
        raise ValidationError({"units": "请至少选择一个单位"})
    if any(not u.path.startswith(group.jurisdiction.path) or u.pk == group.jurisdiction_id for u in units):
        raise ValidationError({"units": "只能选择本辖区的单位"})
    return units


@transaction.atomic
def do_create_group(jurisdiction: Unit, name: str, units: Iterable[Unit], user: User) -> UnitGroup:
    group = UnitGroup(jurisdiction=jurisdiction, name=(name or "").strip())
    _require(can_manage_group(user, group))
    if not group.name:
        raise ValidationError({"name": "请填写分组名称"})
    units = _check_group_units(group, units)
    save_with_history(group, user)
    group.units.set(units)
    return group


@transaction.atomic
def do_update_group(group: UnitGroup, name: str, units: Iterable[Unit], expected_version: int, user: User) -> UnitGroup:
    _require(can_manage_group(user, group))
    bump_version(group, expected_version)
    group.name = (name or "").strip()
    if not group.name:
        raise ValidationError({"name": "请填写分组名称"})
    units = _check_group_units(group, units)
    save_with_history(group, user)
    group.units.set(units)
    return group


# ---------------------------------------------------------------- schemes


@transaction.atomic
def do_create_scheme(jurisdiction: Unit, data: Mapping[str, Any], user: User) -> Scheme:
    scheme = Scheme(jurisdiction=jurisdiction, created_by=user, **{k: data[k] for k in SCHEME_FIELDS if k in data})
    _require(can_manage_scheme(user, scheme))
    if scheme.group_kind != GroupKind.CUSTOM:
        scheme.unit_group = None
    _check_scheme(scheme)
    scheme.full_clean(exclude=["jurisdiction", "created_by", "unit_group", "previous"])
    save_with_history(scheme, user)
    return scheme


@transaction.atomic
def do_update_scheme(scheme: Scheme, data: Mapping[str, Any], expected_version: int, user: User) -> Scheme:
    _require(can_manage_scheme(user, scheme))
    bump_version(scheme, expected_version)
    for name in SCHEME_FIELDS:
        if name in data:
            setattr(scheme, name, data[name])
    if scheme.group_kind != GroupKind.CUSTOM:
        scheme.unit_group = None
    _check_scheme(scheme)
    scheme.full_clean(exclude=["jurisdiction", "created_by", "unit_group", "previous"])
    save_with_history(scheme, user)
    return scheme


def _check_indicator(indicator: Indicator) -> None:
    if indicator.source == "service" and not indicator.source_key:
        raise ValidationError(f"指标「{indicator.name}」：请选择营商环境指标")
    if indicator.source == "campaign" and indicator.campaign_id is None:
        raise ValidationError(f"指标「{indicator.name}」：请选择竞赛")
    if indicator.kind in (IndicatorKind.BONUS, IndicatorKind.DEDUCTION) and indicator.per_item is None:
        raise ValidationError(f"指标「{indicator.name}」：加分/扣分指标请填写每项分值")
    try:
        scoring.Params.of(indicator)
    except Exception as error:  # malformed tiers
        raise ValidationError(f"指标「{indicator.name}」：分档格式应为 [[完成率下限, 得分百分比], …]") from error


@transaction.atomic
def do_save_indicators(scheme: Scheme, rows: Iterable[Mapping[str, Any]], expected_version: int, user: User) -> Scheme:
    """Replace the scheme's indicators with the given rows (the editor sends the
    whole list; a row with an `id` keeps its indicator and its targets), each
    change kept in history; a stale editor raises ConflictError."""
    _require(can_manage_scheme(user, scheme))
    bump_version(scheme, expected_version)
    scheme._change_reason = "修改考核指标"
    save_with_history(scheme, user)
    kept: set[int] = set()
    for order, row in enumerate(rows, start=1):
        pk = row.get("id")
        indicator = scheme.indicators.filter(pk=pk).first() if pk else None
        indicator = indicator or Indicator(scheme=scheme)
        for name in INDICATOR_FIELDS:
            if name in row:
                setattr(indicator, name, row[name])
        indicator.sort_order = order
        if indicator.kind == IndicatorKind.TIERS and not indicator.tiers:
            indicator.tiers = [list(t) for t in DEFAULT_TIERS]
        _check_indicator(indicator)
        indicator.full_clean(exclude=["scheme", "campaign"])
        save_with_history(indicator, user)
        kept.add(indicator.pk)
    for old in scheme.indicators.exclude(pk__in=kept):
        old._history_user = user
        old.delete()
    return scheme


@transaction.atomic
def do_set_targets(indicator: Indicator, targets: Mapping[int, Decimal | None], expected_version: int, user: User) -> Indicator:
    """The targets per unit of one ratio/tiers indicator (unit id → target; None clears)."""
    scheme = indicator.scheme
    _require(can_manage_scheme(user, scheme))
    bump_version(scheme, expected_version)
    scheme._change_reason = f"修改指标「{indicator.name}」的目标"
    save_with_history(scheme, user)
    allowed = set(scheme.units().values_list("pk", flat=True))
    for unit_id, value in targets.items():
        if unit_id not in allowed:
            raise ValidationError("单位不在考核对象中")
        existing = IndicatorTarget.objects.filter(indicator=indicator, unit_id=unit_id).first()
        if value is None:
            if existing is not None:
                existing._history_user = user
                existing.delete()
            continue
        if existing is not None and existing.target == value:
            continue
        row = existing or IndicatorTarget(indicator=indicator, unit_id=unit_id)
        row.target = value
        save_with_history(row, user)
    return indicator


@transaction.atomic
def do_new_version(scheme: Scheme, user: User) -> Scheme:
    """A new edition of the scheme: a copy of it, its indicators and targets."""
    _require(can_manage_scheme(user, scheme))
    latest = Scheme.objects.filter(jurisdiction=scheme.jurisdiction, year=scheme.year, name=scheme.name).order_by("-edition").first()
    copy = Scheme(
        jurisdiction=scheme.jurisdiction,
        created_by=user,
        previous=scheme,
        edition=(latest.edition if latest else scheme.edition) + 1,
        **{k: getattr(scheme, k) for k in SCHEME_FIELDS},
    )
    copy._change_reason = f"由第{scheme.edition}版复制"
    save_with_history(copy, user)
    for indicator in scheme.indicators.all():
        targets = list(indicator.targets.all())
        new = Indicator(scheme=copy, sort_order=indicator.sort_order, **{k: getattr(indicator, k) for k in INDICATOR_FIELDS})
        save_with_history(new, user)
        for target in targets:
            save_with_history(IndicatorTarget(indicator=new, unit_id=target.unit_id, target=target.target), user)
    return copy


# ---------------------------------------------------------------- computing


def definition_of(scheme: Scheme) -> list[dict[str, Any]]:
    """The indicators as a snapshot keeps them (JSON-safe)."""
    rows = []
    for indicator in scheme.indicators.prefetch_related("targets"):
        rows.append(
            {
                "id": indicator.pk,
                "name": indicator.name,
                "kind": indicator.kind,
                "source": indicator.source,
                "source_key": indicator.source_key,
                "campaign": indicator.campaign_id,
                "weight": str(indicator.weight),
                "cap": None if indicator.cap is None else str(indicator.cap),
                "tiers": indicator.tiers,
                "per_item": None if indicator.per_item is None else str(indicator.per_item),
                "item_cap": None if indicator.item_cap is None else str(indicator.item_cap),
                "threshold": None if indicator.threshold is None else str(indicator.threshold),
                "targets": {str(t.unit_id): str(t.target) for t in indicator.targets.all()},
            }
        )
    return rows


@dataclass
class LineResult:
    position: int
    name: str
    kind: str
    source: str
    raw: Decimal | None
    target: Decimal | None
    result: scoring.Result
    figure: sources.Figure


@dataclass
class UnitResult:
    unit: Unit
    total: Decimal
    grade: str
    vetoed: bool
    promoted: bool
    rank: int = 0
    lines: list[LineResult] = field(default_factory=list)


def compute(scheme: Scheme, definition: list[dict[str, Any]], units: list[Unit], cut_off: date, as_of: date | None = None) -> list[UnitResult]:
    """Every unit's scores under `definition` at the cut-off, the data as it stood
    at the end of `as_of` (default the cut-off), ranked (vetoed units last; equal
    totals share a rank)."""
    per_unit: dict[int, list[LineResult]] = {u.pk: [] for u in units}
    for position, row in enumerate(definition, start=1):
        found = sources.figures(row, units, scheme.jurisdiction, scheme.year, cut_off, as_of)
        targets = {int(k): Decimal(v) for k, v in (row.get("targets") or {}).items()}
        values = {pk: found[pk].value for pk in per_unit}
        results = scoring.score(row["kind"], scoring.Params.of(row), values, targets)
        for pk in per_unit:
            per_unit[pk].append(LineResult(position, row["name"], row["kind"], row["source"], values[pk], targets.get(pk), results[pk], found[pk]))
    out = []
    for unit in units:
        lines = per_unit[unit.pk]
        total = scoring.total([line.result for line in lines], scheme.grade_for)
        out.append(UnitResult(unit, total.total, total.grade, total.vetoed, total.promoted, lines=lines))
    out.sort(key=lambda r: (r.vetoed, -r.total))
    for index, ranked in enumerate(out, start=1):
        previous = out[index - 2] if index > 1 else None
        same = previous is not None and previous.total == ranked.total and previous.vetoed == ranked.vetoed
        ranked.rank = previous.rank if same and previous else index
    return out


@transaction.atomic
def do_run_scheme(scheme: Scheme, cut_off: date | None, user: User, now=None) -> Snapshot:
    """Compute the scheme as of its cut-off and store the frozen result."""
    _require(can_manage_scheme(user, scheme))
    cut_off = cut_off or scheme.cut_off
    definition = definition_of(scheme)
    if not definition:
        raise ValidationError("方案还没有考核指标")
    units = list(scheme.units())
    if not units:
        raise ValidationError("方案没有考核对象单位")
    results = compute(scheme, definition, units, cut_off)
    snapshot = Snapshot(
        scheme=scheme, cut_off=cut_off, scheme_version=scheme.version, definition=definition, run_at=now or timezone.now(), run_by=user
    )
    save_with_history(snapshot, user)
    for row in results:
        score = Score.objects.create(
            snapshot=snapshot, unit=row.unit, total=row.total, rank=row.rank, grade=row.grade, vetoed=row.vetoed, promoted=row.promoted
        )
        ScoreLine.objects.bulk_create(
            ScoreLine(
                score=score,
                position=line.position,
                indicator_name=line.name,
                kind=line.kind,
                source=line.source,
                raw=line.raw,
                target=line.target,
                points=line.result.points,
                note=line.result.note[:200],
                record_model=line.figure.record_model,
                record_ids=line.figure.record_ids,
                link=line.figure.link[:300],
            )
            for line in row.lines
        )
    return snapshot


@dataclass
class Difference:
    unit: Unit
    indicator: str
    old_raw: Decimal | None
    new_raw: Decimal | None
    old_points: Decimal | None
    new_points: Decimal | None
    added: list[int]
    removed: list[int]
    record_model: str = ""


@dataclass
class DifferenceReport:
    snapshot: Snapshot
    as_of: date
    rows: list[Difference]
    totals: list[tuple[Unit, Decimal, Decimal, str, str]]  # unit, old total, new total, old grade, new grade


def difference_report(snapshot: Snapshot, as_of: date | None = None) -> DifferenceReport:
    """What would change if the snapshot's indicators were computed again for the
    same cut-off with the data as it stands now (a fund verified after the cut-off,
    a stage recorded late). Nothing is stored: a snapshot never changes."""
    as_of = as_of or timezone.localdate()
    scores = {s.unit_id: s for s in snapshot.scores.select_related("unit").prefetch_related("lines")}
    units = [s.unit for s in scores.values()]
    fresh = compute(snapshot.scheme, snapshot.definition, units, snapshot.cut_off, as_of)
    rows: list[Difference] = []
    totals = []
    for result in fresh:
        stored = scores[result.unit.pk]
        old_lines = {line.position: line for line in stored.lines.all()}
        for line in result.lines:
            old = old_lines.get(line.position)
            old_ids = set(old.record_ids) if old else set()
            new_ids = set(line.figure.record_ids)
            old_raw = old.raw if old else None
            changed = old is None or _differs(old_raw, line.raw) or old.points != line.result.points or old_ids != new_ids
            if changed:
                rows.append(
                    Difference(
                        result.unit,
                        line.name,
                        old_raw,
                        line.raw,
                        old.points if old else None,
                        line.result.points,
                        sorted(new_ids - old_ids),
                        sorted(old_ids - new_ids),
                        line.figure.record_model,
                    )
                )
        if stored.total != result.total or stored.grade != result.grade:
            totals.append((result.unit, stored.total, result.total, stored.grade, result.grade))
    return DifferenceReport(snapshot, as_of, rows, totals)


def _differs(a: Decimal | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is not b
    return Decimal(a).quantize(Decimal("0.0001")) != Decimal(b).quantize(Decimal("0.0001"))


# ---------------------------------------------------------------- publication and objections


@transaction.atomic
def do_publish(snapshot: Snapshot, user: User, today: date | None = None) -> Snapshot:
    """公示: the publicity period runs for the scheme's number of working days
    (default 5) after the day of publication, by the working calendar (§8)."""
    snapshot = Snapshot.objects.select_for_update().select_related("scheme", "scheme__jurisdiction").get(pk=snapshot.pk)
    _require(can_manage_scheme(user, snapshot.scheme))
    if snapshot.is_published:
        raise ValidationError("该考核结果已公示")
    today = today or timezone.localdate()
    snapshot.status = SnapshotStatus.PUBLISHED
    snapshot.published_on = today
    snapshot.publicity_ends = WorkingCalendar().add_working_days(today, snapshot.scheme.publicity_days)
    snapshot.published_by = user
    snapshot._change_reason = "公示考核结果"
    save_with_history(snapshot, user)
    return snapshot


@transaction.atomic
def do_object(snapshot: Snapshot, unit: Unit, reason: str, user: User, today: date | None = None) -> Objection:
    """A unit's objection during the publicity period becomes a case (§8) for the
    bureau's unit of the county, registered in the name of whoever published the
    result (the unit cannot register cases for the bureau itself), so the time-limit
    engine, escalation and return visit apply as to any case."""
    snapshot = Snapshot.objects.select_related("scheme", "scheme__jurisdiction").get(pk=snapshot.pk)
    if not can_object(user, snapshot, unit, today):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写异议内容"})
    bureau = Unit.objects.get_children(snapshot.scheme.jurisdiction).filter(kind=UnitKind.BUREAU).first() or snapshot.scheme.jurisdiction
    score = snapshot.scores.filter(unit=unit).first()
    data = {
        "title": f"考核结果异议：{unit.name}（{snapshot.scheme.year}年{snapshot.scheme.name}）",
        "channel": Channel.VISIT,
        "case_type": CaseType.COMPLAINT,
        "investor_name": unit.name,
        "description": (
            f"{reason.strip()}\n\n考核方案：{snapshot.scheme}；截止日期：{snapshot.cut_off:%Y-%m-%d}；"
            f"该单位总分：{score.total if score else '—'}；提出人：{user.get_full_name() or user.username}"
        ),
        "unit": bureau,
    }
    case = case_actions.do_receive_case(data, snapshot.published_by or snapshot.run_by)
    objection = Objection(snapshot=snapshot, unit=unit, reason=reason.strip(), case=case, raised_by=user, raised_at=timezone.now())
    save_with_history(objection, user)
    return objection


# ---------------------------------------------------------------- falsified marks


@transaction.atomic
def do_mark_falsified(project: Project, reason: str, user: User, day: date | None = None) -> FalsifiedMark:
    """招商局认定项目弄虚作假, with the reason; kept in history."""
    if not can_mark_falsified(user, project):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写认定理由"})
    if FalsifiedMark.objects.filter(project=project, is_active=True).exists():
        raise ValidationError("该项目已被认定为弄虚作假")
    mark = FalsifiedMark(project=project, reason=reason.strip(), marked_on=day or timezone.localdate(), marked_by=user)
    mark._change_reason = "认定弄虚作假"
    save_with_history(mark, user)
    return mark


@transaction.atomic
def do_revoke_falsified(mark: FalsifiedMark, reason: str, user: User) -> FalsifiedMark:
    if not can_mark_falsified(user, mark.project):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写撤销理由"})
    mark.is_active = False
    save_with_history(mark, user, reason=f"撤销认定：{reason.strip()}")
    return mark
