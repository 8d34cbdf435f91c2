from decimal import ROUND_HALF_UP, Decimal

from django import template

from zhaoshang.core import money

register = template.Library()


@register.filter
def pct(value) -> str:
    """A rate (fraction) as a percentage with one decimal; — when there is none."""
    if value is None:
        return "—"
    return f"{(Decimal(value) * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


@register.filter
def share_count(value) -> str:
    """A share-weighted project count: 3, 2.6; — when there is none."""
    if value is None:
        return "—"
    value = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return f"{value:,f}"


@register.filter
def figure(value, kind: str) -> str:
    """A card's figure: money by the display rule (亿元 from 1亿 up, 万元 below, with
    the unit), a rate as a percentage, a count as it is."""
    if kind == "money":
        return money.format_amount(value)
    if kind == "rate":
        return pct(value)
    return share_count(value)


@register.filter
def signed_pct(value) -> str:
    """同比 with its sign: +12.5%, −3.0%, — without a base."""
    if value is None:
        return "—"
    text = pct(value)
    return text if text.startswith("-") else f"+{text}"


@register.filter
def in_unit(value, kind: str) -> str:
    """A target or its actual in the target kind's unit (TargetKind.in_unit): 万元,
    万美元 with thousands separators, or a share-weighted count; — when there is none."""
    from zhaoshang.targets.models import TargetKind

    kind = TargetKind(kind)
    amount = kind.in_unit(value)
    if amount is None:
        return "—"
    if kind.is_count:
        return share_count(amount)
    return f"{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"
