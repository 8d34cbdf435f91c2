"""Who may open what: a notification belongs to its recipient alone."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import Notification


def get_notification_for_user(user, pk: int, write: bool = False) -> Notification:
    """Someone else's notification is a 404, exactly like one that does not exist."""
    return get_object_or_404(Notification.objects.for_user(user), pk=pk)
