"""The fund-entry import: each row's project found among those the user may edit
(one query per file), and every entry written in bulk as actions.do_report_funds
would write it (状态「已填报」, evidence to follow on the project page)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhaoshang.core.excel import RowError
from zhaoshang.core.importing.bulk import bulk_create
from zhaoshang.core.importing.pipeline import Row, RowRefused

from ..fund_forms import WAN_LABEL, amount_in_wan
from ..models import Currency, FundEntry, FundKind, Project

ENTRY_FIELDS = ("date", "amount", "currency", "kind", "note")


def check_funds(rows: list[Row], user: User) -> None:
    by_name: dict[str, list[Project]] = defaultdict(list)
    for project in Project.objects.editable_by(user).active().select_related("introducing_unit"):
        by_name[project.name].append(project)
    for row in rows:
        data, number = row.data, row.number
        found = by_name.get(data["project"], [])
        if data["unit"]:
            found = [p for p in found if data["unit"] in (p.introducing_unit.name, p.introducing_unit.short_name)]
        if not found:
            row.errors.append(RowError(number, "项目名称", f"找不到您可填报的项目「{data['project']}」"))
            continue
        if len(found) > 1:
            row.errors.append(RowError(number, "项目名称", f"有多个名为「{data['project']}」的项目，请填写引进单位加以区分"))
            continue
        project = row.plan = found[0]
        row.values = [
            project.name,
            project.introducing_unit.name,
            str(data["date"]),
            "人民币" if data["currency"] == Currency.CNY else "美元",
            f"{amount_in_wan(data['amount'], data['currency']):,.2f} {WAN_LABEL[data['currency']]}",
            FundKind(data["kind"]).label,
            data["note"],
        ]


def write_funds(rows: list[Row], user: User) -> int:
    now = timezone.now()
    entries = []
    for row in rows:
        entry = FundEntry(project=row.plan, reported_by=user, reported_at=now, **{k: row.data[k] for k in ENTRY_FIELDS})
        try:
            entry.full_clean(exclude=["project", "reported_by", "corrects"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise RowRefused(RowError(row.number, "", "；".join(error.messages))) from None
        entries.append(entry)
    return len(bulk_create(FundEntry, entries, user, now))
