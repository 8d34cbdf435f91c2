"""The demo county (示范县): one realistic county that `manage.py demo` builds so that
`make run` shows a working system on a fresh machine, and that the browser test and
the demo tests use as their world.

Each app that has demo data keeps it in its own `demo.py` with a
`build(world: DemoWorld) -> None` function and is listed in BUILDERS, in order: later
builders (projects, activities…) find the units, persons and logins of the earlier
ones in the world they are handed. The shared shapes live in core.demo.
"""

from __future__ import annotations

import importlib
import unicodedata

from django.db import transaction

from zhaoshang.accounts.models import Role
from zhaoshang.core.demo import COUNTY_NAME as COUNTY_NAME
from zhaoshang.core.demo import DEMO_PASSWORD as DEMO_PASSWORD
from zhaoshang.core.demo import DemoLogin as DemoLogin
from zhaoshang.core.demo import DemoWorld as DemoWorld
from zhaoshang.organisation.demo import LOGINS
from zhaoshang.organisation.models import Unit, UnitKind

# Modules with a build(world) function, run in this order.
BUILDERS: list[str] = [
    "zhaoshang.organisation.demo",
    "zhaoshang.projects.demo",
    "zhaoshang.activities.demo",
    # This year's assessment period; campaigns and the circular use it.
    "zhaoshang.metrics.demo",
    "zhaoshang.campaigns.demo",
    # After the projects: dates the obstacles' clocks like the backdated obstacles.
    "zhaoshang.timelimits.demo",
    # After the projects: their industries and regions join the lists.
    "zhaoshang.catalogues.demo",
    # After the projects: chains attach the county's enterprises and projects; before
    # the portal, whose inquiries are routed by chain to the chain's lead unit.
    "zhaoshang.chains.demo",
    # After the time limits: the inquiries start first-contact clocks.
    "zhaoshang.portal.demo",
    # After the policies and calendar: cases in every state on their clocks.
    "zhaoshang.cases.demo",
    # After the time limits' seeding: element steps start clocks of their own.
    "zhaoshang.elements.demo",
    # After the calendar is seeded: service items count working days.
    "zhaoshang.service.demo",
    # After the commitments: the clause ledger lists the agreements' tax clauses.
    "zhaoshang.rewards.demo",
    # Last: the assessment reads every source (funds, campaign, service, activity).
    "zhaoshang.assessment.demo",
]


def exists() -> bool:
    """The county's name is the marker: when it is there, the demo has been built."""
    return Unit.objects.filter(depth=1, name=COUNTY_NAME, kind=UnitKind.COUNTY).exists()


def build() -> DemoWorld | None:
    """Build the demo county with every builder; None when it already exists.
    One transaction, so a failure never leaves half a county that the marker
    would then take for a finished one."""
    with transaction.atomic():
        if exists():
            return None
        world = DemoWorld()
        for module_name in BUILDERS:
            importlib.import_module(module_name).build(world)
        return world


def logins() -> list[DemoLogin]:
    return LOGINS


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def logins_table() -> str:
    """The demo logins as a plain-text table for the console (用户名 / 密码 / 角色 / 单位)."""
    labels = {role.value: role.label for role in Role}
    rows = [("用户名", "密码", "角色", "单位")] + [(login.username, DEMO_PASSWORD, labels[login.role], login.unit_name) for login in logins()]
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
