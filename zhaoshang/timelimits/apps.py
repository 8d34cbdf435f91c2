from django.apps import AppConfig


class TimelimitsConfig(AppConfig):
    name = "zhaoshang.timelimits"
    verbose_name = "办理时限"
