"""Whether a logged-in session still owes its second factor, and which step.

The session remembers that its user has passed (VERIFIED) or still has to (PENDING,
set at password login for a user with an authenticator). A session without either
mark (an old session, or one made some other way) is judged from the user: admins
and bureau staff must have verified, everyone else passes unless they have an
authenticator. API tokens never reach this: they are created after the second factor.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import access
from .models import Role

SESSION_KEY = "zs_second_factor"
VERIFIED = "verified"
PENDING = "pending"

# The steps a session may owe: the URL name it is sent to.
VERIFY = "accounts:otp_verify"
ENROL = "accounts:otp_enrol"


def is_required(user: User) -> bool:
    """等保三级: two factors for whoever administers logins or works for the bureau."""
    return settings.OTP_REQUIRED and bool(access.roles(user) & {Role.ADMIN, Role.BUREAU})


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def step_owed(request: HttpRequest) -> str | None:
    """VERIFY, ENROL, or None when the session may go anywhere."""
    state = request.session.get(SESSION_KEY)
    if state == VERIFIED:
        return None
    if state == PENDING:
        return VERIFY
    if not is_required(request.user):
        return None
    return VERIFY if has_device(request.user) else ENROL


def start(request: HttpRequest, user: User) -> None:
    """Right after the password: a user with an authenticator owes its code."""
    if has_device(user):
        request.session[SESSION_KEY] = PENDING


def mark_verified(request: HttpRequest) -> None:
    # A new session key, as at login: the verified session is a new privilege level.
    request.session.cycle_key()
    request.session[SESSION_KEY] = VERIFIED
