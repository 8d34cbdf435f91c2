"""待办 of the service module: commitments under 督办 (three months without
progress) and past their day, for the unit heads and reporters of the promising
unit and for the bureau."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.urls import reverse

from zhaoshang.accounts import access
from zhaoshang.accounts.models import Role
from zhaoshang.todo.registry import Item, Source, register

from .models import Commitment, CommitmentStatus


def _applies(user) -> bool:
    return bool(access.roles(user) & {Role.BUREAU, Role.UNIT_HEAD, Role.REPORTER, Role.ADMIN})


def _records(user, today: date) -> QuerySet[Commitment]:
    needs_action = Q(supervised_on__isnull=False) | Q(status=CommitmentStatus.OVERDUE)
    return Commitment.objects.editable_by(user).open().filter(needs_action).select_related("unit").order_by("due_on", "id")


def _item(commitment: Commitment) -> Item:
    why = "三个月无进展，督办" if commitment.supervised_on else commitment.get_status_display()
    return Item(
        f"承诺兑现：{commitment.content[:40]}",
        f"{commitment.unit.name}；兑现期限 {commitment.due_on:%Y-%m-%d}；{why}",
        reverse("service:commitment_detail", args=[commitment.pk]),
        commitment,
    )


register(
    Source(
        key="commitments",
        label="承诺兑现督办",
        applies=_applies,
        records=_records,
        item=_item,
        more=lambda user: reverse("service:commitment_list") + "?attention=1",
    )
)
