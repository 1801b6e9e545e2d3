"""Fixtures for the council-tax screens: a shown window on the council-tax screen, a council in-process."""

from __future__ import annotations

import ui  # noqa: F401  (first: the PySide6 work-around in ui/__init__.py)

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kiosk.paths import device_db_path
from kiosk.settings import Settings
from kiosk.store import open_db
from sync.credentials import MemoryCredentials
from sync.enrolment import enrol
from sync.server import db as council_db
from sync.server.app import create_app

from ctui_helpers import AppTransport, open_council_tax, settle

WINDOW_SIZE = (1280, 960)


@pytest.fixture
def device(data_dir):
    db = open_db(device_db_path(data_dir))
    return db, Settings(db)


@pytest.fixture
def window(qtbot, device):
    from ui.main_window import MainWindow

    db, settings = device
    window = MainWindow(db, settings, mode="assisted")
    qtbot.addWidget(window)
    window.resize(*WINDOW_SIZE)
    window.show()
    qtbot.waitExposed(window)
    settle()
    return window


@dataclass
class Shared:
    window: Any
    db: Any
    settings: Any
    council_key: Any


@pytest.fixture(scope="module")
def shared(qapp, tmp_path_factory):
    """One window for a module's tests (building one costs most of a simple test's time), on a
    device that knows a council public key (as after enrolment); the test holds the private key."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from kiosk import sealing
    from ui.main_window import MainWindow

    db = open_db(device_db_path(tmp_path_factory.mktemp("device")))
    settings = Settings(db)
    private = X25519PrivateKey.generate()
    assert sealing.store_public_key(db, sealing.public_key_text(private.public_key()))
    window = MainWindow(db, settings, mode="assisted")
    window.resize(*WINDOW_SIZE)
    window.show()
    settle()
    yield Shared(window, db, settings, private)
    window.close()
    window.deleteLater()
    settle()


@pytest.fixture
def ct(shared):
    """The council-tax screen, opened from the start screen's tile (session reset first)."""
    shared.window.end_session("finish")
    return open_council_tax(shared.window)


@pytest.fixture
def ct_unsealed(window):
    """The council-tax screen on a device that has never heard the council's key."""
    return open_council_tax(window)


@pytest.fixture
def council(tmp_path):
    """The council service in-process (demo data): (app, TestClient)."""
    app = create_app(tmp_path / "council", demo=True)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield app, client
    app.state.engine.dispose()


@pytest.fixture
def enrolled(council, device):
    """This device enrolled with the in-process council: (transport, credentials)."""
    app, client = council
    db, settings = device
    with council_db.writing(app.state.engine) as conn:
        code, _expires = council_db.new_enrolment_code(conn, "demo-hub-elm", "assisted", 24)
    transport = AppTransport(client)
    credentials = MemoryCredentials()
    enrol(db, "http://council.test", code, credentials, settings=settings, transport=transport)
    return transport, credentials
