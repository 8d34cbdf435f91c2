from django.apps import AppConfig


class ElementsConfig(AppConfig):
    name = "zhaoshang.elements"
    verbose_name = "要素保障"

    def ready(self) -> None:
        # The department's 待办: steps it owes and element problems at its level.
        from . import todo  # noqa: F401
