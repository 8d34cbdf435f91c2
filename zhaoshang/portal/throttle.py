"""How many inquiries the public form takes: per address per day and in all per
day, counted in the Django cache (the login's throttle, accounts/throttle.py, reads
its own log instead; an inquiry refused here leaves no row anywhere)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

DAY_SECONDS = 24 * 60 * 60


def _keys(address: str | None) -> list[tuple[str, int]]:
    day = timezone.localdate().isoformat()
    keys = [(f"portal:inquiries:{day}", settings.PORTAL_INQUIRIES_PER_DAY)]
    if address:
        keys.append((f"portal:inquiries:{day}:{address}", settings.PORTAL_INQUIRIES_PER_ADDRESS))
    return keys


def is_limited(address: str | None) -> bool:
    return any(cache.get(key, 0) >= limit for key, limit in _keys(address))


def count(address: str | None) -> None:
    """One more inquiry taken from `address` today."""
    for key, _limit in _keys(address):
        cache.add(key, 0, DAY_SECONDS)
        cache.incr(key)
