from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def percent(ratio: Decimal | None, places: int = 1) -> str:
    """0.437 → '43.7%'; None → '—' (nothing to divide by)."""
    if ratio is None:
        return "—"
    value = (Decimal(ratio) * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{value}%"


@register.filter
def index_number(value: Decimal | None) -> str:
    """Sub-indices and scores with two decimals; raw credited counts drop trailing zeros."""
    if value is None:
        return "—"
    return f"{Decimal(value).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"


@register.filter
def count_number(value: Decimal) -> str:
    text = f"{Decimal(value).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP).normalize():f}"
    return text


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key)
