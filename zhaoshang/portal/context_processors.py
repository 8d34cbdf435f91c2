from functools import cached_property

from django.conf import settings


class Profile:
    """The county's name and the bureau's contact, shown on every public page. The
    name is settings.PORTAL_COUNTY_NAME, else the county unit's; looked up only
    when a page shows it, so internal pages pay no query."""

    @cached_property
    def county(self) -> str:
        if settings.PORTAL_COUNTY_NAME:
            return settings.PORTAL_COUNTY_NAME
        from zhaoshang.organisation.models import Unit, UnitKind

        county = Unit.objects.filter(kind=UnitKind.COUNTY).order_by("depth", "path").first()
        return county.name if county else ""

    @property
    def contact(self) -> str:
        return settings.PORTAL_CONTACT


def profile(request) -> dict:
    return {"portal_profile": Profile()}
