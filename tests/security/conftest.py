"""Security test fixtures: a council service in-process and a device enrolled with it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kiosk.paths import device_db_path
from kiosk.store import open_db
from security_kit import new_code
from testclient_transport import ClientTransport
from sync.credentials import MemoryCredentials
from sync.enrolment import enrol
from sync.server.app import create_app


@pytest.fixture
def council(tmp_path):
    """(app, TestClient) of a council service with the demo hubs and staff tables."""
    app = create_app(tmp_path / "council", demo=True)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield app, client
    app.state.engine.dispose()


@pytest.fixture
def device(council, data_dir):
    """(device db, SyncClient) of a device enrolled with ``council`` at hub demo-hub-elm."""
    from sync.client import SyncClient

    app, client = council
    db = open_db(device_db_path(data_dir))
    transport = ClientTransport(client)
    credentials = MemoryCredentials()
    enrol(db, "http://testserver", new_code(app.state.engine), credentials, transport=transport)
    sync = SyncClient(db, transport=transport, credentials=credentials)
    yield db, sync
    db.close()
