

from django.core.exceptions import ValidationError
from ninja import Router

from zhaoshang.organisation.models import Person, Unit

from ..models import (
    Evidence,
    Project,
)

router = Router(tags=["项目"])

MONEY = "整数金额：人民币为元，美元为美分；币种见 currency"


# ---------------------------------------------------------------- helpers


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _unlinked_evidence(project: Project, ids: list[int]) -> list[Evidence]:
    """Files uploaded to this project earlier, referenced by id; whether they are
    still free to link is the action's check."""
    attached = list(Evidence.objects.filter(project=project, pk__in=ids))
    if len(attached) != len(set(ids)):
        raise _invalid("evidence_ids", "部分证明材料不存在或不属于该项目")
    return attached


def _root_path(unit: Unit) -> str:
    return unit.path[: Unit.steplen]


def _unit_in(root: str, pk: int | None, field: str, label: str) -> Unit | None:
    """A unit of the same jurisdiction (tree root). Landing places, credited units and
    responsible departments are often outside the reporter's own scope, so this is
    not a visibility check; the actions decide who may write."""
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk, path__startswith=root).first()
    if unit is None:
        raise _invalid(field, f"{label}不存在")
    return unit


def _person_in(root: str, pk: int | None, field: str, label: str) -> Person | None:
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk, unit__path__startswith=root).first()
    if person is None:
        raise _invalid(field, f"{label}不存在")
    return person
