from django.apps import AppConfig


class RewardsConfig(AppConfig):
    name = "zhaoshang.rewards"
    verbose_name = "招商奖励"

    def ready(self) -> None:
        # The compliance reviewer's and the bureau's 待办.
        from . import todo  # noqa: F401

        # Unpaid instalments past their due date become commitments (§8) on the
        # time-limit timer (`check_time_limits`).
        from zhaoshang.timelimits.engine.actions import register_subject_check

        from .actions import check_late_payments

        register_subject_check("reward_payments", check_late_payments, "逾期未付奖励转为承诺事项 {} 项")
