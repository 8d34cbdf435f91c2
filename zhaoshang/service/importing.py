"""Import of 办件 from the government service platform (Excel .xlsx or CSV), all
or nothing: every row is checked first, and the rows are written in one
transaction through `do_create_service_item`; any error, at reading or at
writing, imports nothing and names the row and the column in Chinese.

The department is a unit the importing bureau manages (by name). The project is
linked where the file allows: by 项目编号 (the project's number in this system),
otherwise by the applicant's USCC when exactly one visible project has it as
project-company or investor USCC; no match leaves the item unlinked."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from zhaoshang.accounts import access
from zhaoshang.core.excel import ImportFileError, RowError, form_errors, read_rows
from zhaoshang.core.forms import PlainTextMixin
from zhaoshang.organisation.models import Unit, subtree_q
from zhaoshang.projects.models import Project
from zhaoshang.timelimits.calendar import WorkingCalendar

from . import actions

HEADERS = {
    "number": "办件编号",
    "department": "办理部门",
    "name": "事项名称",
    "applicant": "申请人",
    "applicant_uscc": "统一社会信用代码",
    "project": "项目编号",
    "accepted_on": "受理日期",
    "committed_days": "承诺时限（工作日）",
    "statutory_days": "法定时限（工作日）",
    "finished_on": "办结日期",
}
REQUIRED = ["办件编号", "办理部门", "事项名称", "申请人", "受理日期", "承诺时限（工作日）", "法定时限（工作日）"]
EXAMPLE = ["SP2026000001", "县自然资源局", "建设用地规划许可", "示例科技有限公司", "91330100MA2XXXXXX0", "", "2026-03-02", 10, 20, "2026-03-09"]
NOTES = [
    "办理部门填写单位名称，须是您管理的单位。",
    "项目编号为本系统中的项目编号，可不填；不填时按统一社会信用代码自动关联唯一的项目。",
    "日期格式为 2026-03-02；未办结的办件办结日期不填。",
    "也可上传政务服务平台导出的 CSV 文件（UTF-8 或 GBK 编码，表头相同）。",
    "整个文件全部正确才会导入；有任何错误时一行也不导入。",
]
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]


class ItemRowForm(PlainTextMixin, forms.Form):
    number = forms.CharField(max_length=40)
    department = forms.CharField(max_length=100)
    name = forms.CharField(max_length=200)
    applicant = forms.CharField(max_length=200)
    applicant_uscc = forms.CharField(max_length=18, required=False)
    project = forms.IntegerField(min_value=1, required=False)
    accepted_on = forms.DateField(input_formats=DATE_FORMATS)
    committed_days = forms.IntegerField(min_value=0, max_value=365)
    statutory_days = forms.IntegerField(min_value=0, max_value=365)
    finished_on = forms.DateField(input_formats=DATE_FORMATS, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("accepted_on", "finished_on"):
            self.fields[name].error_messages["invalid"] = "日期格式应为 2026-03-02"


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0


def _text(value: Any) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return value.isoformat()
    return None if value is None else str(value).strip() or None


def _csv_rows(upload) -> Iterator[tuple[int, dict[str, Any]]]:
    if getattr(upload, "size", 0) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(f"文件超过 {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB，请拆分后导入")
    raw = upload.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError("无法识别 CSV 文件的编码，请另存为 UTF-8 编码")
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    missing = [h for h in REQUIRED if h not in header]
    if not header:
        raise ImportFileError("文件是空的")
    if missing:
        raise ImportFileError("缺少表头：" + "、".join(missing) + "。请使用系统提供的模板")
    count = 0
    for number, values in enumerate(reader, start=2):
        if all(not v.strip() for v in values):
            continue
        count += 1
        if count > settings.IMPORT_MAX_ROWS:
            raise ImportFileError(f"一次最多导入 {settings.IMPORT_MAX_ROWS} 行")
        yield number, {h: (values[i] if i < len(values) else None) for i, h in enumerate(header) if h in HEADERS.values()}


def _rows(upload) -> Iterator[tuple[int, dict[str, Any]]]:
    if (getattr(upload, "name", "") or "").lower().endswith(".csv"):
        return _csv_rows(upload)
    return read_rows(upload, list(HEADERS.values()), REQUIRED)


def _project_for(data: dict, projects, number: int) -> tuple[Project | None, RowError | None]:
    if data["project"]:
        project = projects.filter(pk=data["project"]).first()
        if project is None:
            return None, RowError(number, HEADERS["project"], f"找不到编号为{data['project']}的项目")
        return project, None
    uscc = (data["applicant_uscc"] or "").upper()
    if uscc:
        matches = list(projects.filter(Q(company_uscc=uscc) | Q(investor__uscc=uscc))[:2])
        if len(matches) == 1:
            return matches[0], None
    return None, None


def import_service_items(upload, user: User) -> ImportResult:
    if not actions.can_manage_items(user):
        raise PermissionDenied
    result = ImportResult()
    paths = access.bureau_paths(user) if not access.is_admin(user) else [""]
    units: dict[str, list[Unit]] = {}
    for unit in Unit.objects.filter(subtree_q(paths), is_active=True):
        units.setdefault(unit.name, []).append(unit)
    projects = Project.objects.visible_to(user)
    seen: dict[str, int] = {}
    pending: list[tuple[int, Unit, str, dict]] = []
    for number, row in _rows(upload):
        form = ItemRowForm({name: _text(row.get(header)) for name, header in HEADERS.items()})
        if not form.is_valid():
            result.errors.extend(form_errors(number, form, HEADERS))
            continue
        data = form.cleaned_data
        errors = []
        found = units.get(data["department"], [])
        if len(found) != 1:
            what = "找不到您管理的单位" if not found else "有多个同名单位"
            errors.append(RowError(number, HEADERS["department"], f"{what}「{data['department']}」"))
        if data["number"] in seen:
            errors.append(RowError(number, HEADERS["number"], f"与第{seen[data['number']]}行重复"))
        seen.setdefault(data["number"], number)
        project, error = _project_for(data, projects, number)
        if error:
            errors.append(error)
        if errors:
            result.errors.extend(errors)
            continue
        values = {k: data[k] for k in ("name", "applicant", "accepted_on", "committed_days", "statutory_days", "finished_on")}
        values.update(applicant_uscc=(data["applicant_uscc"] or "").upper(), project=project)
        pending.append((number, found[0], data["number"], values))
    if result.errors:
        return result
    calendar = WorkingCalendar()
    try:
        with transaction.atomic():
            for number, unit, item_number, values in pending:
                try:
                    actions.do_create_service_item(unit, item_number, values, user, calendar)
                except ValidationError as error:
                    for column, messages in error.message_dict.items():
                        header = HEADERS.get(column, "")
                        result.errors.extend(RowError(number, header, m) for m in messages)
                    raise _Rollback from None
                result.created += 1
    except _Rollback:
        result.created = 0
    return result


class _Rollback(Exception):
    pass
