"""A council service in-process (FastAPI TestClient, no sockets) and one device enrolled with it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from testclient_transport import ClientTransport
from kiosk import i18n
from kiosk.paths import device_db_path
from kiosk.store import open_db
from sync.credentials import MemoryCredentials
from sync.enrolment import enrol
from sync.server import db as council_db
from sync.server.app import create_app


@pytest.fixture(autouse=True)
def _shipped_catalogues_after():
    """Corrections are process-wide: no test leaves its catalogue in use for the next."""
    yield
    i18n.set_corrections({})


@dataclass
class World:
    app: Any
    client: TestClient
    db: Any
    transport: ClientTransport
    credentials: MemoryCredentials

    @property
    def engine(self):
        return self.app.state.engine

    def council(self):
        return council_db.writing(self.engine)

    def sync(self, db=None) -> dict[str, Any]:
        from sync.client import SyncClient

        return SyncClient(db or self.db, transport=self.transport, credentials=self.credentials).pull()


@pytest.fixture
def world(tmp_path, data_dir):
    app = create_app(tmp_path / "council")
    with TestClient(app, raise_server_exceptions=False) as client:
        with council_db.writing(app.state.engine) as conn:
            council_db.upsert_hub(conn, "hub-1", "Brixton Library")
            code, _expires = council_db.new_enrolment_code(conn, "hub-1", "kiosk", 24)
        db = open_db(device_db_path(data_dir))
        transport = ClientTransport(client)
        credentials = MemoryCredentials()
        enrol(db, "http://testserver", code, credentials, transport=transport)
        yield World(app, client, db, transport, credentials)
        db.close()
    app.state.engine.dispose()
