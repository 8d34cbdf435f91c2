from django import template

from ..forms import amount_display
from ..models import TargetKind

register = template.Library()


@register.filter
def target_amount(target) -> str:
    """A target's amount in what it is typed in: 万元, 万美元 or 个."""
    return amount_display(target.kind, target.amount)


@register.filter
def kind_amount(amount: int | None, kind: str) -> str:
    return amount_display(kind, amount)


@register.filter
def target_unit(kind: str) -> str:
    return TargetKind(kind).unit_label
