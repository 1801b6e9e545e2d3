"""The device client against an in-memory council with injected faults.

Each test asserts what staff and the council would notice: outbox states and
counts on the device, and how many times the council applied each operation.
"""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from email.utils import format_datetime

import pytest

from kiosk import mirror
from kiosk import outbox as ob
from kiosk.settings import Settings
from kiosk.store import open_db
from sync import backoff, client as sc
from sync.client import SyncClient
from sync.credentials import MemoryCredentials
from syncfakes import FakeClock, FakeCouncil, FaultyTransport, lost, offline, status, truncated


@pytest.fixture
def db(data_dir):
    return open_db(data_dir / "device.sqlite3")


@pytest.fixture
def council():
    return FakeCouncil()


@pytest.fixture
def clock():
    return FakeClock()


def make_client(db, council, clock, faults=None, always=None, **kwargs):
    settings = Settings(db)
    settings["council_url"] = "http://127.0.0.1:1"
    token = f"tok-{settings['device_id']}"
    council.tokens[token] = settings["device_id"]
    transport = FaultyTransport(council, faults, always)
    return SyncClient(db, settings, transport, MemoryCredentials(token), clock, rng=lambda lo, hi: hi, **kwargs)


def queue(db, n, op_type="feedback.rating", record_key=None, start=0):
    ids = []
    with db.atomic():
        for i in range(n):
            ids.append(ob.enqueue(db, op_type, {"rating": 5, "name": f"resident {start + i}"},
                                  record_key=record_key(i) if callable(record_key) else record_key))
    return ids


def states(db):
    return dict(db.execute("select state, count(*) from outbox group by state").fetchall())


def test_always_failing_keeps_everything_and_backs_off(db, council, clock):
    queue(db, 3)
    client = make_client(db, council, clock, always=offline)
    delays = []
    for _ in range(6):
        summary = client.cycle()
        assert not summary["ok"] and summary["error"].startswith("network")
        nxt = backoff.next_attempt_at(db)
        delays.append((nxt - clock.now).total_seconds())
        clock.now = nxt
    # Nothing lost, nothing applied; each row was tried every time and waits in flight.
    assert states(db) == {"in_flight": 3}
    assert ob.counts(db)["waiting"] == 3
    assert db.execute("select min(attempts) from outbox").fetchone()[0] == 6
    assert council.applied == []
    # Full-jitter window (upper bound taken here) doubles from 1 s.
    assert delays == [1, 2, 4, 8, 16, 32]
    assert sc.status(db)["online"] is False


def test_failing_n_times_then_succeeding_applies_exactly_once(db, council, clock):
    ids = queue(db, 4)
    client = make_client(db, council, clock, faults={"/api/v1/sync/push": [offline, offline, status(503)]})
    results = [client.cycle()["ok"] for _ in range(4)]
    assert results == [False, False, False, True]
    assert states(db) == {"applied": 4}
    assert sorted(op for _, op in council.applied) == sorted(ids)
    assert backoff.state(db)["attempts"] == 0 and backoff.next_attempt_at(db) is None
    assert sc.status(db)["online"] is True


def test_answer_lost_after_commit_is_resent_and_not_applied_twice(db, council, clock):
    ids = queue(db, 5)
    client = make_client(db, council, clock, faults={"/api/v1/sync/push": [lost]})
    first = client.cycle()
    assert not first["ok"]
    assert states(db) == {"in_flight": 5}  # the council has them, the device does not know yet
    assert len(council.applied) == 5
    second = client.cycle()
    assert second["ok"] and second["applied"] == 5 and second["duplicates"] == 5
    assert states(db) == {"applied": 5}
    assert sorted(op for _, op in council.applied) == sorted(ids)  # exactly once


def test_acknowledged_payload_is_cleared_but_the_record_stays(db, council, clock):
    [op_id] = queue(db, 1)
    before = db["outbox"].get(op_id)
    make_client(db, council, clock).cycle()
    row = db["outbox"].get(op_id)
    assert "resident" in before["payload"]
    assert row["payload"] == "null" and row["payload_cleared_at"]
    assert row["payload_hash"] == before["payload_hash"] and row["op_type"] == "feedback.rating"
    assert json.loads(row["result"]) == {"n": 0}


def test_401_mid_batch_pauses_keeps_outbox_and_resumes_after_reenrolment(db, council, clock):
    queue(db, 5)
    client = make_client(db, council, clock, push_batch=2,
                         faults={"/api/v1/sync/push": [None, status(401, error="device_revoked")]})
    summary = client.cycle()
    assert summary["paused"] == "device_revoked"
    assert states(db) == {"applied": 2, "in_flight": 2, "queued": 1}
    calls = len(client.transport.calls)
    # While paused nothing is sent and nothing is deleted, however often it is asked.
    for _ in range(3):
        assert client.cycle()["paused"] == "device_revoked"
    assert len(client.transport.calls) == calls
    assert sc.next_wakeup(db, client.settings, clock.now) is None
    assert ob.counts(db)["waiting"] == 3
    assert "enrol" in sc.status(db)["paused_message"]
    backoff.resume(db)  # what enrolment does after storing the new token
    summary = client.cycle()
    assert summary["ok"] and states(db) == {"applied": 5}
    assert len(council.applied) == 5


