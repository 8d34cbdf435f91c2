"""`manage.py restore ARCHIVE [--force]`: restore a backup made by `manage.py
backup`, then check the rows and files against its manifest."""

from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zhaoshang.core import backup


class Command(BaseCommand):
    help = "从 manage.py backup 生成的备份文件恢复数据库与上传文件，并按清单核对。当前数据库已有数据时须加 --force。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", help="备份文件（.tar.gz）")
        parser.add_argument("--force", action="store_true", help="当前数据库已有数据时仍然恢复（覆盖现有数据）")

    def handle(self, *args, archive: str, force: bool, **options) -> None:
        try:
            restored = backup.restore(
                Path(archive),
                connection=connection,
                media_root=Path(settings.MEDIA_ROOT),
                var_dir=settings.VAR_DIR,
                force=force,
                report=self.stdout.write,
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        # The restored data versions may equal those of figures cached after the
        # backup was taken: without this, pages could show the newer figures.
        cache.clear()
        self.stdout.write(self.style.SUCCESS(f"恢复完成并已核对：{restored.tables} 张表、{restored.rows} 行，上传文件 {restored.files} 个。"))
        if restored.secret_key:
            self.stdout.write(f"已恢复密钥到 {settings.VAR_DIR / backup.SECRET_KEY}（设置了环境变量 SECRET_KEY 时以环境变量为准）。")
