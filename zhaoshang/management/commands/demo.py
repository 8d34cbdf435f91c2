"""`manage.py demo`: build the demo county once, then print the demo logins.
Safe to run on every `make run`: a second run creates nothing."""

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.test import override_settings

from zhaoshang import demo
from zhaoshang.organisation.models import Person


class Command(BaseCommand):
    help = f"载入示范县「{demo.COUNTY_NAME}」的演示数据（已存在则不重复创建），并打印演示账号。"

    def handle(self, *args, **options) -> None:
        # Thousands of saves, each queuing a warm-up of the figures (dashboard/tasks.py)
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
                    f"已创建示范县「{demo.COUNTY_NAME}」：{len(world.units)} 个单位、{persons} 名人员、{len(world.users)} 个演示账号。"
                )
            )
        self.stdout.write("\n演示账号（仅供演示，密码公开，切勿用于正式环境）：\n")
        self.stdout.write(demo.logins_table())
        if settings.OTP_REQUIRED:
            self.stdout.write(
                "\nadmin 与 zsj（系统管理员、招商局工作人员）输入密码后须绑定动态口令：用手机验证器 App"
                "（如 Microsoft Authenticator、Google 身份验证器）扫描页面上的二维码，输入 6 位数字，"
                "并保存显示的恢复码；以后每次登录都要输入动态口令。"
                "只想在本机快速浏览时，可用 OTP_REQUIRED=0 make run 启动。"
            )
