"""The example row of each import template, made for the user who downloads it:
a fixed example names units and leaders some county may not have, and a template
whose own example row is refused teaches nothing. Apart from importing.py, which
owns the columns and the parsing; this only fills the example's values."""

from __future__ import annotations

from django.contrib.auth.models import User

from zhaoshang.accounts import access as roles
from zhaoshang.organisation.models import Person, Unit

from .importing import SPECS
from .models import DuplicateStatus, ImportKind, Project


def _fill(headers: dict[str, str], example: list, values: dict[str, object]) -> list:
    row = dict(zip(headers, example, strict=True))
    row.update(values)
    return list(row.values())


def _leader_label(person: Person | None) -> str:
    if person is None:
        return ""
    return f"{person.name}（{person.post}）" if person.post else person.name


def project_example(user: User) -> list:
    """Introduced and landed by the user's own unit, led by one of the county's
    serving leaders (none when there is none); no joint split, which would need a
    second unit the user may not know."""
    unit = Unit.objects.within(roles.write_paths(user)).active().order_by("path").first()
    leader = Person.objects.active().leaders().order_by("leader_body", "sort_order", "pk").first()
    spec = SPECS[ImportKind.PROJECTS]
    return _fill(
        spec.headers,
        spec.example,
        {
            "introducing_unit": unit.name if unit else "",
            "landing_unit": unit.name if unit else "",
            "credits": "",
            "responsible_leader": _leader_label(leader),
        },
    )


def fund_example(user: User) -> list:
    """An arrival for one of the user's own projects (the fixed example when he has none)."""
    project = (
        Project.objects.editable_by(user).exclude(duplicate_status=DuplicateStatus.MERGED).select_related("introducing_unit").order_by("pk").first()
    )
    spec = SPECS[ImportKind.FUNDS]
    if project is None:
        return spec.example
    return _fill(spec.headers, spec.example, {"project": project.name, "unit": project.introducing_unit.name})


EXAMPLES = {ImportKind.PROJECTS: project_example, ImportKind.FUNDS: fund_example}
