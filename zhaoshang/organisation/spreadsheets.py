"""Excel export columns and Excel imports of units and persons (core/excel.py does
the file handling). Imports validate every row first and write nothing unless all
rows are valid, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.models import User

from zhaoshang.accounts import access
from zhaoshang.core import money
from zhaoshang.core.excel import Column, RowError, form_errors, read_rows
from zhaoshang.core.forms import PlainTextMixin
from zhaoshang.core.importing.fields import LabelChoiceField, YesNoField, cell_text
from zhaoshang.core.importing.pipeline import ImportResult, all_or_nothing, write_each

from . import actions
from .forms import validate_phone
from .models import Division, LeaderBody, Person, Unit, UnitKind

# ---------------------------------------------------------------- export

UNIT_COLUMNS = [
    Column("单位名称", lambda u: u.name, 24),
    Column("简称", lambda u: u.short_name),
    Column("单位类型", lambda u: u.get_kind_display()),
    Column("上级单位", lambda u: u.parent_name, 24),
    Column("所属赛区", lambda u: u.division.name if u.division else ""),
    Column("驻点城市", lambda u: u.city),
    Column("排序", lambda u: u.sort_order, 8),
    Column("启用", lambda u: u.is_active, 8),
]

DIVISION_COLUMNS = [
    Column("赛区名称", lambda d: d.name),
    Column("所属辖区", lambda d: d.jurisdiction.name, 20),
    Column("默认任务（万元）", lambda d: float(money.to_wan(d.default_quota)), 18),
    Column("参加排名", lambda d: d.competes, 10),
    Column("成员单位数", lambda d: d.member_count, 12),
]

PERSON_COLUMNS = [
    Column("姓名", lambda p: p.name),
    Column("职务", lambda p: p.post, 20),
    Column("所在单位", lambda p: p.unit.name, 24),
    Column("四大家领导", lambda p: p.get_leader_body_display()),
    Column("主要负责人", lambda p: p.is_principal, 12),
    Column("联系电话", lambda p: p.phone if p.phone_visible else p.masked_phone, 18),
    Column("排序", lambda p: p.sort_order, 8),
    Column("在职", lambda p: p.is_active, 8),
]


def with_parent_names(units: list[Unit]) -> list[Unit]:
    """Attach `parent_name` to each unit with one extra query."""
    parent_paths = {u.path[: -Unit.steplen] for u in units if u.depth > 1}
    names = dict(Unit.objects.filter(path__in=parent_paths).values_list("path", "name"))
    for unit in units:
        unit.parent_name = names.get(unit.path[: -Unit.steplen], "")
    return units


# ---------------------------------------------------------------- import plumbing (core/importing)


def _run(errors: list[RowError], writes: list[tuple[int, Callable[[], Any]]]) -> ImportResult:
    """Perform the writes in one transaction; the first refusal undoes them all."""
    if errors:
        return ImportResult(errors=errors)
    return all_or_nothing(lambda: write_each(writes))


def _rows(upload, form_class: type[forms.Form], headers: dict[str, str], required: list[str]):
    """Yield (row number, valid form or None, errors)."""
    for number, row in read_rows(upload, list(headers.values()), required):
        form = form_class({name: cell_text(row.get(header)) for name, header in headers.items()})
        if form.is_valid():
            yield number, form, []
        else:
            yield number, None, form_errors(number, form, headers)


def _single(candidates: list, row: int, column: str, what: str, name: str) -> tuple[Any, list[RowError]]:
    if not candidates:
        return None, [RowError(row, column, f"找不到{what}「{name}」")]
    if len(candidates) > 1:
        return None, [RowError(row, column, f"有多个名为「{name}」的{what}，无法确定是哪一个")]
    return candidates[0], []


# ---------------------------------------------------------------- units

UNIT_HEADERS = {
    "name": "单位名称",
    "short_name": "简称",
    "kind": "单位类型",
    "parent": "上级单位",
    "division": "所属赛区",
    "city": "驻点城市",
    "sort_order": "排序",
    "is_active": "启用",
}
UNIT_REQUIRED = ["单位名称", "单位类型", "上级单位"]
UNIT_EXAMPLE = ["城关镇", "城关", "乡镇/街道", "示范县", "一赛区", "", 1, "是"]
UNIT_NOTES = [
    "单位类型可选：" + "、".join(k.label for k in UnitKind) + "。",
    "上级单位填写单位名称：须是您可管理的已有单位，或本文件中更靠前一行新增的单位。",
    "所属赛区填写赛区名称，可不填；赛区须属于该单位所在的辖区。",
    "启用填写“是”或“否”，不填视为“是”。",
]


class UnitRowForm(PlainTextMixin, forms.Form):
    name = forms.CharField(max_length=100)
    short_name = forms.CharField(max_length=30, required=False)
    kind = LabelChoiceField(UnitKind)
    parent = forms.CharField(max_length=100)
    division = forms.CharField(max_length=50, required=False)
    city = forms.CharField(max_length=30, required=False)
    sort_order = forms.IntegerField(min_value=0, required=False)
    is_active = YesNoField(default=True)


@dataclass
class _NewUnit:
    row: int
    data: dict[str, Any]
    parent: Unit | None  # an existing parent, or
    parent_row: _NewUnit | None  # a unit created by an earlier row
    anchor: Unit  # the nearest existing ancestor, for jurisdiction checks
    created: Unit | None = None


def import_units(upload, user: User) -> ImportResult:
    result = ImportResult()
    administered = list(Unit.objects.editable_by(user).active())
    divisions = list(Division.objects.editable_by(user).select_related("jurisdiction"))
    pending: list[_NewUnit] = []
    in_file: dict[str, list[_NewUnit]] = {}
    seen: dict[tuple[str, str], int] = {}

    for number, form, errors in _rows(upload, UnitRowForm, UNIT_HEADERS, UNIT_REQUIRED):
        if errors:
            result.errors.extend(errors)
            continue
        data = form.cleaned_data
        name, parent_name = data["name"], data["parent"]
        if (parent_name, name) in seen:
            result.errors.append(RowError(number, "单位名称", f"与第{seen[parent_name, name]}行重复"))
            continue
        seen[parent_name, name] = number

        existing = [u for u in administered if u.name == parent_name]
        earlier = in_file.get(parent_name, [])
        found, errors = _single(existing + earlier, number, "上级单位", "您可管理的上级单位", parent_name)
        if errors:
            if not existing and not earlier:
                errors = [RowError(number, "上级单位", f"找不到您可管理的单位「{parent_name}」（本文件新增的单位须写在前面的行）")]
            result.errors.extend(errors)
            continue
        parent = found if isinstance(found, Unit) else None
        parent_row = found if isinstance(found, _NewUnit) else None
        anchor = parent or parent_row.anchor
        if parent is not None and Unit.objects.get_children(parent).filter(name=name).exists():
            result.errors.append(RowError(number, "单位名称", f"「{parent_name}」下已有同名单位"))
            continue

        division = None
        if data["division"]:
            candidates = [d for d in divisions if d.name == data["division"] and anchor.path.startswith(d.jurisdiction.path)]
            division, errors = _single(candidates, number, "所属赛区", "该单位所在辖区的赛区", data["division"])
            if errors:
                result.errors.extend(errors)
                continue
        values = {f: data[f] for f in ("name", "short_name", "kind", "city", "is_active")}
        values.update(division=division, sort_order=data["sort_order"] or 0)
        new = _NewUnit(number, values, parent, parent_row, anchor)
        pending.append(new)
        in_file.setdefault(name, []).append(new)

    def create(new: _NewUnit) -> Callable[[], Any]:
        def write() -> None:
            parent = new.parent or new.parent_row.created
            new.created = actions.do_create_unit(parent, new.data, user)

        return write

    return _run(result.errors, [(new.row, create(new)) for new in pending])


# ---------------------------------------------------------------- persons

PERSON_HEADERS = {
    "name": "姓名",
    "post": "职务",
    "unit": "所在单位",
    "leader_body": "四大家领导",
    "is_principal": "主要负责人",
    "phone": "联系电话",
    "sort_order": "排序",
    "is_active": "在职",
}
PERSON_REQUIRED = ["姓名", "所在单位"]
PERSON_EXAMPLE = ["张三", "镇长", "城关镇", "", "是", "13800001234", 1, "是"]
PERSON_NOTES = [
    "所在单位填写单位名称，须是您有权维护的已启用单位。",
    "四大家领导可选：" + "、".join(b.label for b in LeaderBody) + "，不是则不填。",
    "主要负责人、在职填写“是”或“否”；主要负责人不填视为“否”，在职不填视为“是”。",
]


class PersonRowForm(PlainTextMixin, forms.Form):
    name = forms.CharField(max_length=30)
    post = forms.CharField(max_length=60, required=False)
    unit = forms.CharField(max_length=100)
    leader_body = LabelChoiceField(LeaderBody, required=False)
    is_principal = YesNoField(default=False)
    phone = forms.CharField(max_length=30, required=False, validators=[validate_phone])
    sort_order = forms.IntegerField(min_value=0, required=False)
    is_active = YesNoField(default=True)


def import_persons(upload, user: User) -> ImportResult:
    result = ImportResult()
    writable = list(Unit.objects.within(access.write_paths(user)).active())
    existing = set(Person.objects.filter(unit__in=writable).values_list("unit_id", "name"))
    seen: dict[tuple[int, str], int] = {}
    writes = []

    for number, form, errors in _rows(upload, PersonRowForm, PERSON_HEADERS, PERSON_REQUIRED):
        if errors:
            result.errors.extend(errors)
            continue
        data = form.cleaned_data
        unit, errors = _single([u for u in writable if u.name == data["unit"]], number, "所在单位", "您有权维护的单位", data["unit"])
        if errors:
            result.errors.extend(errors)
            continue
        key = (unit.pk, data["name"])
        if key in seen:
            result.errors.append(RowError(number, "姓名", f"与第{seen[key]}行重复（同一单位同名）"))
            continue
        seen[key] = number
        if key in existing:
            result.errors.append(RowError(number, "姓名", f"「{unit.name}」已有人员「{data['name']}」"))
            continue
        values = {f: data[f] for f in ("name", "post", "leader_body", "is_principal", "phone", "is_active")}
        values.update(unit=unit, sort_order=data["sort_order"] or 0, phone=data["phone"] or "")
        values["post"] = values["post"] or ""
        writes.append((number, lambda values=values: actions.do_create_person(values, user)))

    return _run(result.errors, writes)
