"""`make bench` in miniature: a tiny generated data set on the test database, and
the engine's figures equal the hand-written SQL's (the timings themselves are not
tested)."""

from zhaoshang.dashboard import bench
from zhaoshang.projects.models import FundEntry, Project


def test_a_tiny_bench_generates_data_and_agrees_with_raw_sql(db, settings):
    counts = bench.generate(0.0005, log=lambda text: None)
    assert Project.objects.count() == counts["projects"] == 250
    assert FundEntry.objects.count() == counts["funds"] == 2500
    results = bench.measure(runs=1)
    assert [r.same for r in results if r.raw_ms is not None] == [True, True, True, True]
    settings.METRICS_CACHE_SECONDS = 600
    cached = bench.measure_cached(runs=1)
    # Ranking and page from the cache, then the background warm-up of the county.
    assert [r.name[:2] for r in cached] == ["排名", "看板", "变更"]
    text = bench.table(results + cached, "SQLite")
    assert "排名" in text and "比值" in text
    # Every goal of the dashboard part has its verdict line.
    judged = [v.name for v in bench.verdicts(results + cached, "SQLite")]
    assert len(judged) == 4 + 4 and "单位看板整页，无缓存（首次访问）" in judged


def test_a_second_run_reuses_the_generated_set(db):
    bench.generate(0.0005, log=lambda text: None)
    said = []
    bench.generate(0.0005, log=said.append)
    assert said == ["复用已生成的数据（规模 0.0005）"]
    assert Project.objects.count() == 250
