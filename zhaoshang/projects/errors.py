"""Domain errors of the projects app that are not plain validation failures."""

from __future__ import annotations


class ConflictError(Exception):
    """Someone else saved the same record since the user loaded it. The message
    (Chinese) names who and which fields changed, so the user knows what to check."""

    def __init__(self, message: str, changed_fields: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.changed_fields = changed_fields or []
