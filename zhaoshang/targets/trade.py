"""外贸出口 monthly figures (ExportFigure, docs/domain.md §2 `export_total`): the year
grid the screen shows, its Excel export, and the Excel import — one row per unit
and month, every row checked, nothing written unless every row is good."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.accounts import access
from zhaoshang.core.excel import Column, RowError, read_rows
from zhaoshang.core.importing.pipeline import ImportResult, RowRefused, all_or_nothing
from zhaoshang.organisation.models import Unit

from . import actions
from .forms import amount_display, amount_from_input, parse_month
from .models import ExportFigure, TargetKind

KIND = TargetKind.EXPORT_TOTAL
MONTHS = range(1, 13)
HEADERS = ["单位名称", "月份", "出口额（万美元）"]
EXAMPLE = ["城关镇", "2026-03", 1234.56]
NOTES = [
    "月份写作 2026-03（或该月任一日期）；出口额单位为万美元，最多精确到美元。",
    "同一单位同一月份已有数据时以导入的为准，原数在修改记录中保留。",
    "整个文件无误才写入；有错时逐行列出，不写入任何数据。",
]
COLUMNS = [
    Column("单位名称", lambda f: f.unit.name, 24),
    Column("月份", lambda f: f"{f.month:%Y-%m}", 10),
    Column("出口额（万美元）", lambda f: amount_display(KIND, f.amount), 18),
]


# ---------------------------------------------------------------- the year grid


@dataclass
class GridRow:
    unit: Unit
    cells: list[int | None]  # US cents per month, None where nothing is recorded

    @property
    def total(self) -> int:
        return sum(cell or 0 for cell in self.cells)


@dataclass
class Grid:
    year: int
    rows: list[GridRow]
    month_totals: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.month_totals)


def figures_of_year(user: User, year: int):
    return (
        ExportFigure.objects.visible_to(user)
        .filter(month__gte=date(year, 1, 1), month__lte=date(year, 12, 1))
        .select_related("unit")
        .order_by("unit__path", "month")
    )


def grid(user: User, year: int) -> Grid:
    """The townships, zones and departments the user reads (the units directly
    under a county), plus any other unit with figures that year, × 12 months."""
    figures = list(figures_of_year(user, year))
    units = {u.pk: u for u in Unit.objects.visible_to(user).active().filter(depth=2)}
    units |= {f.unit_id: f.unit for f in figures}
    cells = {(f.unit_id, f.month.month): f.amount for f in figures}
    rows = [GridRow(unit, [cells.get((unit.pk, m)) for m in MONTHS]) for unit in sorted(units.values(), key=lambda u: (u.path, u.sort_order))]
    totals = [sum(cells.get((row.unit.pk, m)) or 0 for row in rows) for m in MONTHS]
    return Grid(year, rows, totals)


# ---------------------------------------------------------------- import


def import_figures(upload, user: User) -> ImportResult:
    """Record every row's figure, or none. Raises ImportFileError for an unreadable file."""
    result = ImportResult()
    units: dict[str, list[Unit]] = {}
    for unit in Unit.objects.within(access.bureau_paths(user)).active():
        units.setdefault(unit.name, []).append(unit)
    rows: list[tuple[int, Unit, date, int]] = []
    seen: dict[tuple[int, date], int] = {}
    for number, values in read_rows(upload, HEADERS, HEADERS):
        name = str(values.get("单位名称") or "").strip()
        matches = units.get(name, [])
        if len(matches) != 1:
            message = f"找不到您可填报的单位「{name}」" if not matches else f"有{len(matches)}个单位名为「{name}」"
            result.errors.append(RowError(number, "单位名称", message))
            continue
        try:
            month = parse_month(values.get("月份"))
        except ValueError as error:
            result.errors.append(RowError(number, "月份", str(error)))
            continue
        try:
            amount = amount_from_input(KIND, values.get("出口额（万美元）"))
        except ValueError as error:  # its message is Chinese: 最多精确到…
            result.errors.append(RowError(number, "出口额（万美元）", str(error)))
            continue
        except ArithmeticError:  # not a number at all
            result.errors.append(RowError(number, "出口额（万美元）", "应为数字（万美元）"))
            continue
        if amount < 0:
            result.errors.append(RowError(number, "出口额（万美元）", "出口额不能为负数"))
            continue
        key = (matches[0].pk, month)
        if key in seen:
            result.errors.append(RowError(number, "月份", f"与第{seen[key]}行重复"))
            continue
        seen[key] = number
        rows.append((number, matches[0], month, amount))
    if result.errors:
        return result

    def write() -> int:
        for number, unit, month, amount in rows:
            try:
                actions.do_set_export_figure(unit, month, amount, user)
            except ValidationError as error:
                column = "月份" if "month" in error.message_dict else "出口额（万美元）"
                raise RowRefused(RowError(number, column, "；".join(error.messages))) from None
            except PermissionDenied:
                raise RowRefused(RowError(number, "单位名称", "无权填报该单位的出口数据")) from None
        return len(rows)

    return all_or_nothing(write)
