"""The back stack: screens pushed on top of the start screen, popped by Back, cleared at session end."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from ui.screens.base import Screen


class Navigator(QStackedWidget):
    changed = Signal()

    def __init__(self, home: Screen, parent: QWidget | None = None):
        super().__init__(parent)
        self.stack: list[Screen] = [home]
        self.addWidget(home)
        self.setCurrentWidget(home)

    @property
    def home(self) -> Screen:
        return self.stack[0]

    @property
    def current(self) -> Screen:
        return self.stack[-1]

    def depth(self) -> int:
        return len(self.stack)

    def push(self, screen: Screen) -> None:
        screen.enable_touch_scrolling()
        self.stack.append(screen)
        self.addWidget(screen)
        self.setCurrentWidget(screen)
        self.changed.emit()

    def back(self) -> bool:
        """Back one step: inside the current screen first, then to the screen before it."""
        if self.current.go_back():
            self.changed.emit()
            return True
        if len(self.stack) == 1:
            return False
        self._discard(self.stack.pop())
        self.setCurrentWidget(self.current)
        self.changed.emit()
        return True

    def reset(self) -> None:
        """Back to the start screen, destroying every screen of the session and what was typed there."""
        while len(self.stack) > 1:
            self._discard(self.stack.pop())
        self.home.wipe()
        self.setCurrentWidget(self.home)
        self.changed.emit()

    def _discard(self, screen: Screen) -> None:
        screen.wipe()
        self.removeWidget(screen)
        screen.hide()
        screen.setParent(None)
        screen.deleteLater()