def test_per_operation_rejection_and_conflict_are_quarantined_while_others_flow(db, council, clock):
    with db.atomic():
        bad = ob.enqueue(db, "bad.op", {"x": 1}, record_key="rec:A")
        held = ob.enqueue(db, "feedback.rating", {"x": 2}, record_key="rec:A")
        free = ob.enqueue(db, "feedback.rating", {"x": 3}, record_key="rec:B")
        reused = ob.enqueue(db, "feedback.rating", {"x": 4})
    device = Settings(db)["device_id"]
    council.ops[(device, reused)] = ("other-hash", {})  # the council saw this op_id with other content
    client = make_client(db, council, clock)
    summary = client.cycle()
    assert summary["ok"] and summary["rejected"] == 1 and summary["conflicts"] == 1
    assert db["outbox"].get(bad)["state"] == "rejected"
    assert db["outbox"].get(reused)["state"] == "rejected"
    assert db["outbox"].get(free)["state"] == "applied"
    # Same record as a quarantined operation: held back, in order.
    assert db["outbox"].get(held)["state"] == "queued"
    quarantined = {q["op_id"]: q for q in sc.quarantine(db)}
    assert quarantined[bad]["code"] == "invalid_payload" and quarantined[bad]["held"] == 1
    assert quarantined[reused]["status"] == "conflict" and quarantined[reused]["code"] == "op_id_reused"
    client.cycle()
    assert db["outbox"].get(held)["state"] == "queued"
    # Staff discard the bad one: the held operation flows.
    assert sc.discard(db, bad)
    assert client.cycle()["applied"] == 1
    assert db["outbox"].get(held)["state"] == "applied"
    assert ob.counts(db) == {"waiting": 0, "quarantined": 1, "applied": 2}


def test_whole_request_422_and_409_are_narrowed_down_to_the_bad_operation(db, council, clock):
    ids = queue(db, 8)
    # The council refuses the first two requests whole; the client halves the batch until
    # a single refused operation is quarantined with the council's reason.
    refusals = [status(422, error="invalid_request"), status(409, error="invalid_request"),
                status(422, error="invalid_request"), status(422, error="invalid_request")]
    client = make_client(db, council, clock, faults={"/api/v1/sync/push": refusals})
    summary = client.cycle()
    assert summary["ok"]
    assert summary["rejected"] == 1 and summary["applied"] == 7
    [q] = sc.quarantine(db)
    assert q["op_id"] == ids[0] and q["code"] == "invalid_request"
    assert len(council.applied) == 7 and ids[0] not in {op for _, op in council.applied}


@pytest.mark.parametrize("header", ["120", "http-date"])
def test_429_retry_after_is_honoured_and_the_timer_rearms_itself(db, council, clock, header):
    queue(db, 2)
    if header == "http-date":
        header = format_datetime(clock.now + timedelta(seconds=120), usegmt=True)
    client = make_client(db, council, clock, faults={"/api/v1/sync/push": [status(429, {"Retry-After": header})]})
    summary = client.cycle()
    assert summary["error"] == "http 429"
    assert backoff.next_attempt_at(db) == clock.now + timedelta(seconds=120)
    assert not sc.due(db, client.settings, clock.now + timedelta(seconds=119))
    assert sc.due(db, client.settings, clock.now + timedelta(seconds=120))
    # No local write happens; the scheduler wakes by itself when the timer says so.
    clock.advance(120)
    stop = threading.Event()
    assert client.run_forever(stop, max_cycles=1, max_seconds=5) == 1
    assert states(db) == {"applied": 2}


def test_backoff_survives_a_restart(db, council, clock):
    queue(db, 1)
    make_client(db, council, clock, always=offline).cycle()
    make_client(db, council, clock, always=offline).cycle()
    restarted = make_client(db, council, clock)
    assert backoff.state(db)["attempts"] == 2
    assert not sc.due(db, restarted.settings, clock.now)
    assert sc.seconds_until_next(db, restarted.settings, clock.now) == pytest.approx(2.0)


def test_truncated_push_answer_leaves_rows_in_flight_then_resends(db, council, clock):
    queue(db, 3)
    client = make_client(db, council, clock, faults={"/api/v1/sync/push": [truncated]})
    summary = client.cycle()
    assert summary["error"] == "incomplete answer from the council service"
    assert states(db) == {"in_flight": 3}
    assert client.cycle()["ok"]
    assert states(db) == {"applied": 3} and len(council.applied) == 3


