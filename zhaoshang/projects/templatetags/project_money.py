"""Project amounts are 元 for CNY and US cents for USD; show each in its own 万."""

from django import template

from zhaoshang.core import money
from zhaoshang.projects.models import Currency

register = template.Library()


@register.filter
def wan_in(amount: int | None, currency: str) -> str:
    """元 → 万元, or US cents → 万美元 (with the unit named, since lists are in 万元)."""
    if currency == Currency.USD:
        return "—" if amount is None else f"{money.format_wan(amount // 100)}万美元"
    return money.format_wan(amount)
