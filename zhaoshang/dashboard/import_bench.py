"""The Excel import in `make bench` (issue 13): a generated project file of
10,000 rows (the goal: preview + confirm < 10 s) and one of 20,000 (the documented
limit, IMPORT_MAX_ROWS: it must work), imported by a bureau user of the first
county through the same code the background tasks run. Everything happens in one
transaction that is rolled back, so the bench data set stays as generated."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from zhaoshang.accounts.models import Role, RoleAssignment
from zhaoshang.core import excel
from zhaoshang.organisation.models import Unit
from zhaoshang.projects import importing
from zhaoshang.projects.models import ImportLog, ImportStatus, Project

GOAL_SECONDS = 10.0
SIZES = (10_000, 20_000)


@dataclass(frozen=True)
class ImportTiming:
    rows: int
    preview_s: float
    confirm_s: float
    created: int
    goal_s: float | None  # None: it must work, no time goal
    # This process's CPU time for both steps: what the wall time would be on an
    # idle machine with SQLite (PostgreSQL's own work is not in it).
    cpu_s: float

    @property
    def total_s(self) -> float:
        return self.preview_s + self.confirm_s

    @property
    def verdict(self) -> str:
        if self.created != self.rows:
            return "未通过（未全部导入）"
        if self.goal_s is None:
            return "通过（可导入）"
        return "通过" if self.total_s < self.goal_s else "未通过"


def _file(rows: int, units: list[Unit]) -> SimpleUploadedFile:
    """A project file as a bureau fills in the template: each unit's projects in a
    run of rows, an investor named by several rows of one unit, credits by default."""
    headers = importing.PROJECT_HEADERS
    values = []
    for n in range(rows):
        values.append(
            {
                "name": f"基准导入项目{n + 1}",
                "investor_name": f"基准客商{n // 4 + 1}有限公司",
                "investor_kind": "民营",
                "category": ("工业", "物流", "农业")[n % 3],
                "currency": "人民币",
                "total_investment": 1_000 + n % 20_000,
                "introducing_unit": units[n * len(units) // rows].name,
                "stage": "洽谈" if n % 2 else "线索",
                "stage_date": "2026-05-01",
                "progress_text": "前期洽谈",
            }
        )
    columns = [excel.Column(header, lambda row, key=key: row.get(key)) for key, header in headers.items()]
    workbook = excel.new_workbook()
    excel.add_sheet(workbook, "数据", columns, values)
    return SimpleUploadedFile(f"基准导入{rows}行.xlsx", excel.workbook_bytes(workbook))


def _importer(county: Unit) -> User:
    user, _ = User.objects.get_or_create(username="bench-importer")
    RoleAssignment.objects.get_or_create(user=user, role=Role.BUREAU, unit=county)
    return user


def measure_imports(sizes: tuple[int, ...] = SIZES) -> list[ImportTiming]:
    county = Unit.objects.filter(depth=1).order_by("path").first()
    units = list(Unit.objects.filter(path__startswith=county.path, depth=2).order_by("path"))
    results = []
    for rows in sizes:
        upload = _file(rows, units)
        with transaction.atomic():
            user = _importer(county)
            # Inside this transaction the tasks are not queued (on_commit never
            # fires): run them as the worker would.
            log = importing.do_start_import(upload, "projects", user)
            cpu = time.process_time()
            started = time.perf_counter()
            importing.run_preview(log.pk)
            preview_s = time.perf_counter() - started
            log = ImportLog.objects.get(pk=log.pk)
            assert log.status == ImportStatus.PREVIEWED, log.errors[:3]
            importing.do_confirm_import(log, user)
            started = time.perf_counter()
            importing.run_confirm(log.pk)
            confirm_s = time.perf_counter() - started
            cpu = time.process_time() - cpu
            log = ImportLog.objects.get(pk=log.pk)
            created = Project.objects.filter(created_by=user).count() if log.status == ImportStatus.IMPORTED else 0
            transaction.set_rollback(True)
        results.append(ImportTiming(rows, preview_s, confirm_s, created, GOAL_SECONDS if rows <= 10_000 else None, cpu))
    return results


def table(results: list[ImportTiming], vendor: str) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"（测量时本机负载 {load}，{os.cpu_count()} 核）",
        "| 数据库 | Excel 导入（项目） | 目标 | 预览 s | 确认 s | 合计 s | 本进程CPU s | 结论 |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        goal = f"< {r.goal_s:g} s" if r.goal_s else f"可导入（上限 {r.rows} 行）"
        lines.append(f"| {vendor} | {r.rows} 行 | {goal} | {r.preview_s:.1f} | {r.confirm_s:.1f} | {r.total_s:.1f} | {r.cpu_s:.1f} | {r.verdict} |")
    return "\n".join(lines)
