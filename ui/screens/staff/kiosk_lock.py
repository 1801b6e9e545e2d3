"""Kiosk mode lock-down: keys that would leave the app do nothing, and a hidden way in for staff.

``KioskKeyGuard`` filters the whole application's key events: Escape, Alt+F4,
Ctrl+W / Ctrl+Q and the like never reach a widget. Closing the window itself is
refused in ``MainWindow.closeEvent`` unless a member of staff whose role may
``leave_kiosk_mode`` asked for it. ``TapCounter`` turns five quick taps on a
widget (the hub name in the header) into a signal - a gesture a resident will
not make by accident and that needs no long press (touch screens and
accessibility switches are bad at those).
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence

TAPS_NEEDED = 5
TAP_WINDOW_MS = 4000

_KEY_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride}
_CLOSING_SEQUENCES = (
    QKeySequence.StandardKey.Close,
    QKeySequence.StandardKey.Quit,
)


def leaves_the_app(event: QKeyEvent) -> bool:
    """Keys that close, quit or escape: Escape, Alt+F4, Ctrl+W, Ctrl+Q, Ctrl+F4."""
    key = event.key()
    modifiers = event.modifiers()
    if key == Qt.Key.Key_Escape:
        return True
    if key == Qt.Key.Key_F4 and modifiers & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier):
        return True
    if event.type() == QEvent.Type.KeyPress:
        return any(event.matches(sequence) for sequence in _CLOSING_SEQUENCES)
    return False


class KioskKeyGuard(QObject):
    """Install on the QApplication; swallows the keys that would leave the kiosk (its parent window)
    while that window is shown."""

    blocked = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in _KEY_EVENTS or not isinstance(event, QKeyEvent):
            return False
        window = self.parent()
        if window is None or not window.isVisible():
            return False
        if leaves_the_app(event):
            event.accept()
            if event.type() == QEvent.Type.KeyPress:
                self.blocked.emit()
            return True
        return False


class TapCounter(QObject):
    """Emits ``tapped_enough`` after ``TAPS_NEEDED`` presses on the watched widget within a few seconds."""

    tapped_enough = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.taps = 0
        self._clock = QElapsedTimer()

    def tap(self) -> None:
        if not self._clock.isValid() or self._clock.elapsed() > TAP_WINDOW_MS:
            self.taps = 0
            self._clock.start()
        self.taps += 1
        if self.taps >= TAPS_NEEDED:
            self.taps = 0
            self._clock.invalidate()
            self.tapped_enough.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.tap()
        return False
