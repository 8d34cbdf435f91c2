from django.apps import AppConfig


class TodoConfig(AppConfig):
    name = "zhaoshang.todo"
    verbose_name = "待办与通知"

    def ready(self) -> None:
        # The to-do sources of the existing modules; later modules register theirs
        # from their own AppConfig.ready() the same way (registry.register).
        from . import sources  # noqa: F401
