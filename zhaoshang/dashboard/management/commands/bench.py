"""manage.py bench: the province-scale benchmark (dashboard/bench.py) in a database
of its own — a SQLite file under var/bench/ by default, or, when DATABASE_URL is
set, the PostgreSQL database `zhaoshang_bench` on that server (created if
missing; never the database DATABASE_URL names, never a test database)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command
from django.test import override_settings

BENCH_DB = "zhaoshang_bench"


class Command(BaseCommand):
    help = "生成省级规模数据并对比 engine 与原生SQL 的查询耗时"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="数据规模（1 = 100个县、5000个单位、50万项目、500万资金条目）")
        parser.add_argument("--runs", type=int, default=5, help="每个查询运行次数，取中位数")
        parser.add_argument("--worker", action="store_true", help="（内部）在当前数据库上生成并计时")
        parser.add_argument("--imports-only", action="store_true", help="只测 Excel 导入（1万行与2万行项目文件）")

    def handle(self, *args, scale: float, runs: int, worker: bool, imports_only: bool, **options) -> None:
        if worker:
            self._work(scale, runs, imports_only)
            return
        url = self._bench_url(scale)
        env = {**os.environ, "DATABASE_URL": url}
        self.stdout.write(f"基准库：{url.rsplit('@', 1)[-1]}")
        # A fresh process, so every module sees the bench database as `default`.
        command = [sys.executable, "manage.py", "bench", "--worker", "--scale", str(scale), "--runs", str(runs)]
        command += ["--imports-only"] if imports_only else []
        result = subprocess.run(command, env=env, cwd=settings.BASE_DIR)
        if result.returncode:
            raise CommandError("基准测试失败")

    def _bench_url(self, scale: float) -> str:
        current = os.environ.get("DATABASE_URL")
        if not current:
            folder = Path(settings.BASE_DIR) / "var" / "bench"
            folder.mkdir(parents=True, exist_ok=True)
            return f"sqlite:///{folder / f'bench-{scale:g}.sqlite3'}"
        config = dj_database_url.parse(current)
        if not config["ENGINE"].endswith("postgresql"):
            raise CommandError("DATABASE_URL 只支持 PostgreSQL")
        import psycopg

        server = {
            "host": config["HOST"] or "127.0.0.1",
            "port": config["PORT"] or 5432,
            "user": config["USER"],
            "password": config["PASSWORD"] or None,
        }
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
                conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
        auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
        return f"postgres://{auth}@{server['host']}:{server['port']}/{BENCH_DB}"

    def _work(self, scale: float, runs: int, imports_only: bool) -> None:
        from django.db import connection

        from zhaoshang.dashboard import bench, import_bench, loadbench, verdicts

        if connection.settings_dict["NAME"] in ("test", "") or str(connection.settings_dict["NAME"]).startswith("test_"):
            raise CommandError("不在测试数据库上运行基准测试")
        call_command("migrate", verbosity=0)
        bench.generate(scale, log=self.stdout.write)
        if connection.vendor == "postgresql":
            # The visibility map that autovacuum keeps up in a live database: without
            # it PostgreSQL cannot answer from the covering indexes alone.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        vendor = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
        # Every measurement ends as Verdict lines in ONE goal-versus-measured table.
        found = import_bench.verdicts(import_bench.measure_imports())
        if not imports_only:
            # Cold: every figure computed from the rows (the cache off); then warm: served
            # from the figure cache, as between two changes of the data.
            with override_settings(METRICS_CACHE_SECONDS=0):
                results = bench.measure(runs)
            with override_settings(METRICS_CACHE_SECONDS=600):
                results += bench.measure_cached(runs)
            # The engine beside its raw SQL, in full (the verdicts keep only the ratio).
            self.stdout.write(bench.table(results, vendor))
            found += bench.verdicts(results, vendor)
            # The list page and the API list under load (gunicorn + Locust).
            found += loadbench.measure_lists(log=self.stdout.write)
        self.stdout.write(verdicts.table(found, vendor))
