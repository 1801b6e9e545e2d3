"""Outreach fixtures: a council in-process, an outreach laptop enrolled with it, a worker, a checked-out case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kiosk import crypto
from kiosk.paths import device_db_path
from kiosk.settings import Settings
from kiosk.store import open_db
from outreach_kit import ADDRESS, NAME, NEEDS, PIN, T0, new_code
from testclient_transport import ClientTransport
from sync.credentials import DEMO_BACKEND, ENV_BACKEND, MemoryCredentials
from sync.enrolment import enrol
from sync.server import db as council_db
from sync.server import ops_outreach, staff as council_staff
from sync.server.app import create_app


@pytest.fixture
def demo_keyring(monkeypatch):
    """The explicitly named plain-text test keyring holds the device's data key."""
    monkeypatch.setenv(ENV_BACKEND, DEMO_BACKEND)
    crypto.forget_cached_keys()
    yield
    crypto.forget_cached_keys()


@dataclass
class Outreach:
    app: Any
    client: TestClient
    db: Any
    sync: Any
    device_id: str
    staff_id: str
    case_id: str

    def council(self):
        return council_db.writing(self.app.state.engine)


@pytest.fixture
def world(tmp_path, data_dir, demo_keyring):
    """A council with one outreach worker and one case checked out for 8 hours from T0 to this device."""
    from sync.client import SyncClient

    app = create_app(tmp_path / "council", demo=True)
    with TestClient(app, raise_server_exceptions=False) as client:
        db = open_db(device_db_path(data_dir))
        transport = ClientTransport(client)
        credentials = MemoryCredentials()
        enrol(db, "http://testserver", new_code(app.state.engine), credentials, transport=transport)
        sync = SyncClient(db, transport=transport, credentials=credentials)
        device_id = Settings(db)["device_id"]
        with council_db.writing(app.state.engine) as conn:
            record, _pin = council_staff.add(conn, "Ola Worker", "outreach", "demo-hub-elm", PIN)
            case = ops_outreach.add_case(conn, "demo-hub-elm", NAME, ADDRESS, NEEDS)
            ops_outreach.checkout(conn, case["id"], record["id"], device_id, hours=8, now=T0)
        yield Outreach(app, client, db, sync, device_id, record["id"], case["id"])
        db.close()
    app.state.engine.dispose()
