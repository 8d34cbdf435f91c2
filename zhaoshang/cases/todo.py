"""The cases on 待办: to accept and to handle (whoever writes for the case's unit),
return visits due (the bureau; never the case's own handler)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts import access
from zhaoshang.accounts.models import Role
from zhaoshang.todo.registry import Item, Source, register

from .models import Case


def _writes(user) -> bool:
    return bool(access.roles(user) & {Role.REPORTER, Role.UNIT_HEAD, Role.BUREAU, Role.ADMIN})


def _is_bureau(user) -> bool:
    return access.is_bureau(user) or access.is_admin(user)


def _item(case: Case) -> Item:
    return Item(
        f"{case.number}「{case.investor_name}」{case.title}",
        f"{case.get_case_type_display()}；承办单位 {case.unit.name}；登记于 {timezone.localtime(case.received_at):%Y-%m-%d}",
        reverse("cases:case_detail", args=[case.pk]),
        case,
    )


def _list(status: str):
    return lambda user: reverse("cases:case_list") + f"?status={status}"


register(
    Source(
        key="cases_to_accept",
        label="待受理的诉求",
        applies=_writes,
        records=lambda user, today: (
            Case.objects.to_accept().handled_within(access.write_paths(user)).select_related("unit").order_by("received_at", "id")
        ),
        item=_item,
        more=_list("new"),
    )
)

register(
    Source(
        key="cases_in_hand",
        label="办理中的诉求",
        applies=_writes,
        records=lambda user, today: (
            Case.objects.in_hand().handled_within(access.write_paths(user)).select_related("unit").order_by("accepted_at", "id")
        ),
        item=_item,
        more=_list("handling"),
    )
)

register(
    Source(
        key="case_visits_due",
        label="待回访的诉求",
        applies=_is_bureau,
        records=lambda user, today: (
            Case.objects.awaiting_visit()
            .handled_within(access.bureau_paths(user))
            .exclude(handler=user)
            .exclude(closed_by=user)
            .select_related("unit")
            .order_by("visit_due", "id")
        ),
        item=_item,
        more=_list("closed"),
    )
)
