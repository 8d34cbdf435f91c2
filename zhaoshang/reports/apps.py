from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zhaoshang.reports"
    verbose_name = "通报"