def test_pull_saves_pages_with_cursor_and_truncated_page_changes_nothing(db, council, clock):
    for i in range(25):
        council.publish("directory.service", f"svc-{i}", {"name": f"Service {i}"})
    council.publish("directory.service", "svc-3", None)  # tombstone
    client = make_client(db, council, clock, pull_limit=10,
                         faults={"/api/v1/sync/pull": [None, truncated]})
    summary = client.cycle()
    assert not summary["ok"]
    # The first page and its cursor were saved together; the truncated second page left no trace.
    assert mirror.count(db) == 10 and mirror.cursor(db) == "v1.fake1.10"
    summary = client.cycle()
    assert summary["ok"] and summary["pulled"] == 16
    assert mirror.count(db, "directory.service") == 24
    assert mirror.get(db, "directory.service", "svc-3") is None
    assert mirror.get(db, "directory.service", "svc-7") == {"name": "Service 7"}
    seqs = [int(c["cursor"].rsplit(".", 1)[1]) for c in mirror.cursor_log(db)]
    assert seqs == sorted(seqs) and seqs[-1] == 26


def test_cursor_expired_clears_mirror_not_outbox_and_pulls_again(db, council, clock):
    for i in range(5):
        council.publish("hub", f"h{i}", {"i": i})
    queue(db, 2)
    client = make_client(db, council, clock, faults={"/api/v1/sync/push": [offline]})
    client.pull()
    assert mirror.count(db) == 5
    # The council's database was replaced: new epoch, smaller log.
    council.epoch, council.changes = "fake2", []
    council.publish("hub", "h9", {"i": 9})
    summary = client.pull()
    assert summary["ok"] and summary["resynced"]
    assert mirror.keys(db, "hub") == ["h9"]
    assert mirror.cursor(db) == "v1.fake2.1"
    assert ob.counts(db)["waiting"] == 2  # outbox untouched


def test_heartbeat_reports_device_health(db, council, clock):
    queue(db, 2, op_type="bad.op")
    queue(db, 1)
    client = make_client(db, council, clock)
    assert client.cycle()["ok"]
    beat = council.heartbeats[-1]
    assert beat["waiting"] == 0 and beat["quarantined"] == 2
    assert beat["device_time"] == "2026-11-22T10:00:00.000000Z"
    assert beat["free_disk_bytes"] > 0 and beat["app_version"]
    assert beat["last_sync_at"] == "2026-11-22T10:00:00.000000Z"  # this cycle's push and pull
    assert sc.status(db)["clock_drift_seconds"] == 0.5


def test_same_record_operations_are_sent_in_order_one_per_batch(db, council, clock):
    ids = queue(db, 4, record_key="member:1")
    client = make_client(db, council, clock)
    summary = client.cycle()
    assert summary["applied"] == 4
    assert [op for _, op in council.applied] == ids
    assert council.requests.count(("POST", "/api/v1/sync/push")) == 4


def test_not_enrolled_device_reports_it_and_sends_nothing(db, council, clock):
    queue(db, 1)
    client = SyncClient(db, Settings(db), None, None, clock)
    summary = client.cycle()
    assert summary["paused"] == "not_enrolled" and not summary["ok"]
    assert states(db) == {"queued": 1}
    # Nothing to wake up for: a scheduler loop does not spin on an unenrolled device.
    assert sc.next_wakeup(db, client.settings, clock.now) is None
    assert client.run_forever(threading.Event(), max_seconds=0.2, idle_cap_seconds=0.05) == 0


@pytest.mark.parametrize("refusal", [status(422, error="invalid_request"), status(404, error="")])
def test_a_council_that_refuses_everything_quarantines_nothing(db, council, clock, refusal):
    queue(db, 4)
    client = make_client(db, council, clock, always=refusal)
    summary = client.cycle()
    assert not summary["ok"] and summary["error"].startswith(("http 422", "http 404"))
    assert sc.quarantine(db) == []
    assert ob.counts(db)["waiting"] == 4 and ob.counts(db)["quarantined"] == 0


def test_an_operation_the_council_failed_on_itself_is_sent_again_not_quarantined(db, council, clock):
    with db.atomic():
        boom = ob.enqueue(db, "boom.op", {"x": 1})
        ok = ob.enqueue(db, "feedback.rating", {"x": 2})
    client = make_client(db, council, clock)
    summary = client.cycle()
    assert not summary["ok"] and summary["retry_later"] == 1 and summary["applied"] == 1
    assert council.requests.count(("POST", "/api/v1/sync/push")) == 1  # not hammered within the cycle
    assert db["outbox"].get(boom)["state"] == "in_flight" and sc.quarantine(db) == []
    assert db["outbox"].get(ok)["state"] == "applied"
    assert backoff.next_attempt_at(db) is not None  # the retry timer is armed
    council.fixed = True
    assert client.cycle()["ok"]
    assert db["outbox"].get(boom)["state"] == "applied" and len(council.applied) == 2
