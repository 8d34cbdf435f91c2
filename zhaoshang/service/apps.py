from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "zhaoshang.service"
    verbose_name = "营商环境"

    def ready(self) -> None:
        from . import todo  # noqa: F401  registers the 待办 sources
