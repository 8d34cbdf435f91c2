from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "zhaoshang.alerts"
    verbose_name = "预警中心"
