from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "zhaoshang.metrics"
    verbose_name = "统计指标"

    def ready(self) -> None:
        # The activities app's figures join the engine once every model is loaded.
        from . import activity, freshness

        activity.register()
        freshness.connect()
