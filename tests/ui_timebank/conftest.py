"""Fixtures for the time-bank screens: a shown window on a fresh device, members, a published catalogue.

Like tests/timebank: device files keep their data key in the named plain-text
test keyring in their own folder, and a device without the council's key may
queue registrations unsealed (the named test mode).
"""

from __future__ import annotations

import ui  # noqa: F401  (first: the PySide6 work-around in ui/__init__.py)

import shutil
import sys
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from kiosk.paths import device_db_path  # noqa: E402
from kiosk.settings import Settings  # noqa: E402
from kiosk.store import open_db  # noqa: E402

from tbui_helpers import WINDOW_SIZE, Device, settle  # noqa: E402


@pytest.fixture(autouse=True)
def _test_keyring_and_unsealed(monkeypatch):
    from kiosk.sealing import UNSEALED_TEST_ENV

    monkeypatch.setenv(UNSEALED_TEST_ENV, "1")
    monkeypatch.setenv("KIOSK_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")


def _window(qtbot, db, settings, mode: str):
    from ui.main_window import MainWindow

    window = MainWindow(db, settings, mode=mode)
    qtbot.addWidget(window)
    window.resize(*WINDOW_SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitActive(window)
    if mode == "kiosk":
        window.start_session()
    settle()
    return window


@pytest.fixture(autouse=True)
def _quick_pin_hashes(monkeypatch):
    """PINs hashed at a lower scrypt cost: the same code and format (the cost travels in the hash),
    a fraction of the time. What the screens do with PINs is tested here; the cost is tested in
    tests/timebank."""
    from kiosk.timebank import pins

    monkeypatch.setattr(pins, "SCRYPT_N", 2 ** 8)


@pytest.fixture(scope="session")
def _template_device(tmp_path_factory) -> Path:
    """One fully migrated device database, copied for each test (migrating a new file every time is slow)."""
    folder = tmp_path_factory.mktemp("template-device")
    db = open_db(device_db_path(folder))
    Settings(db)["hub_id"] = "demo-hub-sunflower"
    db.execute("pragma wal_checkpoint(truncate)")
    db.conn.close()
    return device_db_path(folder)


@pytest.fixture
def device(data_dir, _template_device):
    shutil.copyfile(_template_device, device_db_path(data_dir))
    db = open_db(device_db_path(data_dir))
    settings = Settings(db)
    settings["device_id"] = str(uuid.uuid4())  # a device of its own (its own data key)
    return Device(db, settings, data_dir)


@pytest.fixture
def window(qtbot, device):
    """A volunteer's laptop (assisted mode) on the start screen."""
    return _window(qtbot, device.db, device.settings, "assisted")


@pytest.fixture
def kiosk_window(qtbot, device):
    """A touch kiosk, its session started."""
    return _window(qtbot, device.db, device.settings, "kiosk")
