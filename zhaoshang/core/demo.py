"""The demo county (示范县): one realistic county that `manage.py demo` builds so that
`make run` shows a working system on a fresh machine, and that the browser test and
the demo tests use as their world.

Each app that has demo data keeps it in its own `demo.py` with a
`build(world: DemoWorld) -> None` function and is listed in BUILDERS, in order: later
builders (projects, activities…) find the units, persons and logins of the earlier
ones in the world they are handed.
"""

from __future__ import annotations

import importlib
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhaoshang.organisation.models import Person, Unit

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
    # After the calendar is seeded: service items count working days.
    "zhaoshang.service.demo",
]

COUNTY_NAME = "清河县"

# A demo password, printed on the console and in README.md. Never use it for real
# accounts: anyone who has read the README knows it.
DEMO_PASSWORD = "zhaoshang2026"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str  # Role value, or "admin" for the superuser
    unit_name: str  # the unit the role covers (with its subtree)
    person: str = ""  # "单位名称/职务" of the person this login belongs to


@dataclass
class DemoWorld:
    """What the builders have made so far, by name, for the builders after them."""

    county: Unit | None = None
    units: dict[str, Unit] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)  # "单位名称/职务" → first such person
    users: dict[str, User] = field(default_factory=dict)


def exists() -> bool:
    """The county's name is the marker: when it is there, the demo has been built."""
    from zhaoshang.organisation.models import Unit, UnitKind

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
    from zhaoshang.organisation.demo import LOGINS

    return LOGINS


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def logins_table() -> str:
    """The demo logins as a plain-text table for the console (用户名 / 密码 / 角色 / 单位)."""
    from zhaoshang.accounts.models import Role

    labels = {role.value: role.label for role in Role}
    rows = [("用户名", "密码", "角色", "单位")] + [
        (login.username, DEMO_PASSWORD, labels[login.role], login.unit_name) for login in logins()
    ]
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
