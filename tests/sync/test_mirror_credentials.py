"""The device mirror (pages, hooks, reset) and where the device token may be kept."""

from __future__ import annotations

import threading

import pytest
from keyring.backends import chainer, fail, null

from kiosk import mirror
from kiosk import outbox as ob
from kiosk.settings import Settings
from kiosk.store import open_db
from kiosk.timeutil import utcnow
from sync.client import SyncClient
from sync.credentials import (DEMO_BACKEND, DEMO_KEYRING_FILE, ENV_BACKEND, CredentialsUnavailable,
                              KeyringCredentials, select_backend)
from sync.credentials import MemoryCredentials
from syncfakes import FakeCouncil, FaultyTransport, offline

import mirror_hook_probe


@pytest.fixture
def db(data_dir):
    return open_db(data_dir / "device.sqlite3")


def change(seq, key, data, entity="probe.thing"):
    return {"seq": seq, "entity": entity, "key": key, "op": "upsert" if data is not None else "delete", "data": data}


def test_hook_runs_in_the_page_transaction(db, monkeypatch):
    monkeypatch.setitem(mirror.MIRROR_HOOKS, "probe.", "mirror_hook_probe")
    mirror.apply_page(db, [change(1, "a", {"x": 1}), change(2, "b", {"x": 2}), change(3, "a", None),
                           change(4, "z", {"other": True}, entity="elsewhere")], "v1.e.4")
    assert [r[0] for r in db.execute("select key from probe_derived order by key")] == ["b"]
    assert mirror.all(db, "probe.thing") == [{"x": 2}] and mirror.get(db, "elsewhere", "z") == {"other": True}
    # A hook that fails takes the page and its cursor down with it: nothing half applied.
    with pytest.raises(RuntimeError):
        mirror.apply_page(db, [change(5, "c", {"x": 3}), change(6, "explode", {"x": 4})], "v1.e.6")
    assert mirror.cursor(db) == "v1.e.4"
    assert mirror.get(db, "probe.thing", "c") is None
    assert [r[0] for r in db.execute("select key from probe_derived")] == ["b"]
    # Reset clears the mirror and derived tables, never the outbox.
    with db.atomic():
        ob.enqueue(db, "feedback.rating", {"x": 1})
    mirror.reset(db)
    assert mirror.count(db) == 0 and mirror.cursor(db) is None
    assert db.execute("select count(*) from probe_derived").fetchone()[0] == 0
    assert ob.counts(db)["waiting"] == 1
    assert mirror_hook_probe.calls[-1] == "clear"


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()])
def test_insecure_default_keyring_is_refused(data_dir, monkeypatch, backend):
    monkeypatch.delenv(ENV_BACKEND, raising=False)
    monkeypatch.setattr("keyring.get_keyring", lambda: backend)
    with pytest.raises(CredentialsUnavailable, match="no secure keyring"):
        select_backend(data_dir)


def test_plaintext_keyring_found_by_accident_is_refused(data_dir, monkeypatch):
    from keyrings.alt.file import PlaintextKeyring

    monkeypatch.delenv(ENV_BACKEND, raising=False)
    monkeypatch.setattr("keyring.get_keyring", lambda: PlaintextKeyring())
    with pytest.raises(CredentialsUnavailable):
        select_backend(data_dir)
    mixed = chainer.ChainerBackend()
    mixed.__dict__["backends"] = [PlaintextKeyring()]
    monkeypatch.setattr("keyring.get_keyring", lambda: mixed)
    with pytest.raises(CredentialsUnavailable):
        select_backend(data_dir)


def test_named_demo_keyring_keeps_its_file_in_the_data_folder(data_dir, monkeypatch):
    monkeypatch.setenv(ENV_BACKEND, DEMO_BACKEND)
    credentials = KeyringCredentials(data_dir, "device-1")
    assert credentials.insecure_demo
    credentials.set_token("secret-token")
    assert (data_dir / DEMO_KEYRING_FILE).exists()
    assert KeyringCredentials(data_dir, "device-1").get_token() == "secret-token"
    assert KeyringCredentials(data_dir, "device-2").get_token() is None
    credentials.delete_token()
    assert credentials.get_token() is None


def test_unknown_named_backend_is_a_clear_error(data_dir, monkeypatch):
    monkeypatch.setenv(ENV_BACKEND, "no.such.Backend")
    with pytest.raises(CredentialsUnavailable, match="no.such.Backend"):
        KeyringCredentials(data_dir, "device-1")


def test_run_forever_retries_on_its_own_timer_without_local_writes(db):
    council = FakeCouncil()
    settings = Settings(db)
    settings["council_url"] = "http://127.0.0.1:1"
    council.tokens["t"] = settings["device_id"]
    with db.atomic():
        ob.enqueue(db, "feedback.rating", {"x": 1})
    faults = [offline, offline, offline]
    transport = FaultyTransport(council, {"/api/v1/sync/push": faults})
    # Real clock, short jitter window (5% of the full one) so the test waits well under a second.
    client = SyncClient(db, settings, transport, MemoryCredentials("t"), utcnow, rng=lambda lo, hi: hi * 0.05)
    results = []
    cycles = client.run_forever(threading.Event(), max_cycles=4, max_seconds=10, on_cycle=results.append)
    assert cycles == 4
    assert [r["ok"] for r in results] == [False, False, False, True]
    assert ob.counts(db) == {"waiting": 0, "quarantined": 0, "applied": 1}
    assert len(council.applied) == 1


def test_a_page_for_a_cursor_that_moved_on_is_not_saved(db):
    assert mirror.apply_page(db, [change(1, "a", {"x": 1})], "v1.e.1", after=None)
    assert mirror.apply_page(db, [change(2, "a", {"x": 2})], "v1.e.2", after="v1.e.1")
    # A second sync process that asked from the old cursor arrives late: ignored.
    assert not mirror.apply_page(db, [change(2, "a", {"x": 2})], "v1.e.2", after="v1.e.1")
    assert not mirror.apply_page(db, [change(1, "a", {"x": 1})], "v1.e.1", after=None)
    assert mirror.cursor(db) == "v1.e.2" and mirror.get(db, "probe.thing", "a") == {"x": 2}
    assert [c["cursor"] for c in mirror.cursor_log(db)] == ["v1.e.1", "v1.e.2"]


def test_client_follows_the_council_address_after_reenrolment(db):
    settings = Settings(db)
    client = SyncClient(db, settings, None, MemoryCredentials("t"))
    assert client.cycle()["paused"] == "not_enrolled"
    settings["council_url"] = "http://127.0.0.1:9"  # nothing listens there
    summary = client.cycle()
    assert summary["error"].startswith("network") and client.transport.base_url == "http://127.0.0.1:9"
    settings["council_url"] = "http://127.0.0.1:10"
    client.cycle()
    assert client.transport.base_url == "http://127.0.0.1:10"
