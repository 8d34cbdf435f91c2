"""`manage.py demo`: build the demo county once, then print the demo logins.
Safe to run on every `make run`: a second run creates nothing."""

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.test import override_settings

from zhaoshang.core import demo
from zhaoshang.organisation.models import Person


class Command(BaseCommand):
    help = f"载入示范县「{demo.COUNTY_NAME}」的演示数据（已存在则不重复创建），并打印演示账号。"

    def handle(self, *args, **options) -> None:
        # Thousands of saves, each queuing a warm-up of the figures (metrics/tasks.py)
        # that the cache.clear() below would throw away: build with the cache off.
        with override_settings(METRICS_CACHE_SECONDS=0):
            world = demo.build()
        # The build backdates records with .update(), which bumps no data version; and
        # after a reset the versions start again from 0, so old cached figures could match.
        cache.clear()
        if world is None:
            self.stdout.write(f"示范县「{demo.COUNTY_NAME}」已存在，未重复创建。")
        else:
            persons = Person.objects.filter(unit__path__startswith=world.county.path).count()
            self.stdout.write(
                self.style.SUCCESS(
                    f"已创建示范县「{demo.COUNTY_NAME}」：{len(world.units)} 个单位、"
                    f"{persons} 名人员、{len(world.users)} 个演示账号。"
                )
            )
        self.stdout.write("\n演示账号（仅供演示，密码公开，切勿用于正式环境）：\n")
        self.stdout.write(demo.logins_table())
