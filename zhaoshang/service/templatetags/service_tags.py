from datetime import date

from django import template

register = template.Library()


@register.filter
def late_on(item, today: date) -> bool:
    """A service item past its committed day (ServiceItem.is_late)."""
    return item.is_late(today)
