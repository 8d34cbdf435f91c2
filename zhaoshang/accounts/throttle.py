"""Who may try a password now. Three counts over the login log (LoginEvent), each
within LOGIN_COOLOFF_MINUTES, each lifted by an admin's unlock:

- one username from one address: LOGIN_FAILURE_LIMIT failures since the last
  right password from there (a person who mistyped, or a guesser);
- one address, any usernames: LOGIN_ADDRESS_FAILURE_LIMIT failures (spraying one
  password over many logins);
- one username, any addresses: LOGIN_USERNAME_FAILURE_LIMIT failures since the
  user's last right password (guessing from many addresses).

The last two never apply to an address the user logged in from within
LOGIN_KNOWN_ADDRESS_DAYS: an attacker elsewhere can slow guessing down for
everybody, but cannot lock the real user out of their usual office. Behind a
reverse proxy this only works when TRUSTED_PROXY_COUNT says so (client_address).
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from .models import LoginEvent, LoginOutcome


def normalise(username: str) -> str:
    return username.strip().lower()[:150]


def client_address(request: HttpRequest) -> str | None:
    """The client's address. Each trusted proxy appends the address it received
    the request from to X-Forwarded-For, so with n proxies the client is the n-th
    entry from the right; anything further left was written by the client and
    may be forged."""
    address = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def _last(events, outcomes: list[str]):
    return events.filter(outcome__in=outcomes).aggregate(last=Max("time"))["last"]


def _failures_since(events, *moments) -> int:
    start = max(moment for moment in moments if moment is not None)
    return events.password_failures().filter(time__gt=start).count()


def _window_start():
    return timezone.now() - timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)


def is_known_address(username: str, address: str | None) -> bool:
    since = timezone.now() - timedelta(days=settings.LOGIN_KNOWN_ADDRESS_DAYS)
    return LoginEvent.objects.password_successes().filter(username=normalise(username), address=address, time__gte=since).exists()


def is_locked(username: str, address: str | None) -> bool:
    username = normalise(username)
    window = _window_start()
    mine = LoginEvent.objects.filter(username=username)
    unlocked = _last(mine, [LoginOutcome.UNLOCKED])

    from_here = mine.filter(address=address)
    if _failures_since(from_here, window, unlocked, _last(from_here, LoginOutcome.password_successes())) >= (settings.LOGIN_FAILURE_LIMIT):
        return True
    if is_known_address(username, address):
        return False
    if _failures_since(mine, window, unlocked, _last(mine, LoginOutcome.password_successes())) >= (settings.LOGIN_USERNAME_FAILURE_LIMIT):
        return True
    return address is not None and _failures_since(LoginEvent.objects.filter(address=address), window) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def recent_failures(username: str) -> int:
    """Failed passwords for this username (any address) that still count: within
    the cool-off, since the last right password or unlock. Shown to the admin."""
    mine = LoginEvent.objects.filter(username=normalise(username))
    return _failures_since(mine, _window_start(), _last(mine, [LoginOutcome.UNLOCKED]), _last(mine, LoginOutcome.password_successes()))


def is_locked_anywhere(username: str) -> bool:
    """Locked for some address the recent failures came from (what the admin sees
    as 已锁定)."""
    addresses = (
        LoginEvent.objects.password_failures()
        .filter(username=normalise(username), time__gte=_window_start())
        .values_list("address", flat=True)
        .distinct()
    )
    return any(is_locked(username, address) for address in addresses)
