"""Fixtures for the UI tests: a device database and a shown main window (offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QTextEdit, QWidget

from kiosk.paths import device_db_path
from kiosk.settings import Settings
from kiosk.store import open_db

WINDOW_SIZE = (1280, 960)


@pytest.fixture
def device(data_dir):
    db = open_db(device_db_path(data_dir))
    return db, Settings(db)


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def make_window(qtbot, device, mode: str):
    from ui.main_window import MainWindow

    db, settings = device
    window = MainWindow(db, settings, mode=mode)
    qtbot.addWidget(window)
    window.resize(*WINDOW_SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitActive(window)
    settle()
    return window


@pytest.fixture
def window(qtbot, device):
    """A laptop (assisted mode) window: opens on the start screen."""
    return make_window(qtbot, device, "assisted")


@pytest.fixture
def kiosk_window(qtbot, device):
    """A kiosk-mode window: opens on the attract screen."""
    return make_window(qtbot, device, "kiosk")


def interactive_widgets(root: QWidget) -> list[QWidget]:
    """Everything a resident can press, type into or choose from that is on screen now."""
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit)
    found = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, kinds) and widget.isVisibleTo(root.window()) and widget.isEnabled():
            # The scroll bars' own arrows and QComboBox internals are not separate targets.
            if widget.parent() is not None and isinstance(widget.parent(), QComboBox):
                continue
            found.append(widget)
    return found


def visible_texts(root: QWidget) -> list[str]:
    """The texts a resident sees: labels and buttons currently shown."""
    from PySide6.QtWidgets import QLabel

    texts = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root.window()):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)) and widget.text():
            texts.append(widget.text())
    return texts
