"""The escalations on 待办: 50 % to the handler, 80 % to the unit head, 100 % (超期督办)
to the responsible leader, as long as the clock runs."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts import access
from zhaoshang.todo.registry import Item, Source, register

from .escalations import open_escalations_for
from .models import Escalation


def _item(escalation: Escalation) -> Item:
    clock = escalation.clock
    return Item(
        f"{escalation.get_level_display()}：{clock.title}",
        f"{clock.get_kind_display()}；承办单位 {clock.unit.name}；到期 {timezone.localtime(clock.due_at):%Y-%m-%d %H:%M}",
        reverse("timelimits:clock_detail", args=[clock.pk]),
        escalation,
    )


ESCALATIONS = register(
    Source(
        key="time_limit_escalations",
        label="办理时限提醒与超期督办",
        applies=lambda user: bool(access.roles(user)),
        records=lambda user, today: open_escalations_for(user),
        item=_item,
    )
)
