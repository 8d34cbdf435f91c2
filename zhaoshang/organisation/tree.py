"""Nested tree for the unit page, built in memory from one path-ordered query."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import Unit


@dataclass
class TreeNode:
    unit: Unit
    matched: bool = True
    open: bool = True
    children: list[TreeNode] = field(default_factory=list)


def build_forest(units: Iterable[Unit], matched_ids: set[int] | None = None, open_depth: int = 2) -> list[TreeNode]:
    """Units must be ordered by path. A node hangs under its nearest ancestor in
    the list, so hidden (deactivated, out-of-scope) levels don't orphan anything.
    With a search (`matched_ids`), every branch is open and non-matching ancestors
    are marked as context."""
    by_path: dict[str, TreeNode] = {}
    roots: list[TreeNode] = []
    for unit in units:
        node = TreeNode(
            unit=unit,
            matched=matched_ids is None or unit.pk in matched_ids,
            open=matched_ids is not None or unit.depth < open_depth + 1,
        )
        parent = None
        path = unit.path[: -Unit.steplen]
        while path and parent is None:
            parent = by_path.get(path)
            path = path[: -Unit.steplen]
        (parent.children if parent else roots).append(node)
        by_path[unit.path] = node
    return roots
