"""The device client against a real council service process, over a faulty network.

Counts are asserted on both sides: the device's outbox and mirror, and the
council's own operations, ratings and change log.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from kiosk import mirror
from kiosk import outbox as ob
from kiosk.settings import Settings
from kiosk.store import open_db
from sync import backoff
from sync import protocol as p
from sync.client import SyncClient
from sync.credentials import DEMO_BACKEND, ENV_BACKEND
from sync.transport import RequestsTransport
from councilproc import ROOT, CouncilProcess, child_env, enrol_device, rating_payload
from faultproxy import FaultProxy


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    proc = CouncilProcess(tmp_path_factory.mktemp("council"))
    yield proc
    proc.stop()


@pytest.fixture
def demo_keyring(monkeypatch):
    monkeypatch.setenv(ENV_BACKEND, DEMO_BACKEND)


def queue_ratings(db, n, bad=0):
    ids = []
    with db.atomic():
        for _ in range(n):
            payload = rating_payload()
            ob.enqueue(db, p.OP_FEEDBACK_RATING, payload, record_key=f"feedback:{payload['rating_id']}")
            ids.append(payload["rating_id"])
        for _ in range(bad):
            ob.enqueue(db, p.OP_FEEDBACK_RATING, {"rating_id": "not-a-uuid"})
    return ids


def drain(client, db, *, max_cycles=150, max_seconds=60.0):
    """Cycle until nothing waits and a whole cycle succeeded (bounded)."""
    started = time.monotonic()
    for n in range(1, max_cycles + 1):
        summary = client.cycle()
        if summary["ok"] and ob.counts(db)["waiting"] == 0:
            return n
        assert time.monotonic() - started < max_seconds, f"not drained after {n} cycles: {summary}"
    raise AssertionError(f"not drained after {max_cycles} cycles")


def test_flaky_network_everything_arrives_exactly_once(council, data_dir, demo_keyring):
    db, settings, credentials = enrol_device(data_dir, council.url, council.code())
    device_id = settings["device_id"]
    council.publish("directory.service", {f"proxy:svc-{i}": {"name": f"Service {i}"} for i in range(40)})
    council.publish("directory.service", {"proxy:svc-3": None, "proxy:svc-4": None})
    ids = queue_ratings(db, 100, bad=2)
    proxy = FaultProxy(council.port, seed=7, rates={"delay": 0.15, "drop": 0.1, "reset": 0.15, "truncate": 0.12},
                       max_delay=0.1)
    try:
        transport = RequestsTransport(proxy.url, timeout=(2.0, 10.0))
        client = SyncClient(db, settings, transport, credentials, push_batch=5, pull_limit=8)
        cycles = drain(client, db)
    finally:
        proxy.stop()
    # Every kind of fault really happened, more than once.
    assert all(proxy.counts[f] >= 2 for f in ("delay", "drop", "reset", "truncate")), proxy.counts
    assert cycles > 1
    # Council side: each operation exactly once, each rating stored once.
    assert council.operation_counts(device_id) == {"applied": 100, "rejected": 2}
    stored = council.ratings(device_id)
    assert sorted(stored) == sorted(ids)
    # Device side: all acknowledged or quarantined, nothing waiting, nothing lost.
    assert ob.counts(db) == {"waiting": 0, "quarantined": 2, "applied": 100}
    # The mirror converged on exactly what the council publishes for this device.
    mirrored = {(r["entity"], r["key"]) for r in db.query("select entity, key from mirror")}
    assert mirrored == council.visible_keys(device_id)
    assert ("directory.service", "proxy:svc-3") not in mirrored
    # The council's device list agrees (the officer's view).
    out = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(council.data_dir), "council",
                          "devices", "--json"], cwd=ROOT, env=child_env(), capture_output=True, text=True,
                         timeout=60, check=True)
    [listed] = [d for d in json.loads(out.stdout) if d["id"] == device_id]
    assert listed["applied_operations"] == 100
    assert listed["last_seq"] == db.execute("select max(seq) from outbox").fetchone()[0]
    assert listed["waiting"] == 0 and listed["quarantined"] == 2


def test_revoked_device_cannot_push_or_pull_and_its_queue_survives_reenrolment(council, data_dir, demo_keyring):
    db, settings, credentials = enrol_device(data_dir, council.url, council.code())
    device_id = settings["device_id"]
    client = SyncClient(db, settings, RequestsTransport(council.url), credentials)
    first = queue_ratings(db, 3)
    assert client.cycle()["ok"]
    mirrored = mirror.count(db)
    later = queue_ratings(db, 4)
    out = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(council.data_dir), "council",
                          "revoke", device_id], cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    council.publish("hub.notice", {"after-revoke": {"text": "not for revoked devices"}})

    summary = client.cycle()
    assert summary["paused"] == "device_revoked" and summary["applied"] == 0
    # Even asked to pull directly (pause lifted by hand), the council refuses it.
    backoff.resume(db)
    assert client.pull()["paused"] == "device_revoked"
    assert mirror.count(db) == mirrored
    assert council.operation_counts(device_id) == {"applied": 3}
    assert ob.counts(db)["waiting"] == 4
    assert db.execute("select count(*) from outbox where payload != 'null'").fetchone()[0] == 4

    enrol_device(data_dir, council.url, council.code())  # same folder, same device id
    summary = client.cycle()
    assert summary["ok"] and summary["applied"] == 4
    assert council.operation_counts(device_id) == {"applied": 7}
    assert sorted(council.ratings(device_id)) == sorted(first + later)
    assert mirror.get(db, "hub.notice", "after-revoke") == {"text": "not for revoked devices"}


def test_command_line_enrol_sync_status(council, tmp_path):
    device = tmp_path / "cli-device"
    env = child_env()

    def kiosk(*args, env=env):
        return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(device), *args], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=60)

    # Without a secure keyring (and none named) the device refuses and says why.
    insecure = {k: v for k, v in env.items() if k != ENV_BACKEND}
    insecure["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    code = council.code()
    refused = kiosk("enrol", "--council", council.url, "--code", code, env=insecure)
    assert refused.returncode == 1 and "no secure keyring" in refused.stdout
    assert not (device / "demo-keyring.cfg").exists()

    bad = kiosk("enrol", "--council", council.url, "--code", "AAAA-BBBB-CCCC")
    assert bad.returncode == 1 and "does not know this enrolment code" in bad.stdout
    ok = kiosk("enrol", "--council", council.url, "--code", code)  # the refusal did not use up the code
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "NOT secure" in ok.stdout
    used = kiosk("enrol", "--council", council.url, "--code", code)
    assert used.returncode == 1 and "already been used" in used.stdout

    synced = kiosk("sync", "--json")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    summary = json.loads(synced.stdout)
    assert summary["pulled"] > 0 and summary["cursor"].startswith("v1.")
    status = json.loads(kiosk("status", "--json").stdout)
    assert status["online"] and status["waiting"] == 0 and status["last_sync_at"]
    settings = Settings(open_db(device / "device.sqlite3"))
    assert settings["council_url"] == council.url and settings["hub_id"] == "demo-hub-sunflower"
    assert settings["hub_name"] == "Sunflower Children's Centre (demo)" and settings["device_mode"] == "assisted"
    assert os.path.exists(device / "demo-keyring.cfg")


def test_demo_enrolment_joins_the_demo_council_once(council, data_dir, monkeypatch):
    from sync.enrolment import client_for, demo_enrol

    # Unset for the test and restored afterwards (demo_enrol names the demo backend for the process).
    monkeypatch.setenv(ENV_BACKEND, "placeholder")
    monkeypatch.delenv(ENV_BACKEND)
    first = demo_enrol(data_dir, council.url, council.data_dir)
    assert first["mode"] == "kiosk" and os.environ[ENV_BACKEND] == DEMO_BACKEND
    again = demo_enrol(data_dir, council.url, council.data_dir)
    assert again == {"device_id": first["device_id"], "already_enrolled": True}
    db = open_db(data_dir / "device.sqlite3")
    assert client_for(data_dir, db).cycle()["ok"]
    assert council.device(first["device_id"])["mode"] == "kiosk"
