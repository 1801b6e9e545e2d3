"""Sync benchmarks: push 10,000 queued operations, pull 50,000 changed records.

Both run over loopback against a real council service process (``kiosk
council serve``), with the device client exactly as shipped. The floor is a
raw SQLite bulk insert of the same rows into a fresh file, measured in the same
run; the ratio says how much the network, JSON and the council's per-operation
transactions cost on top. A second push floor does with raw sqlite3 exactly the
SQL the council must do per operation (savepoint, rating row, operation record,
release; one commit per 500). The CPU time of the council process and of the
device during the push is recorded too: on a machine loaded by other work,
wall time says little, CPU time still says what the push costs. Peak RSS of the
device (this process) is sampled with psutil every 10 ms during the pull.

Targets (issue 3): push <= 10 s, pull <= 20 s, peak RSS during the pull <= 300 MB.
Run standalone: ``.venv/bin/python -m tests.bench.bench_sync``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "sync"))

PUSH_OPS = 10_000
PULL_RECORDS = 50_000
# Domain hooks (kiosk.mirror.MIRROR_HOOKS) run inside each page's transaction; the
# directory's (normalising ORUK records, search index) is measured on a sample.
PULL_ENTITY = "bench.record"
DIRECTORY_SAMPLE = 2_000
TARGETS = {"push_seconds": 10.0, "pull_seconds": 20.0, "pull_peak_rss_mb": 300.0}


def _rating(i: int) -> dict[str, Any]:
    return {"rating_id": str(uuid.uuid4()), "task_family": ("counciltax", "timebank", "findhelp", "other")[i % 4],
            "rating": 1 + i % 5, "reason": None, "rated_at": "2026-11-22T09:00:00.000000Z"}


def _service(i: int) -> dict[str, Any]:
    return {"id": f"svc-{i}", "name": f"Community service {i}", "description": "Advice and support " * 6,
            "organisation": {"id": f"org-{i % 500}", "name": f"Organisation {i % 500}"},
            "contacts": [{"phone": f"020 7926 {i % 10000:04d}"}], "status": "active"}


def _floor_seconds(path: Path, rows: list[tuple[str, str]]) -> float:
    """A raw SQLite bulk insert of the same rows: one executemany, one commit."""
    conn = sqlite3.connect(path)
    conn.execute("pragma journal_mode=wal")
    conn.execute("pragma synchronous=full")
    conn.execute("create table t (k text primary key, data text not null)")
    started = time.perf_counter()
    with conn:
        conn.executemany("insert into t values (?, ?)", rows)
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def _cpu_seconds(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return times.user + times.system


def _per_operation_floor_seconds(path: Path, ratings: list[dict[str, Any]], batch: int = 500) -> float:
    """Raw sqlite3 doing the SQL the council must do per operation, and nothing else.

    A savepoint, the rating row, the operation record, release; one commit per
    batch of 500 (WAL, synchronous=FULL). What is left above this is Python:
    HTTP, JSON, validation, SQLAlchemy.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("pragma journal_mode=wal")
    conn.execute("pragma synchronous=full")
    conn.execute("create table ratings (rating_id text primary key, device_id text, hub_id text, task_family text,"
                 " rating integer, reason text, rated_at text, received_at text)")
    conn.execute("create table ops (id integer primary key, device_id text, op_id text, seq integer, op_type text,"
                 " schema_version integer, record_key text, payload_hash text, status text, result text,"
                 " reason text, created_at text, received_at text, unique (device_id, op_id))")
    started = time.perf_counter()
    for start in range(0, len(ratings), batch):
        conn.execute("begin immediate")
        for seq, r in enumerate(ratings[start:start + batch], start + 1):
            conn.execute("savepoint op")
            conn.execute("insert into ratings values (?, 'dev', 'hub', ?, ?, ?, ?, ?)",
                         (r["rating_id"], r["task_family"], r["rating"], r["reason"], r["rated_at"], r["rated_at"]))
            conn.execute("insert into ops (device_id, op_id, seq, op_type, schema_version, record_key, payload_hash,"
                         " status, result, created_at, received_at) values ('dev', ?, ?, 'feedback.rating', 1, ?,"
                         " 'hash', 'applied', ?, ?, ?)",
                         (str(uuid.uuid4()), seq, r["rating_id"], json.dumps({"rating_id": r["rating_id"]}),
                          r["rated_at"], r["rated_at"]))
            conn.execute("release op")
        conn.execute("commit")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


