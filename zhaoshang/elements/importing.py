"""Excel import of step plans (the exported 要素环节 list, edited and sent back):
each row names a step by 环节编号 and sets its department, planned date, limit and
whether it blocks the start. It runs on the shared pipeline (core/importing):
all or nothing, errors naming the row and the column in Chinese."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User

from zhaoshang.core.excel import RowError
from zhaoshang.core.importing import pipeline
from zhaoshang.core.importing.fields import RowForm, YesNoField
from zhaoshang.core.importing.pipeline import ImportResult, Row, RowRefused, Spec
from zhaoshang.core.versions import ConflictError
from zhaoshang.organisation.models import Unit

from . import access, actions
from .models import ElementStep

HEADERS = {
    "pk": "环节编号",
    "responsible_unit": "责任部门",
    "planned_date": "计划完成日期",
    "limit_days": "办理时限（工作日）",
    "blocks_start": "影响开工",
}


class StepRowForm(RowForm):
    pk = forms.IntegerField(min_value=1)
    responsible_unit = forms.CharField(max_length=100)
    planned_date = forms.DateField(required=False)
    limit_days = forms.IntegerField(min_value=1, max_value=365)
    blocks_start = YesNoField()


def _check(rows: list[Row], user: User) -> None:
    """Each row's step (visible and plannable by the user) and department (an
    active unit of the step's county), looked up once for the whole file."""
    steps = ElementStep.objects.visible_to(user).select_related("project__introducing_unit")
    steps_by_pk = {step.pk: step for step in steps.filter(pk__in={row.data["pk"] for row in rows})}
    units: dict[str, list[Unit]] = {}
    for unit in Unit.objects.active().filter(name__in={row.data["responsible_unit"] for row in rows}).order_by("path"):
        units.setdefault(unit.name, []).append(unit)
    for row in rows:
        data = row.data
        step = steps_by_pk.get(data["pk"])
        if step is None:
            row.errors.append(RowError(row.number, HEADERS["pk"], "环节不存在或无权查看"))
            continue
        if not access.can_plan_steps(user, step.project):
            row.errors.append(RowError(row.number, HEADERS["pk"], "无权修改该环节的计划"))
            continue
        county = step.project.introducing_unit.path[: Unit.steplen]
        unit = next((u for u in units.get(data["responsible_unit"], []) if u.path.startswith(county)), None)
        if unit is None:
            row.errors.append(RowError(row.number, HEADERS["responsible_unit"], f"本县没有名为「{data['responsible_unit']}」的单位"))
            continue
        new = {"responsible_unit": unit, "planned_date": data["planned_date"], "limit_days": data["limit_days"], "blocks_start": data["blocks_start"]}
        changed = {name: value for name, value in new.items() if getattr(step, name) != value}
        row.plan = (step, changed) if changed else None


def _update(row: Row, user: User) -> None:
    step, changed = row.plan
    try:
        actions.do_update_step(step, changed, user, expected_version=step.version)
    except ConflictError as error:
        raise RowRefused(RowError(row.number, HEADERS["pk"], error.message)) from None


def _write(rows: list[Row], user: User) -> int:
    """Only the rows that change a plan are written; their count is returned."""
    return pipeline.write_each((row.number, lambda row=row: _update(row, user)) for row in rows if row.plan)


SPEC = Spec(kind="element_steps", headers=HEADERS, required=[HEADERS["pk"]], form=StepRowForm, check=_check, write=_write)


def import_steps(upload, user: User) -> ImportResult:
    """Raises excel.ImportFileError for a file that cannot be read."""
    return pipeline.run(SPEC, upload, user)
