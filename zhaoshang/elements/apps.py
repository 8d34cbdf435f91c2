from django.apps import AppConfig


class ElementsConfig(AppConfig):
    name = "zhaoshang.elements"
    verbose_name = "要素保障"

    def ready(self) -> None:
        # The department's 待办: steps it owes and element problems at its level.
        from . import todo  # noqa: F401

        # Problems whose level ran out move up on the time-limit timer (`check_time_limits`).
        from zhaoshang.timelimits.engine.actions import register_subject_check

        from .actions import check_element_problems

        register_subject_check("element_problems", check_element_problems, "上报 {} 个要素问题")
