"""The daily commitments check: owed commitments past their day become 逾期, and
those without progress for three months get one 督办. Run it once a day from cron
or a systemd timer; a second run the same day changes nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from zhaoshang.service.actions import do_check_commitments


class Command(BaseCommand):
    help = "检查承诺兑现：超过期限的标记逾期，三个月无进展的发出督办（每次停滞只督办一次）"

    def handle(self, *args, **options):
        overdue, supervised = do_check_commitments(timezone.localdate())
        self.stdout.write(f"标记逾期 {overdue} 项，督办 {supervised} 项")
