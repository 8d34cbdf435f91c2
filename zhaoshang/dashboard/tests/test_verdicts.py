"""The dashboard's lines of `make bench`'s goal-versus-measured table (issue 13):
each timing is judged against the issue's goal for its database."""

from zhaoshang.dashboard.bench import Timing, verdicts
from zhaoshang.dashboard.verdicts import table

TIMINGS = [
    Timing("排名", 90.0, 80.0, True, "ranking"),
    Timing("到位资金", 40.0, 50.0, True, "funds"),
    Timing("合同", 20.0, 10.0, True, "contracts"),
    Timing("开工率", 10.0, 10.0, False, "start_rate"),
    Timing("看板全部指标", 200.0, None, None),
    Timing("看板整页", 250.0, None, None, "board"),
    Timing("单位看板整页", 310.0, None, None, "unit_board"),
    Timing("看板整页（缓存命中）", 2.0, None, None, "board_cached"),
    Timing("预热", 2500.0, None, None, "warm_up"),
]


def judged(vendor: str) -> dict[str, bool | None]:
    return {v.name: v.passed for v in verdicts(TIMINGS, vendor)}


def test_on_sqlite_every_engine_query_must_stay_within_one_and_a_half_times_its_sql():
    result = judged("SQLite")
    assert result == {
        "排名：engine/原生SQL": True,
        "到位资金：engine/原生SQL": True,
        "合同：engine/原生SQL": False,  # 2×
        "开工率：engine/原生SQL": False,  # fast, but not the raw SQL's figure
        "县看板整页，无缓存（首次访问）": True,
        "单位看板整页，无缓存（首次访问）": False,
        "县看板整页，缓存命中（单进程）": True,  # 500 per second
        "变更后的后台预热（一个县）": False,
    }


def test_on_postgresql_only_the_ranking_has_a_ratio_goal():
    result = judged("PostgreSQL")
    assert result["排名：engine/原生SQL"] is False  # 1.12× > 1×
    assert result["到位资金：engine/原生SQL"] is None
    assert result["合同：engine/原生SQL"] is None
    assert result["开工率：engine/原生SQL"] is False


def test_the_lines_print_goal_and_measure_in_the_table():
    text = table(verdicts(TIMINGS, "SQLite"), "SQLite")
    assert "| SQLite | 看板 | 县看板整页，缓存命中（单进程） | ≥ 100 次/秒 | 500 次/秒 | 通过 |" in text
    assert "| SQLite | 看板 | 变更后的后台预热（一个县） | < 2 s | 2500 ms | 未通过 |" in text
    assert "1.12×（90.0 / 80.0 ms）" in text
