"""The escalation run (50 / 80 / 100 %), and the subjects' own periodic checks
registered with the engine (element problems moving up a level). Run it every few
minutes from cron or a systemd timer; each step fires once however often it runs,
and two runs at once write each step once (a unique constraint)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zhaoshang.timelimits.engine.actions import run_periodic_checks


class Command(BaseCommand):
    help = "检查办理时限，发出 50%、80% 提醒和超期督办（每项只发一次）；要素问题逾期逐级上报"

    def handle(self, *args, **options):
        for line in run_periodic_checks():
            self.stdout.write(line)
