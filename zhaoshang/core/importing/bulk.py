"""Writing many records at once, with their history.

`bulk_create` inserts the records and one history row each (django-simple-history's
bulk_history_create: same who, when and reason as a save would record), in batches,
without per-record signals. Instead it sends `records_written` once per model, so
whoever keeps something derived from the records (metrics/freshness.py: the figure
cache) hears of the whole batch at once, e.g. bumps each county's version once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.models import User
from django.db import models
from django.dispatch import Signal

BATCH = 1000

# sender: the model; records: the created records (saved, with their pk).
records_written = Signal()


def bulk_create(
    model: type[models.Model], records: Sequence[models.Model], user: User | None, when: datetime, reason: str | None = None
) -> list[models.Model]:
    if not records:
        return []
    created = model._default_manager.bulk_create(records, batch_size=BATCH)
    if created[0].pk is None:  # every supported database returns the keys (PostgreSQL, SQLite ≥ 3.35)
        raise RuntimeError("bulk_create did not return primary keys")
    model.history.bulk_history_create(created, batch_size=BATCH, default_user=user, default_date=when, default_change_reason=reason)
    records_written.send(sender=model, records=created)
    return created


def bulk_update(
    model: type[models.Model], records: Sequence[models.Model], fields: list[str], user: User | None, when: datetime, reason: str | None = None
) -> None:
    """Change `fields` of saved records, with a history row each ("~")."""
    if not records:
        return
    model._default_manager.bulk_update(records, fields, batch_size=BATCH)
    model.history.bulk_history_create(
        records, batch_size=BATCH, default_user=user, default_date=when, default_change_reason=reason, update=True
    )
    records_written.send(sender=model, records=list(records))
