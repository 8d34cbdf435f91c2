"""Projects API: projects, stage events, credits, funds arrived, evidence, follow-ups
and investors, through the same access helpers and actions as the screens.

Refusals are raised as the domain's exceptions and answered by the API-wide
handlers in zhaoshang/api.py (format: zhaoshang/core/api_errors.py); each
endpoint lists REFUSALS in its responses so OpenAPI documents them.
(No `from __future__ import annotations` here: ninja reads the annotations at import.)
"""

# Each module registers its endpoints on the one router.
from . import duplicates, funds, investors, plans, projects, stages  # noqa: F401
from .common import router

__all__ = ["router"]
