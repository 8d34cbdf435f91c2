"""Excel import of step plans (the exported 要素环节 list, edited and sent back):
each row names a step by 环节编号 and sets its department, planned date, limit and
whether it blocks the start. All or nothing: any row error and nothing is written;
errors name the row and the column in Chinese."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from zhaoshang.core import excel
from zhaoshang.core.excel import RowError
from zhaoshang.core.forms import PlainTextMixin
from zhaoshang.core.versions import ConflictError
from zhaoshang.organisation.models import Unit

from . import access, actions
from .models import ElementStep

HEADERS = ["环节编号", "责任部门", "计划完成日期", "办理时限（工作日）", "影响开工"]
LABELS = {"pk": "环节编号", "responsible_unit": "责任部门", "planned_date": "计划完成日期", "limit_days": "办理时限（工作日）", "blocks_start": "影响开工"}


class RowForm(PlainTextMixin, forms.Form):
    pk = forms.IntegerField(min_value=1)
    responsible_unit = forms.CharField(max_length=100)
    planned_date = forms.DateField(required=False)
    limit_days = forms.IntegerField(min_value=1, max_value=365)
    blocks_start = forms.ChoiceField(choices=[("是", "是"), ("否", "否")])


class ImportRefused(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("；".join(map(str, errors)))
        self.errors = errors


@transaction.atomic
def import_steps(upload, user: User) -> int:
    """Returns how many steps changed; raises ImportRefused (row errors) or
    excel.ImportFileError (the file) and then writes nothing."""
    errors: list[RowError] = []
    changes = []
    for row, values in excel.read_rows(upload, HEADERS, required=["环节编号"]):
        data = {name: values.get(header) for name, header in LABELS.items()}
        data["planned_date"] = excel.as_date(data["planned_date"])
        form = RowForm(data)
        if not form.is_valid():
            errors += excel.form_errors(row, form, LABELS)
            continue
        clean = form.cleaned_data
        step = ElementStep.objects.visible_to(user).select_related("project__introducing_unit").filter(pk=clean["pk"]).first()
        if step is None:
            errors.append(RowError(row, "环节编号", "环节不存在或无权查看"))
            continue
        if not access.can_plan_steps(user, step.project):
            errors.append(RowError(row, "环节编号", "无权修改该环节的计划"))
            continue
        root = step.project.introducing_unit.path[: Unit.steplen]
        unit = Unit.objects.active().filter(path__startswith=root, name=clean["responsible_unit"]).first()
        if unit is None:
            errors.append(RowError(row, "责任部门", f"本县没有名为「{clean['responsible_unit']}」的单位"))
            continue
        new = {
            "responsible_unit": unit,
            "planned_date": clean["planned_date"],
            "limit_days": clean["limit_days"],
            "blocks_start": clean["blocks_start"] == "是",
        }
        changed = {name: value for name, value in new.items() if getattr(step, name) != value}
        if changed:
            changes.append((row, step, changed))
    for row, step, changed in changes:
        try:
            actions.do_update_step(step, changed, user, expected_version=step.version)
        except ConflictError as error:
            errors.append(RowError(row, "环节编号", error.message))
        except ValidationError as error:
            errors.extend(RowError(row, "", message) for message in error.messages)
    if errors:
        transaction.set_rollback(True)
        raise ImportRefused(errors)
    return len(changes)
