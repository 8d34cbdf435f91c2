from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "zhaoshang.portal"
    verbose_name = "公开信息"

    def ready(self) -> None:
        from .todo_sources import register_sources

        register_sources()
