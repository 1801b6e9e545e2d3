"""Crash drill: a syncing device process is SIGKILLed at chosen points and restarted.

Kill points (8 kills in all):
- ``write``: while the device is recording ratings. Domain row and outbox row
  share one transaction, so after every kill both tables hold the same ids.
- ``push``: the council has committed a batch and answered, but the answer is
  held in the proxy; the device dies before it learns the result.
- ``pull``: between pull pages (some pages and cursors saved, more to come).
- ``anytime``: at a random moment after the first write (mid-transaction,
  mid-request, while saving a page: SQLite's atomic commit must hold).
After draining: every operation applied exactly once, nothing lost, the cursor
never went backwards — counted on both sides.
"""

from __future__ import annotations

import queue
import random
import signal
import subprocess
import sys
import threading
import time

import pytest

from kiosk import mirror
from kiosk import outbox as ob
from kiosk.store import open_db
from sync import protocol as p
from councilproc import ROOT, CouncilProcess, child_env, enrol_device
from faultproxy import FaultProxy

SCRIPT = ROOT / "tests" / "sync" / "crash_device.py"
KILLS = ["write", "push", "pull", "anytime", "push", "pull", "anytime", "push"]


class Device:
    """One run of the device script, with its output lines on a queue."""

    def __init__(self, data_dir, writes):
        self.proc = subprocess.Popen([sys.executable, str(SCRIPT), str(data_dir), str(writes)], cwd=ROOT,
                                     env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line)

    def wait_for_writes(self, n, timeout=20.0):
        deadline = time.monotonic() + timeout
        seen = 0
        while seen < n:
            line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            seen += line.startswith("wrote")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        return self.proc.returncode


def cursor_seq(cursor):
    return -1 if cursor is None else p.decode_cursor(cursor).seq


@pytest.mark.slow
def test_sigkill_at_any_point_loses_nothing_and_applies_once(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    rng = random.Random(20261122)
    council = CouncilProcess(tmp_path / "council")
    proxy = FaultProxy(council.port)
    device_dir = tmp_path / "device"
    try:
        db, settings, _credentials = enrol_device(device_dir, council.url, council.code())
        settings["council_url"] = proxy.url
        device_id = settings["device_id"]
        cursors = [mirror.cursor(db)]
        caught_between_commit_and_ack = 0
        for n, kind in enumerate(KILLS):
            council.publish("directory.service", {f"crash:{n}:{i}": {"n": n, "i": i} for i in range(12)})
            if kind == "push":
                proxy.hold(p.PATH_PUSH, skip=rng.randrange(3))
            elif kind == "pull":
                proxy.hold(p.PATH_PULL, skip=1 + rng.randrange(2))
            device = Device(device_dir, writes=15)
            if kind == "write":
                device.wait_for_writes(rng.randint(1, 10))
            elif kind == "anytime":  # wherever it happens to be (inside a transaction, mid-request, ...)
                device.wait_for_writes(1)
                time.sleep(rng.uniform(0.05, 1.5))
            else:
                assert proxy.held.wait(30), f"kill {n}: the device never reached {kind}"
            code = device.kill()
            assert code == -signal.SIGKILL or (kind == "anytime" and code == 0)
            if kind == "push":
                # The council has applied operations the device still has in flight.
                in_flight = db.execute("select count(*) from outbox where state = 'in_flight'").fetchone()[0]
                applied_here = ob.counts(db)["applied"]
                applied_there = council.operation_counts(device_id).get("applied", 0)
                assert in_flight > 0 and applied_there > applied_here
                caught_between_commit_and_ack += 1
            proxy.release()
            # Data and outbox were never separated by a kill.
            domain = {r[0] for r in db.execute("select rating_id from crash_ratings")}
            queued = {r[0] for r in db.execute(
                "select json_extract(payload, '$.rating_id') from outbox where payload != 'null'")}
            acked = db.execute("select count(*) from outbox where payload = 'null'").fetchone()[0]
            assert queued <= domain and len(queued) + acked == len(domain)
            cursors.append(mirror.cursor(db))

        final = Device(device_dir, writes=0)
        assert final.proc.wait(90) == 0, final.proc.stderr.read()[-3000:]
        cursors.append(mirror.cursor(db))
    finally:
        proxy.stop()
        council.stop()

    db = open_db(device_dir / "device.sqlite3")
    written = {r[0] for r in db.execute("select rating_id from crash_ratings")}
    assert len(written) > 0 and caught_between_commit_and_ack == KILLS.count("push")
    # Device side: everything acknowledged, nothing waiting or quarantined.
    assert ob.counts(db) == {"waiting": 0, "quarantined": 0, "applied": len(written)}
    # Council side: each operation applied once, each rating stored once.
    assert council.operation_counts(device_id) == {"applied": len(written)}
    stored = council.ratings(device_id)
    assert len(stored) == len(set(stored)) and set(stored) == written
    assert council.device(device_id)["last_seq"] == db.execute("select max(seq) from outbox").fetchone()[0]
    # The cursor only ever moved forwards, as sampled after each kill and as saved page by page.
    seqs = [cursor_seq(c) for c in cursors]
    assert seqs == sorted(seqs)
    log = [cursor_seq(entry["cursor"]) for entry in mirror.cursor_log(db)]
    assert log == sorted(log) and all(e["event"] == "page" for e in mirror.cursor_log(db))
    mirrored = {(r["entity"], r["key"]) for r in db.query("select entity, key from mirror")}
    assert mirrored == council.visible_keys(device_id)
