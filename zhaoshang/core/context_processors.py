from functools import cached_property

from django.http import HttpRequest
from django.utils import timezone

from zhaoshang.core.menu import menu_for


class NavCounts:
    """The navbar's badges, computed when the template first reads them (htmx
    partials never do) and once per request."""

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def todo(self) -> int:
        from zhaoshang.todo import registry

        return registry.count(self.user, timezone.localdate())

    @cached_property
    def unread(self) -> int:
        from zhaoshang.todo.models import Notification

        return Notification.objects.for_user(self.user).unread().count()


def navigation(request: HttpRequest) -> dict:
    user = request.user
    return {
        "nav_menu": menu_for(user) if user.is_authenticated else [],
        "nav_counts": NavCounts(user),
    }
