"""Generate a circular in the foreground, without the worker: for the render
script (scripts/render_circular.sh) and for operators who want the files now."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhaoshang.organisation.models import Unit
from zhaoshang.reports import circular
from zhaoshang.reports.forms import last_month


class Command(BaseCommand):
    help = "生成月度通报（Word 与 Excel 附表）到指定目录，不经过后台任务"

    def add_arguments(self, parser):
        default = last_month()
        parser.add_argument("--jurisdiction", default="", help="辖区名称（默认：第一个县级单位）")
        parser.add_argument("--year", type=int, default=default.year)
        parser.add_argument("--month", type=int, default=default.month)
        parser.add_argument("--out", default="var/circulars", help="输出目录")

    def handle(self, *args, jurisdiction: str, year: int, month: int, out: str, **options):
        units = Unit.objects.filter(depth=1)
        unit = units.filter(name=jurisdiction).first() if jurisdiction else units.order_by("path").first()
        if unit is None:
            raise CommandError("找不到辖区，请先运行 manage.py demo 或指定 --jurisdiction")
        try:
            files = circular.build(unit, year, month, issued_on=timezone.localdate(), progress=self._progress)
        except circular.CircularError as error:
            raise CommandError(str(error)) from None
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        docx, xlsx = folder / "circular.docx", folder / "circular.xlsx"
        docx.write_bytes(files.docx)
        xlsx.write_bytes(files.xlsx)
        self.stdout.write(f"{files.content.title}\n{docx}\n{xlsx}")

    def _progress(self, percent: int, message: str) -> None:
        self.stderr.write(f"{percent:3d}% {message}")
