"""Benchmarks: each ``bench_*.py`` module exposes ``run() -> dict``; ``python -m tests.bench`` runs them all."""
