"""Fixtures for the UI tests: a device database and a shown main window (offscreen)."""

from __future__ import annotations

import pytest

from kiosk.paths import device_db_path
from kiosk.settings import Settings
from kiosk.store import open_db
from ui_helpers import make_window


@pytest.fixture
def device(data_dir):
    db = open_db(device_db_path(data_dir))
    return db, Settings(db)


@pytest.fixture
def window(qtbot, device):
    """A laptop (assisted mode) window: opens on the start screen."""
    return make_window(qtbot, device, "assisted")


@pytest.fixture
def kiosk_window(qtbot, device):
    """A kiosk-mode window: opens on the attract screen."""
    return make_window(qtbot, device, "kiosk")


@pytest.fixture
def device_with_members(device, monkeypatch):
    """A device that can register time-bank members (a plain test keyring in its own folder) and
    has the demo list of services."""
    from kiosk.sealing import UNSEALED_TEST_ENV
    from kiosk import staff_pins
    from kiosk.timebank import pins
    from ui.screens.findhelp.demo_data import load_demo_directory

    monkeypatch.setenv(UNSEALED_TEST_ENV, "1")
    monkeypatch.setenv("KIOSK_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setattr(pins, "SCRYPT_N", 2 ** 8)  # PINs' costs are tested in tests/timebank and tests/security
    monkeypatch.setattr(staff_pins, "SCRYPT_N", 2 ** 8)
    db, settings = device
    settings["hub_id"] = "demo-hub-sunflower"
    load_demo_directory(db)
    return device
