from django import template

from zhaoshang.rewards import calculator

register = template.Library()


@register.filter
def permille(rate_bp: int) -> str:
    """A rate in 万分之 as ‰: 30 → 3‰."""
    return calculator.permille(rate_bp)


@register.filter
def yuan(amount: int) -> str:
    """An exact amount in 元 with thousands separators: 50000 → 50,000."""
    return f"{amount:,}"


@register.filter
def base_label(key: str) -> str:
    return calculator.Base.label(key)


@register.filter
def event_label(key: str) -> str:
    return calculator.Event.label(key)
