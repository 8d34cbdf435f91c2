"""Who keeps the lists: the bureau and admins. Everyone logged in picks from them."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from zhaoshang.accounts import access

from .models import LISTS, ListEntry


def can_manage_lists(user: User | AnonymousUser) -> bool:
    return access.is_admin(user) or access.is_bureau(user)


def list_model(kind: str) -> type[ListEntry]:
    try:
        return LISTS[kind]
    except KeyError:
        raise Http404 from None


def get_entry_for_user(user: User, kind: str, pk: int, write: bool = False) -> ListEntry:
    if not can_manage_lists(user):
        raise PermissionDenied
    return get_object_or_404(list_model(kind), pk=pk)
