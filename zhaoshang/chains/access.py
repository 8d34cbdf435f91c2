"""Who may do what with chains: every login of the county reads its chains; the
bureau over the county and the writers of a chain's lead unit manage it (links,
attachments, overrides); a target company is read and worked by its owner unit,
the chain's lead unit and the bureau."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from zhaoshang.accounts import access
from zhaoshang.organisation.models import Unit, subtree_q

from .models import Chain, Link, TargetCompany

AnyUser = User | AnonymousUser


def can_create_chain(user: AnyUser, county: Unit | None = None) -> bool:
    paths = access.bureau_paths(user)
    return access.covers(paths, county.path) if county is not None else bool(paths)


def can_manage_chain(user: AnyUser, chain: Chain) -> bool:
    return access.covers(access.bureau_paths(user), chain.county.path) or access.covers(access.write_paths(user), chain.lead_unit.path)


def can_add_target(user: AnyUser, chain: Chain) -> bool:
    return bool(access.write_paths(user)) and Chain.objects.visible_to(user).filter(pk=chain.pk).exists()


def can_edit_target(user: AnyUser, target: TargetCompany) -> bool:
    return access.covers(access.write_paths(user), target.owner_unit.path) or can_manage_chain(user, target.link.chain)


def counties_for(user: AnyUser):
    """Counties the user may create chains in."""
    return Unit.objects.filter(subtree_q(access.bureau_paths(user)), depth__lte=2).filter(kind__in=("county", "city"))


def owner_units_for(user: AnyUser):
    return Unit.objects.filter(subtree_q(access.write_paths(user)), is_active=True).order_by("path")


def get_chain_for_user(user: User, pk: int, write: bool = False) -> Chain:
    chain = get_object_or_404(Chain.objects.visible_to(user).select_related("county", "lead_unit", "leader"), pk=pk)
    if write and not can_manage_chain(user, chain):
        raise PermissionDenied
    return chain


def get_link_for_user(user: User, pk: int, write: bool = False) -> Link:
    link = get_object_or_404(Link.objects.visible_to(user).select_related("chain__county", "chain__lead_unit"), pk=pk)
    if write and not can_manage_chain(user, link.chain):
        raise PermissionDenied
    return link


def get_target_for_user(user: User, pk: int, write: bool = False) -> TargetCompany:
    target = get_object_or_404(
        TargetCompany.objects.visible_to(user).select_related("link__chain__county", "link__chain__lead_unit", "owner_unit"), pk=pk
    )
    if write and not can_edit_target(user, target):
        raise PermissionDenied
    return target


def covers_unit(user: AnyUser, unit: Unit) -> bool:
    return access.covers(access.write_paths(user), unit.path)
