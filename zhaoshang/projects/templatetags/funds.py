"""Template helpers of the fund and obstacle sections: they are included by the
project page with only `project` and `user` in context, so they fetch their own
summary here instead of asking the page's view."""

from __future__ import annotations

from django import template

from zhaoshang.core import money

from .. import summaries
from ..fund_forms import WAN_LABEL, amount_in_wan
from ..models import Currency, FundEntry, ObstacleStatus

register = template.Library()


@register.simple_tag
def fund_summary(project, user) -> summaries.FundSummary:
    return summaries.fund_summary(project, user)


@register.simple_tag
def obstacle_summary(project, user) -> summaries.ObstacleSummary:
    return summaries.obstacle_summary(project, user)


@register.filter
def fund_amount(entry: FundEntry) -> str:
    """'1,200.00 万元', or '12.00 万美元' for USD."""
    return minor_wan(entry.amount, entry.currency)


@register.filter
def minor_wan(amount: int | None, currency: str = Currency.CNY) -> str:
    """An amount in the currency's minor unit shown in 万 of that currency."""
    value = amount_in_wan(amount, currency)
    return "—" if value is None else f"{value:,.2f} {WAN_LABEL[Currency(currency)]}"


@register.filter
def usd_wan(cents: int | None) -> str:
    return minor_wan(cents, Currency.USD)


@register.filter
def cny_wan(yuan: int | None) -> str:
    return f"{money.format_wan(yuan)} 万元"


FUND_BADGES = {
    "reported": "bg-secondary",
    "unit_approved": "bg-info text-dark",
    "verified": "bg-success",
    "returned": "bg-danger",
}
OBSTACLE_BADGES = {
    "open": "bg-warning text-dark",
    "in_progress": "bg-info text-dark",
    "resolved": "bg-success",
    "escalated": "bg-danger",
    "proposed": "bg-primary",
}


@register.filter
def fund_badge(status: str) -> str:
    return FUND_BADGES.get(status, "bg-secondary")


@register.filter
def obstacle_badge(status: str) -> str:
    return OBSTACLE_BADGES.get(status, "bg-secondary")


@register.filter
def obstacle_step(target: str, current: str) -> str:
    """How a status control names a step: answering a 销号 proposal reads as
    confirming or returning it, not as a bare status."""
    if current == ObstacleStatus.PROPOSED:
        return "确认销号" if target == ObstacleStatus.RESOLVED else "退回重办"
    return ObstacleStatus(target).label
