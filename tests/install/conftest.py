"""Install tests: a council service in-process and a device enrolled with it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from install_kit import ClientTransport, new_code
from kiosk import logs
from kiosk.paths import device_db_path
from kiosk.store import open_db
from sync.credentials import MemoryCredentials
from sync.enrolment import enrol
from sync.server.app import create_app


@pytest.fixture(autouse=True)
def _detach_log_files():
    """``kiosk`` commands run in-process attach log files in the test's folder; detach them after."""
    yield
    logs.teardown()


@pytest.fixture
def council(tmp_path):
    """(app, TestClient) of a council service with the demo hubs."""
    app = create_app(tmp_path / "council", demo=True)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield app, client
    app.state.engine.dispose()


@pytest.fixture
def device(council, data_dir):
    """(device db, SyncClient) of a device enrolled with ``council``."""
    from sync.client import SyncClient

    app, client = council
    db = open_db(device_db_path(data_dir))
    transport = ClientTransport(client)
    credentials = MemoryCredentials()
    enrol(db, "http://testserver", new_code(app.state.engine), credentials, transport=transport)
    yield db, SyncClient(db, transport=transport, credentials=credentials)
    db.close()
