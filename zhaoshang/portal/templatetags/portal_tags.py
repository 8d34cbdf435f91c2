from django import template

register = template.Library()


@register.filter
def stale_on(content, today) -> bool:
    """Portal content hidden from the public for want of an update (models.FRESH_DAYS)."""
    return content.is_stale(today)
