from django.conf import settings


def profile(request) -> dict:
    """The county's name and the bureau's contact, shown on every public page."""
    return {"portal_profile": {"county": settings.PORTAL_COUNTY_NAME, "contact": settings.PORTAL_CONTACT}}