class _TimedTransport:
    """Counts the time spent waiting for the council, to tell device cost from council cost."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.seconds = 0.0

    def request(self, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return self.inner.request(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started


class _RssSampler(threading.Thread):
    def __init__(self, interval: float = 0.01):
        super().__init__(daemon=True)
        self.interval = interval
        self.peak = 0
        self.stop = threading.Event()
        self.proc = psutil.Process()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            self.stop.wait(self.interval)


def _seed_council(data_dir: Path, n: int, entity: str = PULL_ENTITY) -> float:
    from sync.server import db as sdb

    engine = sdb.open_engine(data_dir)
    started = time.perf_counter()
    with sdb.writing(engine) as conn:
        sdb.publish_many(conn, entity, ((f"bench:svc-{i}", _service(i)) for i in range(n)))
    engine.dispose()
    return time.perf_counter() - started


def run() -> dict[str, Any]:
    os.environ.setdefault("KIOSK_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    from councilproc import CouncilProcess, enrol_device

    from kiosk import mirror
    from kiosk import outbox as ob
    from sync import protocol as p
    from sync.client import SyncClient
    from sync.transport import RequestsTransport

    results: dict[str, Any] = {"push_operations": PUSH_OPS, "pull_records": PULL_RECORDS}
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        tmp_path = Path(tmp)
        results["seed_seconds"] = round(_seed_council(tmp_path / "council", PULL_RECORDS), 3)
        council = CouncilProcess(tmp_path / "council", demo=False)
        try:
            from sync.server import db as sdb

            with sdb.writing(council.engine) as conn:
                sdb.upsert_hub(conn, "bench-hub", "Bench hub")
            db, settings, credentials = enrol_device(tmp_path / "device", council.url, council.code("bench-hub"))
            ratings = [_rating(i) for i in range(PUSH_OPS)]
            with db.atomic():
                for payload in ratings:
                    ob.enqueue(db, p.OP_FEEDBACK_RATING, payload, record_key=f"feedback:{payload['rating_id']}")
            transport = _TimedTransport(RequestsTransport(council.url))
            client = SyncClient(db, settings, transport, credentials)

            council_proc = psutil.Process(council.proc.pid)
            council_cpu, device_cpu = _cpu_seconds(council_proc), time.process_time()
            started = time.perf_counter()
            summary = client.push()
            push_seconds = time.perf_counter() - started
            # CPU time says what the push costs even when other work loads the machine.
            push_council_cpu = _cpu_seconds(council_proc) - council_cpu
            push_device_cpu = time.process_time() - device_cpu
            push_waiting = transport.seconds  # waiting for the council (HTTP + its work)
            transport.seconds = 0.0
            assert summary["ok"] and summary["applied"] == PUSH_OPS, summary
            assert council.operation_counts(settings["device_id"]) == {"applied": PUSH_OPS}

            sampler = _RssSampler()
            sampler.start()
            started = time.perf_counter()
            summary = client.pull()
            pull_seconds = time.perf_counter() - started
            pull_waiting = transport.seconds
            sampler.stop.set()
            sampler.join()
            assert summary["ok"] and mirror.count(db, PULL_ENTITY) == PULL_RECORDS, summary
            pulled = summary["pulled"]

            # The directory's mirror hook on a sample of real ORUK-shaped services.
            council.publish("directory.service",
                            {f"bench:svc-{i}": _service(i) for i in range(DIRECTORY_SAMPLE)})
            started = time.perf_counter()
            summary = client.pull()
            directory_seconds = time.perf_counter() - started
            assert summary["ok"] and summary["pulled"] == DIRECTORY_SAMPLE, summary
        finally:
            council.stop()

        push_rows = [(r["rating_id"], json.dumps(r)) for r in ratings]
        pull_rows = [(f"bench:svc-{i}", json.dumps(_service(i))) for i in range(PULL_RECORDS)]
        push_floor = _floor_seconds(tmp_path / "floor-push.sqlite3", push_rows)
        push_sql_floor = _per_operation_floor_seconds(tmp_path / "floor-push-ops.sqlite3", ratings)
        pull_floor = _floor_seconds(tmp_path / "floor-pull.sqlite3", pull_rows)

    results.update(
        push_seconds=round(push_seconds, 3),
        push_ops_per_second=round(PUSH_OPS / push_seconds),
        push_waiting_for_council_seconds=round(push_waiting, 3),
        push_council_cpu_seconds=round(push_council_cpu, 3),
        push_council_cpu_ms_per_operation=round(1000 * push_council_cpu / PUSH_OPS, 3),
        push_device_cpu_seconds=round(push_device_cpu, 3),
        push_floor_seconds=round(push_floor, 4),
        push_ratio_to_floor=round(push_seconds / push_floor, 1),
        push_per_operation_sql_floor_seconds=round(push_sql_floor, 3),
        push_council_cpu_ratio_to_sql_floor=round(push_council_cpu / push_sql_floor, 1),
        pull_seconds=round(pull_seconds, 3),
        pull_records_per_second=round(pulled / pull_seconds),
        pull_waiting_for_council_seconds=round(pull_waiting, 3),
        pull_floor_seconds=round(pull_floor, 4),
        pull_ratio_to_floor=round(pull_seconds / pull_floor, 1),
        pull_peak_rss_mb=round(sampler.peak / 2**20, 1),
        directory_pull_sample=DIRECTORY_SAMPLE,
        directory_pull_seconds=round(directory_seconds, 3),
        directory_hook_ms_per_record=round(1000 * directory_seconds / DIRECTORY_SAMPLE, 2),
        targets=TARGETS,
    )
    results["meets_targets"] = all(results[k] <= v for k, v in TARGETS.items())
    return results


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
