"""Does the on-screen keyboard really appear? For ``kiosk selftest`` and the tests.

Qt reads ``QT_IM_MODULE`` once, when the application starts, so this runs in a
process of its own whose environment ``ui.keyboard.prepare`` (or the caller)
set before the ``QApplication`` was made. ``open_panel(edit)`` focuses a text
box, asks for the keyboard as a tap on it does, and waits until Qt Virtual
Keyboard's panel (a QML window of its own) is visible; ``main()`` does that in
a bare window and prints what it found (the selftest's child process).

The offscreen platform (selftest, CI) gives the focus to every window it shows
except tool tips, ignoring ``WindowDoesNotAcceptFocus``, so the panel would take
the focus from the box it types into and hide itself at once; a real display
server honours the flag. On offscreen only, the panel window is therefore made a
tool tip (which offscreen never focuses) and the box asked again.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

PANEL_SECONDS = 10.0


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def panel_window() -> QWindow | None:
    """The virtual keyboard's panel: the Qt Quick window that never takes the focus."""
    for window in QGuiApplication.topLevelWindows():
        if window.inherits("QQuickWindow") and window.flags() & Qt.WindowType.WindowDoesNotAcceptFocus:
            return window
    return None


def ask_for_keyboard(edit: QWidget) -> None:
    """What a tap on a focused text box asks of the input method."""
    QGuiApplication.inputMethod().show()


def panel_shown() -> bool:
    panel = panel_window()
    rect: QRectF = QGuiApplication.inputMethod().keyboardRectangle()
    return QGuiApplication.inputMethod().isVisible() and panel is not None and panel.isVisible() \
        and rect.height() > 0


def open_panel(edit: QWidget, tap: Callable[[QWidget], None] = ask_for_keyboard,
               seconds: float = PANEL_SECONDS) -> QWindow | None:
    """Focus ``edit``, ``tap`` it and wait for the panel; the panel window, or None if it never showed."""
    edit.window().activateWindow()
    edit.setFocus(Qt.FocusReason.MouseFocusReason)
    tap(edit)
    if not wait_for(lambda: panel_window() is not None, seconds):
        return None
    if QGuiApplication.platformName() == "offscreen" and not panel_shown():
        panel = panel_window()
        assert panel is not None
        panel.setFlags((panel.flags() & ~Qt.WindowType.WindowType_Mask) | Qt.WindowType.ToolTip)
        edit.window().activateWindow()
        wait_for(lambda: QGuiApplication.focusWindow() == edit.window().windowHandle(), seconds)
        edit.setFocus(Qt.FocusReason.MouseFocusReason)
        tap(edit)
    return panel_window() if wait_for(panel_shown, seconds) else None


def main() -> int:
    """In a fresh process: does the panel show for a text box? Prints one line; 0 if it did."""
    from ui import keyboard

    if QApplication.instance() is None:
        os.environ.setdefault(keyboard.IM_MODULE_ENV, keyboard.VIRTUAL_KEYBOARD)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    keyboard.install(app)
    window = QWidget()
    edit = QLineEdit()
    QVBoxLayout(window).addWidget(edit)
    window.resize(800, 600)
    window.show()
    panel = open_panel(edit)
    if panel is None:
        print(f"no keyboard panel (input method {os.environ.get(keyboard.IM_MODULE_ENV)!r})")
        return 1
    rect = QGuiApplication.inputMethod().keyboardRectangle()
    print(f"panel shown, {rect.width():.0f}x{rect.height():.0f} (input method "
          f"{os.environ.get(keyboard.IM_MODULE_ENV)})")
    window.close()
    finish(app)
    return 0


def finish(app: QApplication) -> None:
    """Let the event loop run once before the process ends: the keyboard's QML objects are deleted
    there (deferred), and deleting them after the QApplication is gone aborts the process."""
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, app.quit)
    app.exec()
