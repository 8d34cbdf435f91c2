"""Moves element problems up a level (department → task force → leader) when their
level's time limit has run out. The timer's `check_time_limits` runs this check
too (registered in ElementsConfig.ready); this command runs it alone, by hand."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zhaoshang.elements.actions import check_element_problems


class Command(BaseCommand):
    help = "要素问题逾期未解决的，逐级上报（责任部门 → 工作专班 → 分管领导）"

    def handle(self, *args, **options):
        moved = check_element_problems()
        self.stdout.write(f"上报 {len(moved)} 个要素问题")
