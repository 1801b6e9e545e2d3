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
