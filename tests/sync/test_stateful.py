"""Hypothesis stateful model: three devices, one council, random offline work and faults.

The council is the real application (``sync.server.app.create_app``) on a
throwaway database, called in-process through FastAPI's TestClient. Each
device has its own SQLite file and a network that can be fine, offline, lose
answers after the council committed, answer 503, or cut answers short.
After every step: nothing was applied twice and nothing the council applied is
missing from the device. At the end, with the network back: every rating
arrived exactly once and every device mirrors exactly what the council publishes.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from kiosk import mirror
from kiosk import outbox as ob
from kiosk.settings import Settings
from kiosk.store import open_db
from sync import protocol as p
from sync.client import SyncClient
from sync.credentials import MemoryCredentials
from sync.enrolment import enrol
from sync.server import db as sdb
from sync.server.app import create_app
from sync.transport import Response, TransportError
from councilproc import DEMO_HUB, rating_payload

HUBS = [DEMO_HUB, "demo-hub-riverside"]
MODES = ["ok", "offline", "lost", "503", "truncate"]


class AppTransport:
    """The council app in-process, behind a network whose mode the model sets."""

    def __init__(self, http: TestClient):
        self.http = http
        self.mode = "ok"

    def request(self, method, path, *, json=None, params=None, token=None) -> Response:
        if self.mode == "offline":
            raise TransportError("offline")
        if self.mode == "503":
            return Response(503, b'{"error":"service_unavailable","message":"x"}', {"Retry-After": "1"})
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        resp = self.http.request(method, path, json=json, params=params, headers=headers)
        if self.mode == "lost":
            raise TransportError("answer lost")
        body = resp.content[: len(resp.content) // 2] if self.mode == "truncate" else resp.content
        return Response(resp.status_code, body, resp.headers)


class SyncModel(RuleBasedStateMachine):
    @initialize()
    def start(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="sync-model-"))
        self.app = create_app(self.tmp / "council", demo=True)
        self.engine = self.app.state.engine
        self.http = TestClient(self.app)
        self.devices = []
        for n in range(3):
            db = open_db(self.tmp / f"device{n}" / "device.sqlite3")
            transport = AppTransport(self.http)
            credentials = MemoryCredentials()
            hub = HUBS[n % 2]
            with sdb.writing(self.engine) as conn:
                code, _ = sdb.new_enrolment_code(conn, hub, "assisted")
            enrol(db, "http://council.test", code, credentials, transport=transport)
            client = SyncClient(db, Settings(db), transport, credentials, push_batch=3, pull_limit=4)
            self.devices.append({"db": db, "client": client, "transport": transport, "hub": hub,
                                 "id": Settings(db)["device_id"], "ratings": set(), "bad": 0})
        self.published = 0

    def teardown(self):
        if hasattr(self, "http"):
            self.http.close()
            self.engine.dispose()
            for device in self.devices:
                device["db"].close()
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- what happens in the field ------------------------------------------------

    @rule(n=st.integers(0, 2), count=st.integers(1, 4))
    def record_ratings(self, n, count):
        device = self.devices[n]
        with device["db"].atomic():
            for _ in range(count):
                payload = rating_payload(rating=1 + len(device["ratings"]) % 5)
                ob.enqueue(device["db"], p.OP_FEEDBACK_RATING, payload, record_key=f"feedback:{payload['rating_id']}")
                device["ratings"].add(payload["rating_id"])

    @rule(n=st.integers(0, 2))
    def record_invalid(self, n):
        device = self.devices[n]
        with device["db"].atomic():
            ob.enqueue(device["db"], p.OP_FEEDBACK_RATING, {"rating": 11})
        device["bad"] += 1

    @rule(n=st.integers(0, 2), mode=st.sampled_from(MODES))
    def network(self, n, mode):
        self.devices[n]["transport"].mode = mode

    @rule(n=st.integers(0, 2))
    def sync(self, n):
        self.devices[n]["client"].cycle()

    @rule(keys=st.lists(st.integers(0, 6), min_size=1, max_size=4), delete=st.booleans(),
          scope=st.sampled_from(["all", *HUBS]))
    def council_publishes(self, keys, delete, scope):
        scope = scope if scope == "all" else p.hub_scope(scope)
        with sdb.writing(self.engine) as conn:
            for key in keys:
                self.published += 1
                if delete:
                    sdb.tombstone(conn, "directory.service", f"m:{key}", scope)
                else:
                    sdb.publish(conn, "directory.service", f"m:{key}", {"v": self.published}, scope)

    # -- always true ---------------------------------------------------------------

    def council_ratings(self, device):
        with sdb.reading(self.engine) as conn:
            return [r[0] for r in conn.execute(sa.select(sdb.feedback_ratings.c.rating_id)
                                               .where(sdb.feedback_ratings.c.device_id == device["id"]))]

    @invariant()
    def never_twice_never_invented(self):
        for device in getattr(self, "devices", []):
            stored = self.council_ratings(device)
            assert len(stored) == len(set(stored))
            assert set(stored) <= device["ratings"]
            with sdb.reading(self.engine) as conn:
                applied_there = sdb.operation_counts(conn, device["id"]).get("applied", 0)
            # The device never believes something applied that the council did not apply.
            assert ob.counts(device["db"])["applied"] <= applied_there == len(stored)

    def expected_mirror(self, device):
        latest = {}
        scopes = {"all", p.hub_scope(device["hub"]), p.device_scope(device["id"])}
        with sdb.reading(self.engine) as conn:
            for row in conn.execute(sa.select(sdb.change_log).order_by(sdb.change_log.c.seq)):
                if row.scope in scopes:
                    latest[(row.entity, row.key)] = row.data if row.op == "upsert" else None
        return {k: v for k, v in latest.items() if v is not None}

    def check_converged(self):
        for device in self.devices:
            device["transport"].mode = "ok"
            for _ in range(10):
                summary = device["client"].cycle()
                if summary["ok"] and ob.counts(device["db"])["waiting"] == 0:
                    break
            assert summary["ok"], summary
            assert ob.counts(device["db"]) == {"waiting": 0, "quarantined": device["bad"],
                                               "applied": len(device["ratings"])}
            assert sorted(self.council_ratings(device)) == sorted(device["ratings"])
            mirrored = {(r["entity"], r["key"]): mirror.get(device["db"], r["entity"], r["key"])
                        for r in device["db"].query("select entity, key from mirror")}
            assert mirrored == self.expected_mirror(device)


class SyncModelWithFinalCheck(SyncModel):
    def teardown(self):
        try:
            if hasattr(self, "devices"):
                self.check_converged()
        finally:
            super().teardown()


SyncModelWithFinalCheck.TestCase.settings = settings(
    max_examples=8, stateful_step_count=20, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestSyncModel = SyncModelWithFinalCheck.TestCase
