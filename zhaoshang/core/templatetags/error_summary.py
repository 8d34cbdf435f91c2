"""The error summary at the top of every form: one line per error, each linking to
its field (core/_error_summary.html, static/zhaoshang/error_summary.js moves the
focus there). It takes forms and formsets alike."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms, template

register = template.Library()


@dataclass(frozen=True)
class SummaryLine:
    message: str
    anchor: str = ""  # the field's id; empty for an error of the whole form


def _form_lines(form: forms.BaseForm, row: str = "") -> list[SummaryLine]:
    lines = [SummaryLine(f"{row}{error}") for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            # A hidden field (the version) has no place to go to: say it without a link.
            anchor = "" if field.is_hidden else field.id_for_label
            lines.append(SummaryLine(f"{row}{field.label}：{error}", anchor))
    return lines


def summary_lines(*items) -> list[SummaryLine]:
    lines: list[SummaryLine] = []
    for item in items:
        if item is None or not getattr(item, "is_bound", False):
            continue
        if isinstance(item, forms.BaseFormSet):
            lines += [SummaryLine(str(error)) for error in item.non_form_errors()]
            for number, form in enumerate(item.forms, start=1):
                lines += _form_lines(form, f"第{number}行 ")
        else:
            lines += _form_lines(item)
    return lines


@register.inclusion_tag("core/_error_summary.html")
def error_summary(*items) -> dict:
    """`{% error_summary form formset … %}`: nothing when there is no error."""
    return {"lines": summary_lines(*items)}
