"""Fixtures for the safety UI tests: a device with staff accounts and a council key, and windows on it."""

from __future__ import annotations

import ui  # noqa: F401  (first: the PySide6 work-around in ui/__init__.py)

import pytest

from kiosk.paths import device_db_path
from kiosk.settings import Settings
from kiosk.store import open_db
from safety_kit import add_staff_accounts, make_window, store_council_key


@pytest.fixture
def device(data_dir):
    db = open_db(device_db_path(data_dir))
    settings = Settings(db)
    store_council_key(db)
    add_staff_accounts(db)
    return db, settings


@pytest.fixture
def window(qtbot, device):
    """A laptop (assisted mode) window on the start screen."""
    return make_window(qtbot, device, "assisted")


@pytest.fixture
def kiosk_window(qtbot, device):
    """A kiosk-mode window on the attract screen."""
    return make_window(qtbot, device, "kiosk")
