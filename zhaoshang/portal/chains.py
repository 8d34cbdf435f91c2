"""Industry chains as the portal needs them, behind one module so that the chain
app (issue 16 point 3) can replace the free text by its own records: today a
chain is the 产业链 text of projects and promoted projects."""

from __future__ import annotations

from django.db.models import QuerySet

from zhaoshang.organisation.models import Unit
from zhaoshang.projects.models import Project

from .models import PromotedProject


def chain_names() -> list[str]:
    """Every chain named on a project or a promoted project, for the filters."""
    names = set(Project.objects.exclude(industry_chain="").values_list("industry_chain", flat=True))
    names |= set(PromotedProject.objects.exclude(chain="").values_list("chain", flat=True))
    return sorted(names)


def in_chain(promoted: QuerySet, chain: str) -> QuerySet:
    return promoted.filter(chain=chain) if chain else promoted


def lead_unit(chain: str) -> Unit | None:
    """The unit that answers for a chain: until chains have a lead unit, the unit
    responsible for the longest-standing promoted project of the chain."""
    if not chain:
        return None
    promoted = PromotedProject.objects.filter(chain=chain).select_related("unit").order_by("id").first()
    return promoted.unit if promoted else None
