"""Helpers for the time-bank tests: device databases, members, and a loopback council."""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlite_utils import Database

from kiosk import mirror
from kiosk.crypto import FieldCipher
from kiosk.paths import device_db_path
from kiosk.settings import Settings
from kiosk.store import open_db
from kiosk.timebank import ledger, members, privacy, recording
from kiosk.timebank.members import Consent
from sync import protocol
from sync.server import db as council_db

CONSENT = Consent("We keep your details to run the time bank.", "en")


def device_db(folder: Path, hub_id: str = "demo-hub-sunflower", device_id: str | None = None) -> Database:
    folder.mkdir(parents=True, exist_ok=True)
    database = open_db(device_db_path(folder))
    settings = Settings(database)
    settings["hub_id"] = hub_id
    if device_id:
        settings["device_id"] = device_id
    return database


_template: Database | None = None


def memory_db(hub_id: str = "demo-hub-sunflower") -> Database:
    """A fresh, fully migrated in-memory device database (copied from one template: fast)."""
    global _template
    if _template is None:
        from kiosk.store import open_memory_db
        _template = open_memory_db()
        Settings(_template)["hub_id"] = hub_id
    conn = sqlite3.connect(":memory:")
    _template.conn.backup(conn)
    database = Database(conn)
    database.execute("PRAGMA foreign_keys=ON")
    Settings(database)["device_id"] = str(uuid.uuid4())
    privacy.use_cipher(database, FieldCipher(os.urandom(32)))  # an in-memory database has no keyring folder
    return database


def person(database: Database, name: str, pin: str | None = None, **extra: Any) -> dict[str, Any]:
    return members.register_member(database, name=name, consent=CONSENT, registered_by="vol-1", pin=pin, **extra)


def organisation(database: Database, name: str = "Stay and Play") -> dict[str, Any]:
    return members.register_organisation(database, name=name, org_type="community_group", registered_by="vol-1")


def confirm_locally(database: Database, exchange_id: str, state: str = "confirmed") -> None:
    """What the mirror does when the council has settled an exchange (for device-only tests)."""
    with database.atomic():
        database.execute("update tb_exchanges set state = ? where id = ?", [state, exchange_id])


def record_results(database: Database, results: list[dict[str, Any]]) -> None:
    """What the sync client does with push results: applied, or rejected into quarantine."""
    with database.atomic():
        for result in results:
            state = "applied" if result["status"] == "applied" else "rejected"
            database.execute("update outbox set state = ? where op_id = ?", [state, result["op_id"]])


@dataclass
class LoopbackDevice:
    """A real device database talking to a real council app through FastAPI's TestClient."""

    db: Database
    id: str
    hub_id: str
    token: str
    client: TestClient
    sent_seq: int = 0

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def push(self) -> list[dict[str, Any]]:
        rows = list(self.db.query("select * from outbox where seq > ? order by seq limit 500", [self.sent_seq]))
        if not rows:
            return []
        operations = [{"op_id": r["op_id"], "seq": r["seq"], "op_type": r["op_type"], "record_key": r["record_key"],
                       "schema_version": r["schema_version"], "payload": json.loads(r["payload"]),
                       "created_at": r["created_at"]} for r in rows]
        response = self.client.post(protocol.PATH_PUSH, json={"device_id": self.id, "operations": operations},
                                    headers=self.headers)
        assert response.status_code == 200, response.text
        self.sent_seq = rows[-1]["seq"]
        results = response.json()["results"]
        record_results(self.db, results)
        for row, result in zip(rows, results):
            result["op_type"] = row["op_type"]  # for the tests' reading; not part of the protocol
        return results

    def pull(self, max_pages: int = 50) -> int:
        count = 0
        for _page in range(max_pages):
            params = {"limit": 200}
            if mirror.cursor(self.db):
                params["cursor"] = mirror.cursor(self.db)
            response = self.client.get(protocol.PATH_PULL, params=params, headers=self.headers)
            assert response.status_code == 200, response.text
            body = response.json()
            mirror.apply_page(self.db, body["changes"], body["cursor"])
            count += len(body["changes"])
            if not body["has_more"]:
                return count
        raise AssertionError("pull did not finish")

    def sync(self) -> list[dict[str, Any]]:
        results = self.push()
        self.pull()
        return results


def enrol_device(client: TestClient, engine: Any, folder: Path, *, hub_id: str = "demo-hub-sunflower",
                 mode: str = "assisted") -> LoopbackDevice:
    device_id = str(uuid.uuid4())
    with council_db.writing(engine) as conn:
        code, _expires = council_db.new_enrolment_code(conn, hub_id, mode)
    response = client.post(protocol.PATH_ENROL, json={"code": code, "device_id": device_id})
    assert response.status_code == 201, response.text
    database = device_db(folder, hub_id=hub_id, device_id=device_id)
    answer = response.json()
    if answer.get("council_public_key"):  # what sync.enrolment does: personal data is sealed to it
        from kiosk.sealing import store_public_key
        store_public_key(database, answer["council_public_key"])
    return LoopbackDevice(database, device_id, hub_id, answer["device_token"], client)


def spend_twice_offline(client: TestClient, engine: Any, folder: Path) -> tuple[Any, ...]:
    """Ada has 60 minutes, and two devices know it; offline, each lets her pay Ben 60 (neither pushed yet).

    Returns the two devices, the organisation, Ada, Ben and the two exchanges (first on ``one``)."""
    broker = ledger.Authorisation("broker", "ann")
    one = enrol_device(client, engine, folder / "d1")
    two = enrol_device(client, engine, folder / "d2")
    org = organisation(one.db)
    ada, ben = person(one.db, "Ada"), person(one.db, "Ben")
    recording.record_group_session(one.db, organisation_id=org["id"], attendee_ids=[ada["id"]], minutes=60,
                                   category="events", recorded_by="vol")
    one.sync()
    two.pull()
    assert ledger.balance(two.db, ada["id"]).available == 60  # both devices now know Ada has 60 minutes
    first = recording.record_exchange(one.db, giver_id=ben["id"], receiver_id=ada["id"], minutes=60,
                                      category="errands", recorded_by="v", authorisation=broker)
    second = recording.record_exchange(two.db, giver_id=ben["id"], receiver_id=ada["id"], minutes=60,
                                       category="errands", recorded_by="v", authorisation=broker)
    return one, two, org, ada, ben, first, second
