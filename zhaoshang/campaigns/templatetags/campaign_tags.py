from datetime import date
from decimal import Decimal

from django import template

from zhaoshang.campaigns.models import Campaign, CampaignStatus

register = template.Library()


@register.filter
def campaign_status(campaign: Campaign, today: date) -> CampaignStatus:
    return campaign.status(today)


@register.filter
def points(value: Decimal | None) -> str:
    """91.00 → 91, 1.50 → 1.5: scores read the way the circulars write them."""
    if value is None:
        return "—"
    return f"{value.normalize():f}"


@register.filter
def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"
