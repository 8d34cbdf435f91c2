"""E-mail copies of notifications (django-tasks, like the other background work;
only when settings.NOTIFY_BY_EMAIL is on)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_notification_emails(ids: list[int]) -> int:
    """Send each notification to its recipient's address; returns how many went
    out (recipients without an address are skipped)."""
    from django.conf import settings
    from django.core.mail import send_mass_mail

    from .models import Notification

    messages = [
        (f"【招商引资管理平台】{n.get_kind_display()}", f"{n.text}\n\n{settings.SITE_URL}{n.link}", None, [n.recipient.email])
        for n in Notification.objects.filter(pk__in=ids).select_related("recipient")
        if n.recipient.email
    ]
    return send_mass_mail(messages, fail_silently=False) if messages else 0
