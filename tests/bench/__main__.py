"""Run every benchmark and write docs/PERFORMANCE.md.

    python -m tests.bench                 # all tests/bench/bench_*.py
    python -m tests.bench startup         # only bench_startup.py
    python -m tests.bench --output FILE   # somewhere else

Each ``bench_<name>.py`` module exposes ``run() -> dict``. Every module runs in a
process of its own, so one that fails (or crashes Python) is reported as failed
while the others still run. The report is overwritten with the latest results;
when only some benchmarks run, the others keep their previous results (kept as
JSON in a comment at the end of the file) and say when they were measured.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_OUTPUT = ROOT / "docs" / "PERFORMANCE.md"
TIMEOUT_SECONDS = 30 * 60
MARKER = "BENCH-RESULT "
STORE_PREFIX = "<!-- bench-results: "
STORE_SUFFIX = " -->"

# The child: import the module from its file, run it, print its result as one marked JSON line.
CHILD = (
    "import importlib.util, json, sys\n"
    "spec = importlib.util.spec_from_file_location(sys.argv[1], sys.argv[2])\n"
    "module = importlib.util.module_from_spec(spec)\n"
    "sys.modules[sys.argv[1]] = module\n"
    "spec.loader.exec_module(module)\n"
    "result = module.run()\n"
    f"print({MARKER!r} + json.dumps(result, default=str), flush=True)\n"
)

bench_dir = HERE  # a test points this at a folder of its own


def discover() -> list[str]:
    return sorted(path.stem for path in bench_dir.glob("bench_*.py"))


def describe(name: str) -> str:
    """The module docstring's first paragraph, without importing the module."""
    import ast

    try:
        tree = ast.parse((bench_dir / f"{name}.py").read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return ""
    doc = ast.get_docstring(tree) or ""
    return doc.split("\n\n")[0].replace("\n", " ").strip()


def run_one(name: str) -> dict:
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    report = _run_one(name)
    report["when"] = when
    return report


def _run_one(name: str) -> dict:
    started = time.perf_counter()
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, f"tests.bench.{name}", str(bench_dir / f"{name}.py")],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return {"name": name, "ok": False, "seconds": time.perf_counter() - started,
                "error": f"did not finish within {TIMEOUT_SECONDS} s"}
    seconds = time.perf_counter() - started
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(MARKER) and proc.returncode == 0:
            return {"name": name, "ok": True, "seconds": seconds, "result": json.loads(line[len(MARKER):])}
    tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-12:])
    return {"name": name, "ok": False, "seconds": seconds,
            "error": f"exit code {proc.returncode}\n{tail}"}


def machine_facts() -> dict[str, str]:
    facts = {
        "Platform": platform.platform(),
        "Python": platform.python_version(),
        "CPU": _cpu_model(),
        "Logical CPUs": str(os.cpu_count()),
        "SQLite": sqlite3.sqlite_version,
    }
    try:
        import psutil

        facts["Memory"] = f"{psutil.virtual_memory().total / 2**30:.1f} GiB"
    except ImportError:
        pass
    for dist in ("PySide6", "sqlite-utils"):
        try:
            facts[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            pass
    if hasattr(os, "getloadavg"):
        facts["Load average at start (1/5/15 min)"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return facts


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _cell(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def _headline(result: dict) -> str:
    parts = []
    for key, value in result.items():
        if "ratio" in key.split("_") and not key.startswith("target") and len(parts) < 3:
            parts.append(f"{key} {_cell(value)}")
    if "meets_target" in result:
        parts.append("target met" if result["meets_target"] else "**target missed**")
    return ", ".join(parts) or "see below"


def previous_reports(path: Path) -> dict[str, dict]:
    """Results kept at the end of an earlier report, by benchmark name."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    start = text.rfind(STORE_PREFIX)
    if start < 0:
        return {}
    end = text.find(STORE_SUFFIX, start)
    try:
        return {report["name"]: report for report in json.loads(text[start + len(STORE_PREFIX):end])}
    except (ValueError, KeyError, TypeError):
        return {}


def render(reports: list[dict], facts: dict[str, str], when: datetime) -> str:
    lines = [
        "# Performance",
        "",
        f"Results of `make bench` (`python -m tests.bench`), written {when:%Y-%m-%d %H:%M} UTC; "
        "each section says when it was measured. This file is rewritten on every run. Each "
        "benchmark compares against a floor measured in the same run and reports medians and their ratio.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {key} | {_cell(value)} |" for key, value in facts.items()],
        "",
        "## Summary",
        "",
        "| Benchmark | Status | Headline | Took |",
        "|---|---|---|---|",
    ]
    for report in reports:
        status = "ok" if report["ok"] else "**failed**"
        headline = _headline(report["result"]) if report["ok"] else "—"
        lines.append(f"| [{report['name']}](#{report['name']}) | {status} | {headline} "
                     f"| {report['seconds']:.0f} s |")
    for report in reports:
        lines += ["", f"## {report['name']}", "", describe(report["name"]),
                  "", f"Measured {report.get('when', 'at an unknown time')}.", ""]
        if report["ok"]:
            lines += ["| Measure | Value |", "|---|---|"]
            lines += [f"| {key} | {_cell(value)} |" for key, value in report["result"].items()]
        else:
            lines += ["**This benchmark failed:**", "", "```", report["error"], "```"]
    stored = json.dumps(reports).replace("--", "- -")  # never closes the comment early
    lines += ["", STORE_PREFIX + stored + STORE_SUFFIX]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="benchmarks to run, e.g. startup (default: all)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    available = discover()
    wanted = [n if n.startswith("bench_") else f"bench_{n}" for n in args.names] or available
    unknown = [n for n in wanted if n not in available]
    if unknown:
        parser.error(f"no such benchmark: {', '.join(unknown)} (have: {', '.join(available)})")
    facts = machine_facts()
    when = datetime.now(timezone.utc)
    reports = []
    for name in wanted:
        print(f"running {name} ...", flush=True)
        report = run_one(name)
        print(f"  {'ok' if report['ok'] else 'FAILED'} in {report['seconds']:.0f} s", flush=True)
        reports.append(report)
    merged = previous_reports(args.output)
    merged = {name: report for name, report in merged.items() if name in available}
    merged.update({report["name"]: report for report in reports})
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render([merged[name] for name in sorted(merged)], facts, when), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0 if all(report["ok"] for report in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
