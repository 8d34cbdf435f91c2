from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "zhaoshang.dashboard"
    verbose_name = "数据看板"

    def ready(self) -> None:
        from zhaoshang.metrics.freshness import data_changed

        from .tasks import queue_warm_up

        data_changed.connect(queue_warm_up, dispatch_uid="dashboard_warm_up")
