from __future__ import annotations

from django import template

from zhaoshang.assessment.access import can_mark_falsified

register = template.Library()


@register.simple_tag(takes_context=True)
def falsified_panel(context, project) -> dict:
    """The falsified marks of a project and whether the user may add one (the
    same predicate do_mark_falsified checks)."""
    user = context["request"].user
    marks = list(project.falsified_marks.all())
    allowed = can_mark_falsified(user, project)
    return {"marks": marks if allowed or marks else [], "can_mark": allowed and not any(m.is_active for m in marks)}
