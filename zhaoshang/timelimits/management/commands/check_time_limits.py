"""The escalation run (50 / 80 / 100 %). Run it every few minutes from cron or a
systemd timer; each step fires once however often it runs, and two runs at once
write each step once (a unique constraint)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zhaoshang.timelimits.engine.actions import check_time_limits


class Command(BaseCommand):
    help = "检查办理时限，发出 50%、80% 提醒和超期督办（每项只发一次）"

    def handle(self, *args, **options):
        fired = check_time_limits()
        self.stdout.write(f"发出 {len(fired)} 条时限预警")
