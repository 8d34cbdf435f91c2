"""Demo data: the standard lists, and the industries and regions the demo projects use."""

from __future__ import annotations

from zhaoshang.core.demo import DemoWorld
from zhaoshang.projects.models import Investor, Project

from .models import Industry, SourceRegion
from .seeding import adopt_values, seed_lists


def build(world: DemoWorld) -> None:
    seed_lists(Industry, SourceRegion)
    adopt_values(Industry, SourceRegion, Project, Investor)
