"""The directory benchmark still runs (tiny size); its numbers are for docs/PERFORMANCE.md, not asserted."""

from __future__ import annotations

from tests.bench import bench_directory


def test_benchmark_runs_on_a_small_directory():
    result = bench_directory.run(services=300, rounds=1)
    assert result["imported"] == 300
    assert result["search_p95_ms"] > 0 and result["bare_fts_p95_ms"] > 0
    assert result["db_megabytes"] > 0
    assert {"ratio_median", "ratio_p95", "import_seconds", "filtered_search_p95_ms"} <= set(result)


def test_generated_feed_is_deterministic_oruk3():
    first, second = bench_directory.generate(50), bench_directory.generate(50)
    assert first == second
    assert len(first["contents"]) == 50 and first["total_items"] == 50
