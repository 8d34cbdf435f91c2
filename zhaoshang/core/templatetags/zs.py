from django import template

from zhaoshang.core import money

register = template.Library()


@register.filter
def wan(yuan: int | None) -> str:
    """Integer 元 shown as 万元 with thousands separators."""
    return money.format_wan(yuan)


@register.filter
def amount(yuan: int | None) -> str:
    """Integer 元 with its unit by the display rule (core/money.py): 亿元 from 1亿 up,
    万元 below. For cards and sentences; table columns stay in 万元 (`wan`)."""
    return money.format_amount(yuan)


@register.filter
def yi(yuan: int | None) -> str:
    return money.format_yi(yuan)


@register.filter
def yesno_cn(value: bool) -> str:
    return "是" if value else "否"


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced; keeps filters when
    paginating or sorting."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"
