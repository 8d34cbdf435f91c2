"""Industry chains as the portal needs them, read from the chain app
(zhaoshang.chains): a promoted project sits on a chain node (a link), an inquiry
names a chain; the public filters offer the chains' names, an inquiry about a
chain goes to the chain's lead unit, and its accepted lead is attached to the
chain's root link."""

from __future__ import annotations

from django.db.models import QuerySet

from zhaoshang.chains.models import Chain, Link, LinkTier
from zhaoshang.organisation.models import Unit


def chain_names() -> list[str]:
    """Every chain's name, for the public project filter."""
    return sorted(set(Chain.objects.values_list("name", flat=True)))


def chains() -> QuerySet[Chain]:
    """The chains an investor may name on an inquiry."""
    return Chain.objects.select_related("county").order_by("name", "id")


def nodes() -> QuerySet[Link]:
    """The chain nodes a promoted project may sit on: a chain's root, segments and products."""
    return Link.objects.exclude(tier=LinkTier.LEVEL).select_related("chain").order_by("chain__name", "chain_id", "order", "id")


def in_chain(promoted: QuerySet, chain: str) -> QuerySet:
    return promoted.filter(chain__chain__name=chain) if chain else promoted


def lead_unit(chain: Chain | None) -> Unit | None:
    """The unit that answers for a chain: the chain's lead unit."""
    return chain.lead_unit if chain is not None else None
