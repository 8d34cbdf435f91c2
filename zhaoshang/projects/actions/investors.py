
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from zhaoshang.accounts import access as roles
from zhaoshang.core.history import save_with_history as _save
from zhaoshang.core.versions import bump_version

from .. import access
from ..models import Investor, InvestorContact, InvestorKind
from ..validators import normalise_name
from .common import _check_fields, _clean

INVESTOR_FIELDS = frozenset({"name", "uscc", "foreign_registration", "kind", "region", "is_fortune500", "note"})


# ---------------------------------------------------------------- investors


@transaction.atomic
def do_create_investor(data: Mapping[str, Any], user: User, contacts: Sequence[Mapping[str, Any]] = ()) -> Investor:
    _check_fields(data, INVESTOR_FIELDS)
    if not (roles.write_paths(user) or roles.is_admin(user)):
        raise PermissionDenied
    investor = Investor(**data)
    investor.uscc = (investor.uscc or "").strip().upper()
    investor.normalised_name = normalise_name(investor.name)
    _clean(investor)
    _save(investor, user)
    for contact in contacts:
        _add_contact(investor, contact, user)
    return investor


def do_find_or_create_investor(name: str, user: User, *, uscc: str = "", kind: str = "", found: Investor | None = None) -> Investor:
    """The 客商库's record of a company named from outside (an inquiry, a chain's target
    company): the one already matched, else the one with the same USCC or normalised
    name, else a new one, so one company stays one record."""
    investor = found or Investor.objects.matching(name, uscc).first()
    if investor is None:
        investor = do_create_investor({"name": name, "uscc": uscc, "kind": kind or InvestorKind.PRIVATE}, user)
    return investor


@transaction.atomic
def do_update_investor(investor: Investor, data: Mapping[str, Any], expected_version: int, user: User) -> Investor:
    """Save an investor edit made on `expected_version`; a stale one raises ConflictError."""
    _check_fields(data, INVESTOR_FIELDS)
    if not access.can_edit_investor(user, investor):
        raise PermissionDenied
    bump_version(investor, expected_version)
    for name, value in data.items():
        setattr(investor, name, value)
    investor.uscc = (investor.uscc or "").strip().upper()
    _clean(investor)
    _save(investor, user)
    return investor


@transaction.atomic
def do_add_investor_contact(investor: Investor, data: Mapping[str, Any], user: User) -> InvestorContact:
    """A contact of an investor already in 客商库: for whoever may edit it (a unit
    that merely linked a project to it may not, see access.founding_projects)."""
    if not access.can_edit_investor(user, investor):
        raise PermissionDenied
    return _add_contact(investor, data, user)


def _add_contact(investor: Investor, data: Mapping[str, Any], user: User) -> InvestorContact:
    _check_fields(data, frozenset({"name", "title", "phone", "email"}))
    contact = InvestorContact(investor=investor, **data)
    _clean(contact)
    _save(contact, user)
    return contact
