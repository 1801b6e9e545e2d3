"""The benchmark runner (`python -m tests.bench`): every module reported, a failing one included."""

from __future__ import annotations

import importlib

runner = importlib.import_module("tests.bench.__main__")


def test_runner_reports_results_and_failures_and_keeps_earlier_sections(tmp_path, monkeypatch):
    (tmp_path / "bench_fast.py").write_text(
        '"""Fast benchmark: adds numbers."""\n'
        "def run():\n    return {'floor_median_ms': 1.0, 'ours_median_ms': 1.5, 'ratio_median': 1.5, 'meets_target': True}\n"
    )
    (tmp_path / "bench_broken.py").write_text('"""Broken benchmark."""\ndef run():\n    raise ValueError("no data")\n')
    monkeypatch.setattr(runner, "bench_dir", tmp_path)
    output = tmp_path / "PERFORMANCE.md"

    assert runner.main(["--output", str(output)]) == 1  # one failed
    text = output.read_text()
    assert "## bench_fast" in text and "| ratio_median | 1.5 |" in text and "Fast benchmark: adds numbers." in text
    assert "## bench_broken" in text and "**This benchmark failed:**" in text and "ValueError: no data" in text
    assert "Logical CPUs" in text and "Python" in text

    # Running one benchmark again keeps the other's section.
    (tmp_path / "bench_broken.py").write_text('"""Broken benchmark."""\ndef run():\n    return {"ratio_median": 3.0}\n')
    assert runner.main(["broken", "--output", str(output)]) == 0
    text = output.read_text()
    assert "| ratio_median | 3.0 |" in text or "| ratio_median | 3 |" in text
    assert "| ratio_median | 1.5 |" in text
    assert "**This benchmark failed:**" not in text
