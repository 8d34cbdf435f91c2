"""The audit trail of one login: changes to the account itself, the roles it was
granted and removed, and the API tokens it created and revoked, newest first."""

from __future__ import annotations

from django.contrib.auth.models import User

from zhaoshang.core.history import Change, Entry, entries

from .models import ApiToken, Role, RoleAssignment

NONE = "（无）"


def _who(record) -> str:
    user = record.history_user
    return (user.get_full_name() or user.username) if user else "系统"


def account_history(account: User) -> list[Entry]:
    result = entries(account)
    for record in RoleAssignment.history.filter(user_id=account.pk).select_related("history_user", "unit"):
        if record.history_type == "~":
            continue
        label = f"{Role(record.role).label} · {record.unit}"
        granted = record.history_type == "+"
        result.append(
            Entry(
                when=record.history_date,
                who=_who(record),
                kind="授予角色" if granted else "撤销角色",
                reason="",
                changes=[Change("角色", NONE if granted else label, label if granted else NONE)],
            )
        )
    for record in ApiToken.history.filter(user_id=account.pk).select_related("history_user"):
        if record.history_type == "~":
            continue
        result.append(
            Entry(
                when=record.history_date,
                who=_who(record),
                kind="创建 API 令牌" if record.history_type == "+" else "吊销 API 令牌",
                reason=f"{record.name}（{record.prefix}…）",
            )
        )
    result.sort(key=lambda entry: entry.when, reverse=True)
    return result
