"""Excel columns of the project and investor lists. Contacts are masked per
`access.contact_fields_for`: the visible set is asked once per export."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User

from zhaoshang.core.excel import Column
from zhaoshang.core.money import to_wan

from . import access
from .models import Currency, Investor, Project
from .summaries import MONTHS, PlanYear


def _wan(amount: int | None, currency: str) -> float | None:
    """A figure in 万元 (万美元 for USD projects) for a spreadsheet cell."""
    if amount is None:
        return None
    value = to_wan(amount if currency == Currency.CNY else amount // 100, 4)
    return float(value)


def _contacts_text(user: User, investor: Investor | None, visible: set[int] | None) -> str:
    if investor is None:
        return ""
    allowed = visible is None or investor.pk in visible
    parts = []
    for contact in investor.contacts.all():
        fields = access.contact_fields_for(user, contact, allowed=allowed)
        parts.append(" ".join(v for v in (fields["name"], fields["title"], fields["phone"], fields["email"]) if v))
    return "；".join(parts)


def project_columns(user: User) -> list[Column]:
    visible = access.investors_with_visible_contacts(user)
    return [
        Column("项目名称", lambda p: p.name, 30),
        Column("客商", lambda p: p.investor.name if p.investor else "", 28),
        Column("客商类型", lambda p: p.investor.get_kind_display() if p.investor else ""),
        Column("客商联系人", lambda p: _contacts_text(user, p.investor, visible), 30),
        Column("来源地区", lambda p: p.source_region),
        Column("行业", lambda p: p.industry),
        Column("产业链", lambda p: "、".join(sorted({a.link.chain.name for a in p.chain_attachments.all()}))),
        Column("项目类别", lambda p: p.get_category_display()),
        Column("币种", lambda p: p.get_currency_display()),
        Column("总投资（万元/万美元）", lambda p: _wan(p.total_investment, p.currency)),
        Column("合同金额（万元/万美元）", lambda p: _wan(p.contract_amount, p.currency)),
        Column("当前阶段", lambda p: p.get_stage_display()),
        Column("签约日期", lambda p: p.signed_on),
        Column("意向协议日期", lambda p: p.intent_signed_on),
        Column("引进单位", lambda p: p.introducing_unit.name),
        Column("分成", lambda p: "；".join(str(c) for c in p.credits.all()), 24),
        Column("落地园区/乡镇", lambda p: p.landing_unit.name if p.landing_unit else ""),
        Column("包联领导", lambda p: p.responsible_leader.name if p.responsible_leader else ""),
        Column("重点项目级别", lambda p: p.get_key_level_display()),
        Column("世界500强", lambda p: p.is_fortune500),
        Column("高新技术", lambda p: p.is_high_tech),
        Column("亿元以上", lambda p: p.is_yi_plus),
        Column("外资项目", lambda p: p.is_foreign_funded),
        Column("用地报批", lambda p: p.get_land_status_display()),
        Column("环保研判", lambda p: p.get_env_screening_display()),
        Column("重复研判", lambda p: p.get_duplicate_status_display()),
        Column("形象进度", lambda p: p.progress_text, 40),
    ]


def for_project_export(qs):
    """What the columns read, fetched up front (no query per row)."""
    return qs.select_related("investor", "introducing_unit", "landing_unit", "responsible_leader").prefetch_related(
        "investor__contacts", "credits__unit", "chain_attachments__link__chain"
    )


def investor_columns(user: User) -> list[Column]:
    visible = access.investors_with_visible_contacts(user)
    return [
        Column("客商名称", lambda i: i.name, 30),
        Column("统一社会信用代码", lambda i: i.uscc, 22),
        Column("境外注册号", lambda i: i.foreign_registration),
        Column("客商类型", lambda i: i.get_kind_display()),
        Column("来源地区", lambda i: i.region),
        Column("世界500强", lambda i: i.is_fortune500),
        Column("联系人", lambda i: _contacts_text(user, i, visible), 36),
        Column("备注", lambda i: i.note, 30),
    ]


def project_rows(qs) -> list[Project]:
    return list(for_project_export(qs))


# ---------------------------------------------------------------- 重点项目年度投资计划


@dataclass(frozen=True)
class PlanRow:
    project: Project
    plan: PlanYear | None


def _plan_wan(yuan: int | None) -> Decimal | None:
    """元 → 万元 as an exact Decimal cell (4 places keep every 元)."""
    return None if yuan is None else to_wan(yuan, 4)


def _month_cell(row: PlanRow, month: int) -> Decimal | None:
    return None if row.plan is None else _plan_wan(row.plan.months[month - 1])


def _rate_cell(row: PlanRow) -> Decimal | str:
    if row.plan is None:
        return ""
    return "—" if row.plan.rate is None else row.plan.rate


def investment_columns(year: int) -> list[Column]:
    return [
        Column("项目名称", lambda r: r.project.name, 30),
        Column("引进单位", lambda r: r.project.introducing_unit.name),
        Column("重点项目级别", lambda r: r.project.get_key_level_display(), 12),
        Column("当前阶段", lambda r: r.project.get_stage_display(), 10),
        Column("包联领导", lambda r: r.project.responsible_leader.name if r.project.responsible_leader else "", 10),
        Column("年度", lambda r: year, 8),
        Column("年度计划投资（万元）", lambda r: _plan_wan(r.plan.planned) if r.plan else None, 18),
        *[Column(f"{month}月完成（万元）", lambda r, month=month: _month_cell(r, month), 14) for month in MONTHS],
        Column("累计完成（万元）", lambda r: _plan_wan(r.plan.completed) if r.plan else None, 16),
        Column("完成率（%）", _rate_cell, 12),
    ]


def investment_rows(projects: Iterable[Project]) -> list[PlanRow]:
    """One row per project; `plans_of_year` is the year's plan, prefetched."""
    return [PlanRow(p, PlanYear.of(p.plans_of_year[0]) if p.plans_of_year else None) for p in projects]
