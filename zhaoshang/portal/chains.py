"""Industry chains as the portal needs them, read from the chain app
(zhaoshang.chains): the public filters offer the chains' names (and any name a
promoted project still carries as text), an inquiry about a chain goes to the
chain's lead unit, and its accepted lead is attached to the chain's root link."""

from __future__ import annotations

from django.db.models import QuerySet

from zhaoshang.chains.actions import chain_named
from zhaoshang.chains.models import Chain
from zhaoshang.organisation.models import Unit

from .models import PromotedProject


def chain_names() -> list[str]:
    """Every chain, and every chain named on a promoted project, for the filters."""
    names = set(Chain.objects.values_list("name", flat=True))
    names |= set(PromotedProject.objects.exclude(chain="").values_list("chain", flat=True))
    return sorted(names)


def in_chain(promoted: QuerySet, chain: str) -> QuerySet:
    return promoted.filter(chain=chain) if chain else promoted


def chain_of(name: str, unit: Unit | None) -> Chain | None:
    """The chain called `name` in the county of `unit` (the first of that name when
    no unit is known)."""
    if not name:
        return None
    if unit is not None:
        return chain_named(name, unit.path)
    return Chain.objects.filter(name=name.strip()).order_by("id").first()


def lead_unit(chain: str) -> Unit | None:
    """The unit that answers for a chain: the chain's lead unit; for a name only a
    promoted project carries, the unit of the longest-standing promoted project."""
    if not chain:
        return None
    if found := chain_of(chain, None):
        return found.lead_unit
    promoted = PromotedProject.objects.filter(chain=chain).select_related("unit").order_by("id").first()
    return promoted.unit if promoted else None
