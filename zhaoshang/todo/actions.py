"""Writing and reading notifications. `do_notify` is called by the actions of the
other apps inside their own transaction, so a refused or rolled-back change
never leaves a notification behind; the optional e-mail goes out only after the
commit (settings.NOTIFY_BY_EMAIL)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from zhaoshang.organisation.models import Unit

from .models import Notification


def holders_of(unit: Unit, roles: Iterable[str]) -> list[User]:
    """Active logins holding one of `roles` on the unit or on a unit above it (a
    role covers its subtree): who a change to that unit concerns."""
    prefixes = [unit.path[:end] for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    return list(
        User.objects.filter(is_active=True, roles__role__in=list(roles), roles__unit__path__in=prefixes, roles__unit__is_active=True)
        .distinct()
        .order_by("pk")
    )


def do_notify(recipients: Iterable[User | None], kind: str, text: str, link: str, *, actor: User | None = None) -> list[Notification]:
    """One notification per recipient; nobody is told about their own change."""
    return do_notify_each([(recipients, text)], kind, link, actor=actor)


@transaction.atomic
def do_notify_each(
    notices: Iterable[tuple[Iterable[User | None], str]], kind: str, link: str, *, actor: User | None = None
) -> list[Notification]:
    """do_notify for many texts at once, each to its recipients, in one INSERT (an
    import telling the bureau of every row it held)."""
    wanted = []
    for recipients, text in notices:
        users = {user.pk: user for user in recipients if user is not None and user.is_active}
        if actor is not None:
            users.pop(actor.pk, None)
        wanted += [Notification(recipient=user, kind=kind, text=text[:300], link=link) for user in users.values()]
    notifications = Notification.objects.bulk_create(wanted)
    if settings.NOTIFY_BY_EMAIL and notifications:
        ids = [notification.pk for notification in notifications]
        transaction.on_commit(lambda: _enqueue_emails(ids))
    return notifications


def _enqueue_emails(ids: list[int]) -> None:
    from .tasks import send_notification_emails

    send_notification_emails.enqueue(ids)


@transaction.atomic
def do_mark_read(notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def do_mark_all_read(user: User) -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())
