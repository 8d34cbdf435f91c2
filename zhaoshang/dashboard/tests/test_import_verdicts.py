"""The bench's import lines (dashboard/import_bench.py) in the one goal-versus-measured table."""

from zhaoshang.dashboard import verdicts
from zhaoshang.dashboard.import_bench import ImportTiming
from zhaoshang.dashboard.import_bench import verdicts as import_verdicts


def timing(rows: int, preview: float, confirm: float, created: int, goal: float | None = 10.0) -> ImportTiming:
    return ImportTiming(rows, preview, confirm, created, goal, cpu_s=preview + confirm)


def test_an_import_within_the_goal_passes_and_one_over_it_fails():
    fast, slow = import_verdicts([timing(10_000, 3.0, 4.0, 10_000), timing(10_000, 4.5, 6.0, 10_000)])
    assert (fast.area, fast.goal, fast.passed) == ("导入", "预览+确认 < 10 s", True)
    assert "预览 3.0 s + 确认 4.0 s = 7.0 s" in fast.measured
    assert slow.passed is False and slow.word == "未通过"


def test_the_largest_file_has_no_time_goal_but_must_write_every_row():
    done, short = import_verdicts([timing(20_000, 9.0, 11.0, 20_000, None), timing(20_000, 9.0, 1.0, 0, None)])
    assert (done.goal, done.passed) == ("可导入（上限 20000 行）", True)
    assert short.passed is False and "只导入 0 行" in short.measured


def test_the_lines_end_in_one_table_per_database():
    text = verdicts.table(import_verdicts([timing(10_000, 3.0, 4.0, 10_000)]), "PostgreSQL")
    assert "| PostgreSQL | 导入 | Excel 导入项目 10000 行 | 预览+确认 < 10 s |" in text and text.endswith("| 通过 |")
