from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "zhaoshang.service"
    verbose_name = "营商环境"

    def ready(self) -> None:
        from . import case_lines, todo  # noqa: F401  register the case figures and the 待办 sources
