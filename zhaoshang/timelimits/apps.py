from django.apps import AppConfig


class TimelimitsConfig(AppConfig):
    name = "zhaoshang.timelimits"
    verbose_name = "办理时限"

    def ready(self) -> None:
        # The 50/80/100 % escalations addressed to the user, on 待办.
        from . import todo  # noqa: F401
