"""`manage.py backup --out DIR`: the database, the uploaded files and a manifest in
one .tar.gz (zhaoshang/core/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zhaoshang.core import backup


class Command(BaseCommand):
    help = "备份数据库与上传文件到一个 .tar.gz 文件（含清单：各表行数与各文件校验值）。默认不含密钥。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", default=str(settings.VAR_DIR / "backups"), help="备份文件存放目录（默认 var/backups）")
        parser.add_argument("--with-secret-key", action="store_true", help="同时备份 SECRET_KEY（备份文件须妥善保管）")

    def handle(self, *args, out: str, with_secret_key: bool, **options) -> None:
        try:
            archive = backup.create(
                Path(out), connection=connection, media_root=Path(settings.MEDIA_ROOT), with_secret_key=with_secret_key, report=self.stdout.write
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        note = "，含密钥，请妥善保管" if with_secret_key else "（不含密钥）"
        self.stdout.write(self.style.SUCCESS(f"备份完成：{archive}{note}"))
