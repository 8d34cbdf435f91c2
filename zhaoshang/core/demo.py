"""What every app's demo builder shares: the demo county's name and password, and
the world the builders hand on (DemoWorld). The orchestration — which builders run,
in which order, and the console table of logins — is the project package's
(zhaoshang/demo.py), as it spans every app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhaoshang.organisation.models import Person, Unit

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
