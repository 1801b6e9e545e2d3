"""Fixtures for the Find help screens: one window per module on a device with the demo directory."""

from __future__ import annotations

import ui  # noqa: F401  (first: the PySide6 work-around in ui/__init__.py)

from dataclasses import dataclass
from typing import Any

import pytest

from kiosk.paths import device_db_path
from kiosk.settings import Settings
from kiosk.store import open_db

from fhui_helpers import FRIDAY_LUNCHTIME, settle

WINDOW_SIZE = (1280, 960)


@dataclass
class Shared:
    window: Any
    db: Any
    settings: Any


@pytest.fixture(scope="module")
def shared(qapp, tmp_path_factory):
    """One window for a module's tests (building one costs most of a simple test's time), on a
    device holding the demo directory (67 services, two of them confidential refuges)."""
    from kiosk.directory import importer
    from ui.main_window import MainWindow

    db = open_db(device_db_path(tmp_path_factory.mktemp("device")))
    importer.load_demo(db)
    settings = Settings(db)
    window = MainWindow(db, settings, mode="assisted")
    window.resize(*WINDOW_SIZE)
    window.show()
    settle()
    yield Shared(window, db, settings)
    window.close()
    window.deleteLater()
    settle()


@pytest.fixture
def fh(shared):
    """The Find help screen, opened from the start screen's tile (session reset first), its clock
    fixed on a Friday at 12:30 London time so opening status is known."""
    from ui.screens.findhelp.screen import FindHelpScreen

    shared.window.end_session("finish")
    shared.db.execute("delete from outbox")
    shared.window.start_screen.tiles["find-help"].click()
    settle()
    screen = shared.window.navigator.current
    assert isinstance(screen, FindHelpScreen)
    screen.clock = lambda: FRIDAY_LUNCHTIME
    return screen
