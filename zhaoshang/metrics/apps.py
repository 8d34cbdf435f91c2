from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "zhaoshang.metrics"
    verbose_name = "统计指标"
