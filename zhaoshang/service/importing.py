"""Import of 办件 from the government service platform (Excel .xlsx or CSV), all
or nothing: every row is checked first, and the rows are written in one
transaction through `do_create_service_item`; any error, at reading or at
writing, imports nothing and names the row and the column in Chinese.

The department is a unit the importing bureau manages (by name). The project is
linked where the file allows: by 项目编号 (the project's number in this system),
otherwise by the applicant's USCC when exactly one visible project has it as
project-company or investor USCC; no match leaves the item unlinked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from zhaoshang.accounts import access
from zhaoshang.core.excel import RowError
from zhaoshang.core.importing import pipeline
from zhaoshang.core.importing.fields import RowForm
from zhaoshang.core.importing.pipeline import ImportResult, Row, Spec
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
DATE_INVALID = {"invalid": "日期格式应为 2026-03-02"}
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]


class ItemRowForm(RowForm):
    number = forms.CharField(max_length=40)
    department = forms.CharField(max_length=100)
    name = forms.CharField(max_length=200)
    applicant = forms.CharField(max_length=200)
    applicant_uscc = forms.CharField(max_length=18, required=False)
    project = forms.IntegerField(min_value=1, required=False)
    accepted_on = forms.DateField(input_formats=DATE_FORMATS, error_messages=DATE_INVALID)
    committed_days = forms.IntegerField(min_value=0, max_value=365)
    statutory_days = forms.IntegerField(min_value=0, max_value=365)
    finished_on = forms.DateField(input_formats=DATE_FORMATS, required=False, error_messages=DATE_INVALID)


def _units(user: User) -> dict[str, list[Unit]]:
    """The active units the importing bureau manages, by name."""
    paths = access.bureau_paths(user) if not access.is_admin(user) else [""]
    units: dict[str, list[Unit]] = {}
    for unit in Unit.objects.filter(subtree_q(paths), is_active=True):
        units.setdefault(unit.name, []).append(unit)
    return units


def _projects(rows: list[Row], user: User) -> tuple[dict[int, Project], dict[str, list[Project]]]:
    """The visible projects the rows name: by number, and by USCC (as project
    company or investor), each looked up once for the whole file."""
    visible = Project.objects.visible_to(user)
    numbers = {row.data["project"] for row in rows if row.data["project"]}
    usccs = {(row.data["applicant_uscc"] or "").upper() for row in rows} - {""}
    by_number = {p.pk: p for p in visible.filter(pk__in=numbers)} if numbers else {}
    by_uscc: dict[str, list[Project]] = {}
    if usccs:
        for project in visible.filter(Q(company_uscc__in=usccs) | Q(investor__uscc__in=usccs)).select_related("investor").distinct():
            for uscc in {project.company_uscc, project.investor.uscc if project.investor else ""} & usccs:
                by_uscc.setdefault(uscc, []).append(project)
    return by_number, by_uscc


def _check(rows: list[Row], user: User) -> None:
    units = _units(user)
    by_number, by_uscc = _projects(rows, user)
    seen: dict[str, int] = {}
    for row in rows:
        data, number = row.data, row.number
        found = units.get(data["department"], [])
        if len(found) != 1:
            what = "找不到您管理的单位" if not found else "有多个同名单位"
            row.errors.append(RowError(number, HEADERS["department"], f"{what}「{data['department']}」"))
        if data["number"] in seen:
            row.errors.append(RowError(number, HEADERS["number"], f"与第{seen[data['number']]}行重复"))
        seen.setdefault(data["number"], number)
        project = None
        uscc = (data["applicant_uscc"] or "").upper()
        if data["project"]:
            project = by_number.get(data["project"])
            if project is None:
                row.errors.append(RowError(number, HEADERS["project"], f"找不到编号为{data['project']}的项目"))
        elif len(by_uscc.get(uscc, [])) == 1:
            # Linked only when exactly one visible project has the USCC.
            project = by_uscc[uscc][0]
        if row.errors:
            continue
        values = {k: data[k] for k in ("name", "applicant", "accepted_on", "committed_days", "statutory_days", "finished_on")}
        values.update(applicant_uscc=uscc, project=project)
        row.plan = (found[0], data["number"], values)


def _write(rows: list[Row], user: User) -> int:
    calendar = WorkingCalendar()

    def create(row: Row) -> Callable[[], Any]:
        unit, number, values = row.plan
        return lambda: actions.do_create_service_item(unit, number, values, user, calendar)

    return pipeline.write_each(((row.number, create(row)) for row in rows), headers=HEADERS)


SPEC = Spec(
    kind="service_items",
    headers=HEADERS,
    required=REQUIRED,
    form=ItemRowForm,
    check=_check,
    write=_write,
    filename="政务服务办件导入模板.xlsx",
    example=EXAMPLE,
    notes=NOTES,
    csv=True,
)


def import_service_items(upload, user: User) -> ImportResult:
    """Raises PermissionDenied for a user who does not manage items, and
    ImportFileError for a file that cannot be read."""
    if not actions.can_manage_items(user):
        raise PermissionDenied
    return pipeline.run(SPEC, upload, user)
